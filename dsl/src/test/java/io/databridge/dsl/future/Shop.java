package io.databridge.dsl.future;

import io.databridge.dsl.Column;
import io.databridge.dsl.Table;
import java.math.BigDecimal;
import java.util.List;

/** The tables of the Java tests, declared in Java as a Java user would: one Table subclass per table. */
final class Shop {
    private Shop() {}

    static final Customers CUSTOMERS = new Customers();
    static final Purchases PURCHASES = new Purchases();

    /** The DDL the tables above describe. */
    static final List<String> DDL = List.of(
        "DROP TABLE IF EXISTS purchases",
        "DROP TABLE IF EXISTS customers",
        "DROP TYPE IF EXISTS mood",
        "CREATE TYPE mood AS ENUM ('HAPPY', 'SAD')",
        "CREATE TABLE customers (id int4 PRIMARY KEY, email text UNIQUE NOT NULL, name text NOT NULL, age int4, mood mood)",
        "CREATE TABLE purchases (id int4 PRIMARY KEY, customer_id int4 NOT NULL REFERENCES customers, total numeric(10,2) NOT NULL)"
    );

    enum Mood { HAPPY, SAD }

    static final class Customers extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<String> email = unique(text("email"));
        final Column<String> name = text("name");
        /** Nullable: declared through nullable(…), so reads may return null. */
        final Column<Integer> age = nullable(int4("age"));
        final Column<Mood> mood = nullable(column("mood", Sql.enumType("mood", Mood.class)));

        Customers() {
            super("customers");
        }
    }

    static final class Purchases extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<Integer> customerId = references(int4("customer_id"), CUSTOMERS.id);
        final Column<BigDecimal> total = numeric("total", 10, 2);

        Purchases() {
            super("purchases");
        }
    }
}
