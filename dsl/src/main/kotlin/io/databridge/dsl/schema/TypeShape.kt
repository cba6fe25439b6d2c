package io.databridge.dsl.schema

/** A `format_type` name split into [base], [modifiers] (`(20)`, `(10,2)` as numbers) and [array]. */
internal data class TypeShape(val base: String, val modifiers: List<Int>, val array: Boolean) {
    companion object {
        private val SHAPE = Regex("""^(.*?)(?:\((\d+)(?:,(\d+))?\))?((?:\[\])*)$""")

        fun of(type: String): TypeShape {
            val m = SHAPE.matchEntire(type.trim()) ?: return TypeShape(type, emptyList(), false)
            val modifiers = listOfNotNull(m.groupValues[2].toIntOrNull(), m.groupValues[3].toIntOrNull())
            return TypeShape(m.groupValues[1].trim(), modifiers, m.groupValues[4].isNotEmpty())
        }
    }
}
