package io.databridge.dsl.entity;

import io.databridge.dsl.Column;
import io.databridge.dsl.Table;
import java.util.List;

/** Tables, Java record entities and their mappings, declared in Java as a Java user would. */
final class Library {
    private Library() {}

    static final Writers WRITERS = new Writers();
    static final Novels NOVELS = new Novels();

    static final List<String> DDL = List.of(
        "DROP TABLE IF EXISTS jnovels",
        "DROP TABLE IF EXISTS jwriters",
        "CREATE TABLE jwriters (id serial PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE jnovels (id serial PRIMARY KEY, writer_id int4 NOT NULL REFERENCES jwriters, title text NOT NULL, "
            + "version int8 NOT NULL DEFAULT 0)"
    );

    static final class Writers extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<String> name = text("name");

        Writers() {
            super("jwriters");
        }
    }

    static final class Novels extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<Integer> writerId = references(int4("writer_id"), WRITERS.id);
        final Column<String> title = text("title");
        final Column<Long> version = int8("version");

        Novels() {
            super("jnovels");
        }
    }

    record Writer(Integer id, String name, Related<List<Novel>> novels) {
        Writer(Integer id, String name) {
            this(id, name, new Related<>("Writer.novels"));
        }
    }

    record Novel(Integer id, Integer writerId, String title, long version) {}

    static final EntityMapping<Writer, Integer> WRITER = EntityMapping.<Writer, Integer>of(WRITERS, Writer.class, m -> {
        m.generatedId(WRITERS.id, Writer::id);
        m.column(WRITERS.name, Writer::name);
        m.construct(row -> new Writer(row.get(WRITERS.id), row.get(WRITERS.name)));
    });

    static final EntityMapping<Novel, Integer> NOVEL = EntityMapping.<Novel, Integer>of(NOVELS, Novel.class, m -> {
        m.generatedId(NOVELS.id, Novel::id);
        m.foreignKey(NOVELS.writerId, Novel::writerId);
        m.column(NOVELS.title, Novel::title);
        m.versionLong(NOVELS.version, Novel::version);
        m.construct(row -> new Novel(row.get(NOVELS.id), row.get(NOVELS.writerId), row.get(NOVELS.title), row.get(NOVELS.version)));
    });

    static final OneToMany<Writer, Novel> WRITER_NOVELS = WRITER.oneToMany(NOVEL, NOVELS.writerId, Writer::novels, OnDelete.CASCADE);
}
