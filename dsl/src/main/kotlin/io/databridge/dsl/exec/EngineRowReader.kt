package io.databridge.dsl.exec

import io.databridge.dsl.RowReader
import io.databridge.dsl.types.PgType
import io.databridge.pg.Row

/** Reads the engine's [Row]s for a query's result shape; one reader serves a whole result, moved row by row. */
internal class EngineRowReader : RowReader {
    lateinit var row: Row

    override fun read(index: Int, type: PgType<*>): Any? = row.getObject(index)?.let { EngineValues.fromEngine(it, type, index) }
}
