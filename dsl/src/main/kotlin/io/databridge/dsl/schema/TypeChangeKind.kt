package io.databridge.dsl.schema

/** What changing a column's type does to its table: nothing but the catalog, a rewrite, or a narrowing that can lose data. */
internal enum class TypeChangeKind {
    IN_PLACE, REWRITE, NARROWING;

    companion object {
        private val TEXTUAL = setOf("text", "character varying")
        private val INTEGER_WIDTH = mapOf("smallint" to 2, "integer" to 4, "bigint" to 8)
        private val FLOAT_WIDTH = mapOf("real" to 4, "double precision" to 8)

        fun of(from: String, to: String): TypeChangeKind {
            val a = TypeShape.of(from)
            val b = TypeShape.of(to)
            if (a.array != b.array) return REWRITE
            return when {
                a.base in TEXTUAL && b.base in TEXTUAL -> bounded(a.modifiers.firstOrNull(), b.modifiers.firstOrNull())
                a.base == b.base && a.base in setOf("bit varying", "character") -> bounded(a.modifiers.firstOrNull(), b.modifiers.firstOrNull())
                a.base == "numeric" && b.base == "numeric" -> numeric(a.modifiers, b.modifiers)
                a.base in INTEGER_WIDTH && b.base in INTEGER_WIDTH -> if (INTEGER_WIDTH.getValue(b.base) < INTEGER_WIDTH.getValue(a.base)) NARROWING else REWRITE
                a.base in FLOAT_WIDTH && b.base in FLOAT_WIDTH -> if (FLOAT_WIDTH.getValue(b.base) < FLOAT_WIDTH.getValue(a.base)) NARROWING else REWRITE
                else -> REWRITE
            }
        }

        /** Lengths: null is unbounded. Growing or unbounding keeps the rows as they are; shrinking can cut values. */
        private fun bounded(from: Int?, to: Int?): TypeChangeKind = when {
            to == null -> IN_PLACE
            from == null || to < from -> NARROWING
            else -> IN_PLACE
        }

        private fun numeric(from: List<Int>, to: List<Int>): TypeChangeKind = when {
            to.isEmpty() -> IN_PLACE
            from.isEmpty() -> NARROWING
            to[1] < from[1] || to[0] - to[1] < from[0] - from[1] -> NARROWING
            to[1] == from[1] -> IN_PLACE
            else -> REWRITE
        }
    }
}
