package io.databridge.pg.protocol

/**
 * CommandComplete: a statement finished. [rowCount] is the count the [tag] reports for INSERT, UPDATE, DELETE,
 * SELECT, MERGE, COPY, FETCH and MOVE, or -1 for commands that report none (CREATE TABLE, BEGIN, ...).
 */
public data class CommandComplete(
    /** The command tag as sent, e.g. `INSERT 0 3` or `CREATE TABLE`. */
    public val tag: String,
) : BackendMessage() {
    /** The number of rows the command affected or returned, or -1 when its tag carries no count. */
    public val rowCount: Long = parseRowCount(tag)

    private companion object {
        private val COUNTED = arrayOf("INSERT", "UPDATE", "DELETE", "SELECT", "MERGE", "COPY", "FETCH", "MOVE")
        private const val MAX_DIGITS = 19

        // Read in place: every statement ends with one of these, so no substrings are cut per statement.
        fun parseRowCount(tag: String): Long {
            val firstSpace = tag.indexOf(' ')
            if (firstSpace <= 0 || COUNTED.none { it.length == firstSpace && tag.startsWith(it) }) return -1
            // The count is always the last word ("INSERT 0 5": the 0 is a legacy OID).
            val start = tag.lastIndexOf(' ') + 1
            val digits = tag.length - start
            if (digits == 0 || digits > MAX_DIGITS) return -1
            var count = 0L
            for (i in start until tag.length) {
                val c = tag[i]
                if (c !in '0'..'9') return -1
                count = count * 10 + (c - '0')
                if (count < 0) return -1
            }
            return count
        }
    }
}
