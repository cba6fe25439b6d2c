package io.databridge.dsl.entity.serial

import io.databridge.dsl.Column
import io.databridge.dsl.entity.InvalidMappingException
import io.databridge.dsl.types.BuiltinKind
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.PgType
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind

/** Whether a serializable property can hold a column's values, judged from its descriptor when a mapping is built. */
@OptIn(ExperimentalSerializationApi::class)
internal object ElementTypes {
    private val SCALARS = setOf(
        BuiltinKind.BOOL, BuiltinKind.CHAR, BuiltinKind.INT2, BuiltinKind.INT4, BuiltinKind.INT8, BuiltinKind.OID,
        BuiltinKind.FLOAT4, BuiltinKind.FLOAT8, BuiltinKind.TEXT, BuiltinKind.VARCHAR, BuiltinKind.BPCHAR, BuiltinKind.NAME,
    )

    fun check(entity: String, property: String, element: SerialDescriptor, column: Column<*>) {
        if (column.nullable && !element.isNullable) {
            throw InvalidMappingException("$entity.$property is non-null ${element.serialName}, but column $column is nullable")
        }
        if (!fits(element, column.pgType)) {
            throw InvalidMappingException("$entity.$property is ${element.serialName}, but column $column is ${column.pgType.sqlName}")
        }
    }

    private fun fits(element: SerialDescriptor, type: PgType<*>): Boolean {
        val builtin = (type as? BuiltinType<*>)?.kind
        return when (val kind = element.kind) {
            is PrimitiveKind -> builtin != null && builtin in primitiveKinds(kind)
            SerialKind.ENUM -> type is EnumType<*>
            SerialKind.CONTEXTUAL -> true
            // Classes, lists and maps arrive decoded (JSON documents, arrays, hstore, value classes): never a scalar.
            else -> builtin == null || builtin !in SCALARS
        }
    }

    private fun primitiveKinds(kind: PrimitiveKind): Set<BuiltinKind> = when (kind) {
        PrimitiveKind.BOOLEAN -> setOf(BuiltinKind.BOOL)
        PrimitiveKind.CHAR -> setOf(BuiltinKind.CHAR)
        PrimitiveKind.SHORT -> setOf(BuiltinKind.INT2)
        PrimitiveKind.INT -> setOf(BuiltinKind.INT4)
        PrimitiveKind.LONG -> setOf(BuiltinKind.INT8, BuiltinKind.OID)
        PrimitiveKind.FLOAT -> setOf(BuiltinKind.FLOAT4)
        PrimitiveKind.DOUBLE -> setOf(BuiltinKind.FLOAT8)
        PrimitiveKind.STRING -> BuiltinKind.entries.filter { it.holdsText }.toSet()
        PrimitiveKind.BYTE -> emptySet()
    }
}
