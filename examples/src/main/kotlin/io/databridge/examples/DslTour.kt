package io.databridge.examples

import io.databridge.dsl.Table
import io.databridge.dsl.alias
import io.databridge.dsl.asc
import io.databridge.dsl.count
import io.databridge.dsl.countAll
import io.databridge.dsl.desc
import io.databridge.dsl.eq
import io.databridge.dsl.excluded
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.filter
import io.databridge.dsl.gt
import io.databridge.dsl.insert
import io.databridge.dsl.insertAll
import io.databridge.dsl.mapTo
import io.databridge.dsl.orNull
import io.databridge.dsl.returning
import io.databridge.dsl.schema.create
import io.databridge.dsl.schema.createStatements
import io.databridge.dsl.schema.diff
import io.databridge.dsl.select
import io.databridge.dsl.sum
import io.databridge.pg.PgPool
import kotlinx.serialization.Serializable
import java.math.BigDecimal

/** The customers of the DSL tour: typed columns, names validated and always quoted. */
internal object Customers : Table("customer") {
    val id = int4("id").primaryKey()
    val email = text("email").unique()
    val name = text("name")
    val tier = text("tier")
}

/** Their purchases, each referencing a customer. */
internal object Purchases : Table("purchase") {
    val id = int4("id").primaryKey()
    val customerId = int4("customer_id").references(Customers.id)
    val amount = numeric("amount", 10, 2)
}

/** One customer's summary, mapped from a row by column name without reflection. */
@Serializable
internal data class CustomerSummary(val name: String, val tier: String, val purchases: Long)

/** The typed DSL on a pool: inserts, an upsert with RETURNING, a transaction, a join, aggregates and mapTo. */
internal suspend fun dslTour(url: String): List<Pair<String, Boolean>> {
    val pool = PgPool.create("$url?pool_max_size=2")
    try {
        pool.create(Customers, Purchases)
        val drift = pool.diff(Customers, Purchases)
        println("Created from the table objects: ${createStatements(Customers, Purchases).size} statements; drift: ${drift.describe().ifEmpty { "none" }}")

        val people = listOf(Triple(1, "ada@example.com", "Ada"), Triple(2, "bob@example.com", "Bob"))
        pool.execute(
            Customers.insertAll(people) { row, (id, email, name) ->
                row[Customers.id] = id; row[Customers.email] = email; row[Customers.name] = name; row[Customers.tier] = "basic"
            },
        )

        val (bobId, bobTier) = pool.single(
            Customers.insert { it[Customers.id] = 2; it[Customers.email] = "bob@example.com"; it[Customers.name] = "Bob"; it[Customers.tier] = "gold" }
                .onConflictDoUpdate(Customers.email) { it[Customers.tier] = excluded(Customers.tier) }
                .returning(Customers.id, Customers.tier),
        )
        println("Upsert: customer $bobId is now $bobTier")

        val spent = pool.transaction { tx ->
            tx.execute(Purchases.insert { it[Purchases.id] = 1; it[Purchases.customerId] = 1; it[Purchases.amount] = BigDecimal("19.90") })
            tx.execute(Purchases.insert { it[Purchases.id] = 2; it[Purchases.customerId] = 2; it[Purchases.amount] = BigDecimal("5.00") })
            tx.single(select(sum(Purchases.amount)).from(Purchases))
        }
        println("Transaction committed two purchases worth $spent")

        val spenders = mutableListOf<String>()
        val join = select(Customers.name, Purchases.amount).from(Customers).innerJoin(Purchases, Customers.id eq Purchases.customerId)
        for ((name, amount) in pool.list(join.orderBy(Purchases.amount.desc()))) {
            spenders += "$name $amount"
        }
        println("Typed join, destructured: $spenders")

        val big = pool.single(select(countAll(), countAll().filter(Purchases.amount gt BigDecimal("10"))).from(Purchases))
        println("Purchases: ${big.first}, of which over 10: ${big.second}")

        val purchases = count(Purchases.id).alias("purchases")
        val summaries = pool.list(
            select(listOf(Customers.name, Customers.tier, purchases)).from(Customers)
                .leftJoin(Purchases.orNull(), Customers.id eq Purchases.customerId)
                .groupBy(Customers.id).orderBy(Customers.id.asc()).mapTo<CustomerSummary>(),
        )
        println("Mapped to a @Serializable class: $summaries")

        return listOf(
            "schema from table objects" to drift.isEmpty,
            "dsl upsert returning" to (bobId == 2 && bobTier == "gold"),
            "dsl transaction" to (spent == BigDecimal("24.90")),
            "dsl typed join" to (spenders == listOf("Ada 19.90", "Bob 5.00")),
            "dsl aggregate filter" to (big == 2L to 1L),
            "dsl mapTo" to (summaries == listOf(CustomerSummary("Ada", "basic", 1), CustomerSummary("Bob", "gold", 1))),
        )
    } finally {
        pool.closeGracefully()
    }
}
