package io.databridge.dsl.entity

import io.databridge.dsl.ResultRow

/** Reads an entity's column values (in the table's column order) and builds an entity from a row. */
internal interface EntityCodec<E> {
    fun valuesOf(entity: E): Array<Any?>

    fun valueOf(entity: E, index: Int): Any?

    fun create(row: ResultRow): E
}

/** The codec of a declared mapping: one reader per column and the declared factory. */
internal class ReaderCodec<E>(private val readers: Array<PropertyReader<E, *>>, private val factory: EntityFactory<E>) : EntityCodec<E> {
    override fun valuesOf(entity: E): Array<Any?> = Array(readers.size) { readers[it].read(entity) }

    override fun valueOf(entity: E, index: Int): Any? = readers[index].read(entity)

    override fun create(row: ResultRow): E = factory.create(row)
}
