package io.databridge.dsl.entity

import io.databridge.dsl.ResultRow

/** Reads one mapped property of an entity: `Book::title` in Kotlin, `Book::title` or `b -> b.title()` in Java. */
public fun interface PropertyReader<E, T> {
    /** The property's current value in [entity]. */
    public fun read(entity: E): T
}

/** Builds an entity from a row holding every column of its table: `{ row -> Book(row[Books.id], row[Books.title]) }`. */
public fun interface EntityFactory<E> {
    /** The entity [row] describes. */
    public fun create(row: ResultRow): E
}
