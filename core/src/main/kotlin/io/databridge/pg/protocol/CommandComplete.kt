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
        private val COUNTED = setOf("INSERT", "UPDATE", "DELETE", "SELECT", "MERGE", "COPY", "FETCH", "MOVE")

        fun parseRowCount(tag: String): Long {
            val firstSpace = tag.indexOf(' ')
            if (firstSpace <= 0 || tag.substring(0, firstSpace) !in COUNTED) return -1
            // The count is always the last word ("INSERT 0 5": the 0 is a legacy OID).
            val digits = tag.substring(tag.lastIndexOf(' ') + 1)
            if (digits.isEmpty() || digits.length > 19 || !digits.all { it in '0'..'9' }) return -1
            return digits.toLongOrNull() ?: -1
        }
    }
}
