package io.databridge.embedded

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldStartWith
import java.sql.DriverManager

class EmbeddedPostgresSpec : FunSpec({
    test("starts a server that answers a query") {
        EmbeddedPostgres.start().use { pg ->
            DriverManager.getConnection(pg.jdbcUrl()).use { c ->
                c.createStatement().executeQuery("show server_version").use { rs ->
                    rs.next()
                    rs.getString(1) shouldStartWith "18"
                }
            }
        }
    }
})
