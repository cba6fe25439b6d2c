package io.databridge.examples

import io.databridge.pg.PgPool
import java.math.BigDecimal

/** A pool shared by concurrent callers, and a transaction whose inner block is a savepoint that rolls back. */
internal suspend fun poolTour(url: String): List<Pair<String, Boolean>> {
    val pool = PgPool.create("$url?pool_max_size=4")
    try {
        val kept = pool.transaction { tx ->
            tx.execute("INSERT INTO ledger (note, amount) VALUES ($1, $2)", "opening", BigDecimal("100.00"))
            runCatching {
                tx.transaction { savepoint ->
                    savepoint.execute("INSERT INTO ledger (note, amount) VALUES ($1, $2)", "mistake", BigDecimal("-999.00"))
                    error("changed my mind")
                }
            }
            tx.query("SELECT count(*) AS n FROM ledger").rows.single().getLong("n")
        }
        println("Transaction committed with $kept row(s): the savepoint's insert was rolled back")

        val total = pool.query("SELECT sum(amount) AS total FROM ledger").rows.single().getBigDecimal("total")
        println("Pool: ${pool.stats().size} connection(s) open; ledger total = $total")
        return listOf("transaction with savepoint" to (kept == 1L && total == BigDecimal("100.00")))
    } finally {
        pool.closeGracefully()
    }
}
