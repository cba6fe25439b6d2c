package io.databridge.dsl.entity.serial

import io.databridge.dsl.Column
import io.databridge.dsl.entity.InvalidMappingException
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.TEXT_TYPES
import io.databridge.pg.types.BuiltinTypes
import io.databridge.pg.types.PgTypeIdentity
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind

/** Whether a serializable property can hold a column's values, judged from its descriptor when a mapping is built. */
@OptIn(ExperimentalSerializationApi::class)
internal object ElementTypes {
    private val SCALARS = setOf(
        BuiltinTypes.BOOL, BuiltinTypes.CHAR, BuiltinTypes.INT2, BuiltinTypes.INT4, BuiltinTypes.INT8, BuiltinTypes.OID,
        BuiltinTypes.FLOAT4, BuiltinTypes.FLOAT8, BuiltinTypes.TEXT, BuiltinTypes.VARCHAR, BuiltinTypes.BPCHAR, BuiltinTypes.NAME,
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
        val builtin = (type as? BuiltinType<*>)?.base
        return when (val kind = element.kind) {
            is PrimitiveKind -> builtin != null && builtin in primitiveKinds(kind)
            SerialKind.ENUM -> type is EnumType<*>
            SerialKind.CONTEXTUAL -> true
            // Classes, lists and maps arrive decoded (JSON documents, arrays, hstore, value classes): never a scalar.
            else -> builtin == null || builtin !in SCALARS
        }
    }

    private fun primitiveKinds(kind: PrimitiveKind): Set<PgTypeIdentity> = when (kind) {
        PrimitiveKind.BOOLEAN -> setOf(BuiltinTypes.BOOL)
        PrimitiveKind.CHAR -> setOf(BuiltinTypes.CHAR)
        PrimitiveKind.SHORT -> setOf(BuiltinTypes.INT2)
        PrimitiveKind.INT -> setOf(BuiltinTypes.INT4)
        PrimitiveKind.LONG -> setOf(BuiltinTypes.INT8, BuiltinTypes.OID)
        PrimitiveKind.FLOAT -> setOf(BuiltinTypes.FLOAT4)
        PrimitiveKind.DOUBLE -> setOf(BuiltinTypes.FLOAT8)
        PrimitiveKind.STRING -> TEXT_TYPES
        PrimitiveKind.BYTE -> emptySet()
    }
}
