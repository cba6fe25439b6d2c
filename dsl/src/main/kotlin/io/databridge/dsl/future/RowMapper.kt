package io.databridge.dsl.future

import io.databridge.dsl.ResultRow

/** Turns one [ResultRow] into the caller's own type, for example a Java record: `row -> new User(row.get(USERS.id), …)`. */
public fun interface RowMapper<T> {
    /** The value [row] maps to. */
    public fun map(row: ResultRow): T
}
