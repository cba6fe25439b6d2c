package io.databridge.dsl.schema

/** How risky a change is for a live database, in increasing order. */
public enum class Safety {
    /** Runs without rewriting the table or blocking it for long. */
    SAFE,

    /** Rewrites the table or holds a lock that blocks reads or writes for as long as it scans. */
    LOCKING,

    /** Loses data: drops a table or column, narrows a type, drops an enum value. */
    DESTRUCTIVE,
}

/** What lint rule [rule] says about a change or statement: its [safety], a [message] and a [hint] to do better. */
public data class Finding(val rule: String, val safety: Safety, val message: String, val hint: String)
