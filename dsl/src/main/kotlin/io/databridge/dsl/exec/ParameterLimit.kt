package io.databridge.dsl.exec

/** The protocol carries at most 65,535 parameters per statement; multi-row statements are cut to stay under it. */
internal object ParameterLimit {
    const val MAX_PARAMETERS: Int = 65_535

    /** How many rows of [columns] parameters one statement may carry. */
    fun rowsPerStatement(columns: Int): Int = if (columns == 0) 1 else MAX_PARAMETERS / columns
}
