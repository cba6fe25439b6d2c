package io.databridge.dsl.entity;

import io.databridge.pg.future.DataBridge;
import static io.databridge.dsl.entity.Library.NOVEL;
import static io.databridge.dsl.entity.Library.NOVELS;
import static io.databridge.dsl.entity.Library.WRITER;
import static io.databridge.dsl.entity.Library.WRITER_NOVELS;
import static io.databridge.dsl.entity.Library.WRITERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.dsl.entity.Library.Novel;
import io.databridge.dsl.entity.Library.Writer;
import io.databridge.dsl.future.FutureEntityRepository;
import io.databridge.dsl.future.FutureUnitOfWork;
import io.databridge.dsl.future.Sql;
import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.future.FuturePgPool;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The entity repositories used from Java: records as entities, futures as results, on a real server. */
@ExtendWith(PostgresExtension.class)
class FutureEntityRepositoryTest {
    private static final long WAIT = 30;

    private final TestDatabase database;
    private FuturePgPool pool;

    FutureEntityRepositoryTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void open() throws Exception {
        pool = DataBridge.create().createPool(database.getUrl());
        for (String ddl : Library.DDL) await(pool.execute(ddl));
    }

    @AfterEach
    void close() throws Exception {
        await(pool.closeGracefully());
    }

    @Test
    void insertFindUpdateAndDeleteRecords() throws Exception {
        FutureEntityRepository<Writer, Integer> writers = FutureEntityRepository.of(pool, WRITER);
        FutureEntityRepository<Novel, Integer> novels = FutureEntityRepository.of(pool, NOVEL);
        Writer writer = await(writers.insert(new Writer(null, "Austen")));
        assertNotNull(writer.id());
        Novel novel = await(novels.insert(new Novel(null, writer.id(), "Emma", 0)));
        assertEquals(0L, novel.version());

        Novel unchanged = await(novels.update(novel));
        assertSame(novel, unchanged);
        Novel renamed = await(novels.update(new Novel(novel.id(), novel.writerId(), "Persuasion", novel.version())));
        assertEquals("Persuasion", renamed.title());
        assertEquals(1L, renamed.version());

        assertEquals(renamed, await(novels.findById(novel.id())));
        assertEquals(1L, await(novels.count(Sql.eq(NOVELS.title, "Persuasion"))));
        assertTrue(await(writers.existsById(writer.id())));
        assertTrue(await(novels.deleteById(novel.id())));
        assertNull(await(novels.findById(novel.id())));
    }

    @Test
    void aConcurrentChangeFailsTheFutureWithStaleEntityException() throws Exception {
        Writer writer = await(FutureEntityRepository.of(pool, WRITER).insert(new Writer(null, "w")));
        FutureEntityRepository<Novel, Integer> first = FutureEntityRepository.of(pool, NOVEL);
        FutureEntityRepository<Novel, Integer> second = FutureEntityRepository.of(pool, NOVEL);
        Novel stored = await(first.insert(new Novel(null, writer.id(), "t", 0)));
        Novel seen = await(second.findById(stored.id()));
        await(first.update(new Novel(stored.id(), stored.writerId(), "first", stored.version())));
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> await(second.update(new Novel(seen.id(), seen.writerId(), "second", seen.version()))));
        assertInstanceOf(StaleEntityException.class, failure.getCause());
        assertEquals("first", await(first.findById(stored.id())).title());
    }

    @Test
    void cascadingSaveEagerLoadAndCascadingDelete() throws Exception {
        FutureEntityRepository<Writer, Integer> writers = FutureEntityRepository.of(pool, WRITER);
        Writer draft = new Writer(null, "Tolstoy");
        draft.novels().set(List.of(new Novel(null, null, "War and Peace", 0), new Novel(null, null, "Anna Karenina", 0)));
        Writer stored = await(writers.insert(draft));
        assertEquals(List.of(stored.id(), stored.id()), stored.novels().getValue().stream().map(Novel::writerId).toList());

        List<Writer> loaded = await(writers.findAll(null, List.of(Sql.asc(WRITERS.id)), null, List.of(WRITER_NOVELS)));
        assertEquals(List.of("War and Peace", "Anna Karenina"), loaded.get(0).novels().getValue().stream().map(Novel::title).toList());
        Writer other = await(writers.findById(stored.id()));
        assertFalse(other.novels().isLoaded());
        assertThrows(RelationNotLoadedException.class, () -> other.novels().getValue());

        assertTrue(await(writers.delete(stored)));
        assertEquals(0L, await(FutureEntityRepository.of(pool, NOVEL).count()));
    }

    @Test
    void aUnitOfWorkFlushesItsChangesAtCommit() throws Exception {
        Writer writer = await(FutureEntityRepository.of(pool, WRITER).insert(new Writer(null, "before")));
        String result = await(FutureUnitOfWork.run(pool, work -> {
            work.add(NOVEL, new Novel(null, writer.id(), "added", 0));
            return work.repository(WRITER).findById(writer.id()).thenApply(found -> {
                work.save(WRITER, new Writer(found.id(), "after"));
                return "done";
            });
        }));
        assertEquals("done", result);
        assertEquals("after", await(FutureEntityRepository.of(pool, WRITER).findById(writer.id())).name());
        assertEquals(1L, await(FutureEntityRepository.of(pool, NOVEL).count()));
    }

    @Test
    void aUnitOfWorkHandsBackTheVersionItsFlushWrote() throws Exception {
        Writer writer = await(FutureEntityRepository.of(pool, WRITER).insert(new Writer(null, "w")));
        Novel novel = await(FutureEntityRepository.of(pool, NOVEL).insert(new Novel(null, writer.id(), "draft", 0)));
        Novel handedBack = await(FutureUnitOfWork.run(pool, work -> work.repository(NOVEL).findById(novel.id()).thenCompose(found -> {
            work.save(NOVEL, new Novel(found.id(), found.writerId(), "first", found.version()));
            return work.flush().thenCompose(flushed -> {
                Novel current = work.current(NOVEL, found);
                work.save(NOVEL, new Novel(current.id(), current.writerId(), "second", current.version()));
                return work.flush().thenApply(again -> work.current(NOVEL, current));
            });
        })));
        assertEquals(2L, handedBack.version());
        assertEquals("second", handedBack.title());
        Novel after = await(FutureEntityRepository.of(pool, NOVEL).update(new Novel(handedBack.id(), handedBack.writerId(), "third", handedBack.version())));
        assertEquals(3L, after.version());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }
}
