package io.databridge.dsl.migrate

import java.math.BigInteger

/**
 * The version of a versioned migration: numbers separated by `.` or `_` (`1`, `1.1`, `2_1`), compared numerically
 * part by part, so `1.10` comes after `1.9` and `1.0` equals `1` (trailing zero parts do not count), as in Flyway.
 * It prints with dots, the form the history table stores.
 */
public class MigrationVersion private constructor(private val parts: List<BigInteger>) : Comparable<MigrationVersion> {
    private val significant: List<BigInteger> = parts.dropLastWhile { it.signum() == 0 }

    override fun compareTo(other: MigrationVersion): Int {
        for (i in 0 until maxOf(significant.size, other.significant.size)) {
            val mine = significant.getOrElse(i) { BigInteger.ZERO }
            val theirs = other.significant.getOrElse(i) { BigInteger.ZERO }
            val order = mine.compareTo(theirs)
            if (order != 0) return order
        }
        return 0
    }

    override fun equals(other: Any?): Boolean = other is MigrationVersion && compareTo(other) == 0
    override fun hashCode(): Int = significant.hashCode()
    override fun toString(): String = parts.joinToString(".")

    /** Parsing versions. */
    public companion object {
        private val FORMAT = Regex("""^\d+([._]\d+)*$""")

        /** Parses [text] (`1`, `1.1`, `2_1`); anything else is a [MigrationSourceException]. */
        @JvmStatic
        public fun parse(text: String): MigrationVersion {
            if (!FORMAT.matches(text)) {
                throw MigrationSourceException("version \"$text\" must be numbers separated by '.' or '_' (1, 1.1, 2_1)")
            }
            return MigrationVersion(text.split('.', '_').map(::BigInteger))
        }
    }
}
