package io.databridge.dsl.exec

import io.databridge.dsl.RowReader
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.PgType
import io.databridge.pg.Row

/**
 * Reads the engine's [Row]s for a query's result shape; one reader serves a whole result, moved row by row. Each
 * column's pass-through class is worked out once, on its first read, so a value the engine already decoded to the
 * DSL's class (most of them) is returned after one class check instead of the full conversion.
 */
internal class EngineRowReader : RowReader {
    lateinit var row: Row
    private var types = arrayOfNulls<PgType<*>>(0)
    private var passThrough = arrayOfNulls<Class<*>>(0)

    override fun read(index: Int, type: PgType<*>): Any? {
        if (type is BuiltinType<*> && type.readStraight) return if (type.jsonText) row.getStringOrNull(index) else row.getInstantOrNull(index)
        val value = row.getObject(index) ?: return null
        val unchanged = passThroughClass(index, type)
        return if (unchanged != null && unchanged.isInstance(value)) value else EngineValues.fromEngine(value, type, index)
    }

    private fun passThroughClass(index: Int, type: PgType<*>): Class<*>? {
        if (index < types.size && types[index] === type) return passThrough[index]
        if (index >= types.size) {
            types = types.copyOf(index + 1)
            passThrough = passThrough.copyOf(index + 1)
        }
        types[index] = type
        return EngineValues.passThroughClass(type).also { passThrough[index] = it }
    }
}
