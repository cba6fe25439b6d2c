package io.databridge.dsl.future;

import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Shop.PURCHASES;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.databridge.dsl.Column;
import io.databridge.dsl.CteTable;
import io.databridge.dsl.LockWait;
import io.databridge.dsl.Query;
import io.databridge.dsl.render.BoundParameter;
import io.databridge.dsl.render.RenderedSql;
import io.databridge.dsl.render.SqlRenderer;
import io.databridge.dsl.types.PgTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exact SQL that statements built from Java render to: the same text the Kotlin DSL renders, values bound. */
class JavaRenderGoldenTest {
    private final SqlRenderer renderer = new SqlRenderer();

    private static List<Object> values(RenderedSql rendered) {
        return rendered.getParameters().stream().map(BoundParameter::getValue).collect(Collectors.toList());
    }

    @Test
    void selectWithJoinWhereGroupHavingOrderLimitAndLocking() {
        RenderedSql r = renderer.render(select(CUSTOMERS.name, count())
            .from(CUSTOMERS)
            .innerJoin(PURCHASES, eq(PURCHASES.customerId, CUSTOMERS.id))
            .where(and(gte(CUSTOMERS.age, 18), like(CUSTOMERS.name, "a%")))
            .groupBy(CUSTOMERS.name)
            .having(gt(count(), 1L))
            .orderBy(desc(CUSTOMERS.name))
            .limit(10));
        assertEquals("SELECT \"customers\".\"name\", count(*) FROM \"customers\" "
            + "JOIN \"purchases\" ON (\"purchases\".\"customer_id\" = \"customers\".\"id\") "
            + "WHERE ((\"customers\".\"age\" >= $1::int4) AND (\"customers\".\"name\" LIKE $2::text)) "
            + "GROUP BY \"customers\".\"name\" HAVING (count(*) > $3::int8) ORDER BY \"customers\".\"name\" DESC LIMIT $4::int8", r.getSql());
        assertEquals(Arrays.asList(18, "a%", 1L, 10L), values(r));

        assertEquals("SELECT \"customers\".\"id\" FROM \"customers\" FOR UPDATE SKIP LOCKED",
            renderer.render(select(CUSTOMERS.id).from(CUSTOMERS).forUpdate(LockWait.SKIP_LOCKED)).getSql());
    }

    @Test
    void upsertWithExcludedWhereAndReturning() {
        RenderedSql r = renderer.render(insertInto(CUSTOMERS, v -> {
            v.set(CUSTOMERS.id, 1);
            v.set(CUSTOMERS.email, "a@x");
            v.set(CUSTOMERS.mood, Shop.Mood.HAPPY);
        }).onConflict(CUSTOMERS.email)
            .doUpdate(v -> v.set(CUSTOMERS.mood, excluded(CUSTOMERS.mood)), lt(CUSTOMERS.age, 50))
            .returning(CUSTOMERS.id));
        assertEquals("INSERT INTO \"customers\" (\"id\", \"email\", \"mood\") VALUES ($1::int4, $2::text, $3::\"mood\") "
            + "ON CONFLICT (\"email\") DO UPDATE SET \"mood\" = EXCLUDED.\"mood\" WHERE (\"customers\".\"age\" < $4::int4) "
            + "RETURNING \"customers\".\"id\"", r.getSql());
        assertEquals(Arrays.asList(1, "a@x", Shop.Mood.HAPPY, 50), values(r));
    }

    @Test
    void updateAndDeleteSayWhichRowsTheyTouch() {
        RenderedSql update = renderer.render(update(CUSTOMERS, v -> v.set(CUSTOMERS.age, plus(CUSTOMERS.age, 1)))
            .where(eq(CUSTOMERS.id, 7)).getStatement());
        assertEquals("UPDATE \"customers\" SET \"age\" = (\"customers\".\"age\" + $1::int4) WHERE (\"customers\".\"id\" = $2::int4)",
            update.getSql());
        assertEquals(Arrays.asList(1, 7), values(update));
        assertEquals("DELETE FROM \"purchases\" USING \"customers\" WHERE (\"purchases\".\"customer_id\" = \"customers\".\"id\") "
                + "RETURNING \"purchases\".\"id\", \"purchases\".\"total\"",
            renderer.render(deleteFrom(PURCHASES).where(eq(PURCHASES.customerId, CUSTOMERS.id)).using(CUSTOMERS)
                .returningRow(PURCHASES.id, PURCHASES.total)).getSql());
        assertEquals("DELETE FROM \"customers\"", renderer.render(deleteFrom(CUSTOMERS).allRows().getStatement()).getSql());
    }

    @Test
    void recursiveCteAndSetOperation() {
        CteTable nums = new CteTable("nums");
        Column<Integer> n = nums.column("n", PgTypes.int4);
        Query<Long> total = withRecursive(nums.definedAs(select(value(1)).unionAll(select(plus(n, 1)).from(nums).where(lt(n, 5)))))
            .query(select(sumInt(n)).from(nums));
        assertEquals("WITH RECURSIVE \"nums\"(\"n\") AS ((SELECT $1::int4) UNION ALL (SELECT (\"nums\".\"n\" + $2::int4) FROM \"nums\" "
            + "WHERE (\"nums\".\"n\" < $3::int4))) SELECT sum(\"nums\".\"n\") FROM \"nums\"", renderer.render(total).getSql());
        assertEquals("(SELECT \"customers\".\"id\" FROM \"customers\") EXCEPT (SELECT \"purchases\".\"customer_id\" FROM \"purchases\")",
            renderer.render(select(CUSTOMERS.id).from(CUSTOMERS).except(select(PURCHASES.customerId).from(PURCHASES))).getSql());
    }

    @Test
    void statementsDifferingOnlyInValuesRenderOnce() {
        RenderedSql first = renderer.render(select(CUSTOMERS.id).from(CUSTOMERS).where(gt(PURCHASES.total, new BigDecimal("1"))));
        RenderedSql second = renderer.render(select(CUSTOMERS.id).from(CUSTOMERS).where(gt(PURCHASES.total, new BigDecimal("2"))));
        assertEquals(first.getSql(), second.getSql());
        assertEquals(List.of(new BigDecimal("2")), values(second));
        assertEquals(1L, renderer.getRenderCount());
        assertEquals(1L, renderer.getCacheHits());
    }
}
