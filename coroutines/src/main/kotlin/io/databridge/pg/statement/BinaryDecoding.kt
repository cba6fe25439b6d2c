package io.databridge.pg.statement

import io.databridge.pg.types.BoolCodec
import io.databridge.pg.types.ByteaCodec
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.DateCodec
import io.databridge.pg.types.Float8Codec
import io.databridge.pg.types.Int4Codec
import io.databridge.pg.types.Int8Codec
import io.databridge.pg.types.NumericCodec
import io.databridge.pg.types.PgCodec
import io.databridge.pg.types.StringCodec
import io.databridge.pg.types.TimestampCodec
import io.databridge.pg.types.TimestampTzCodec
import io.databridge.pg.types.UuidCodec

/**
 * Binary decoding of the common built-in types without an interface call. A result's columns hold many codec
 * classes, so a single `codec.decodeBinary` call site is megamorphic: each value pays an itable dispatch and the
 * JIT cannot inline the decoder. A column whose codec is one of the built-ins below gets a kind once (in its
 * [RowPlan]); [decode] switches on it and calls that codec directly, which the JIT inlines. Any other codec, and a
 * custom codec registered for a built-in type, keeps the interface call.
 */
internal object BinaryDecoding {
    const val OTHER = 0
    private const val TEXT = 1
    private const val INT4 = 2
    private const val INT8 = 3
    private const val BOOL = 4
    private const val FLOAT8 = 5
    private const val NUMERIC = 6
    private const val UUID = 7
    private const val TIMESTAMPTZ = 8
    private const val TIMESTAMP = 9
    private const val DATE = 10
    private const val BYTEA = 11

    /** The kind of a column decoded by [codec]. */
    fun kindOf(codec: PgCodec<*>?): Int = when {
        codec == null -> OTHER
        // Subclasses (TextFallbackCodec) decode differently: only StringCodec itself is taken.
        codec.javaClass == StringCodec::class.java -> TEXT
        codec === Int4Codec -> INT4
        codec === Int8Codec -> INT8
        codec === BoolCodec -> BOOL
        codec === Float8Codec -> FLOAT8
        codec === NumericCodec -> NUMERIC
        codec === UuidCodec -> UUID
        codec === TimestampTzCodec -> TIMESTAMPTZ
        codec === TimestampCodec -> TIMESTAMP
        codec === DateCodec -> DATE
        codec === ByteaCodec -> BYTEA
        else -> OTHER
    }

    /** The binary value at [offset] decoded by [codec], whose kind is [kind]. */
    fun decode(kind: Int, codec: PgCodec<*>, buf: ByteArray, offset: Int, length: Int, context: CodecContext): Any = when (kind) {
        TEXT -> (codec as StringCodec).decodeBinary(buf, offset, length, context)
        INT4 -> Int4Codec.decodeBinary(buf, offset, length, context)
        INT8 -> Int8Codec.decodeBinary(buf, offset, length, context)
        BOOL -> BoolCodec.decodeBinary(buf, offset, length, context)
        FLOAT8 -> Float8Codec.decodeBinary(buf, offset, length, context)
        NUMERIC -> NumericCodec.decodeBinary(buf, offset, length, context)
        UUID -> UuidCodec.decodeBinary(buf, offset, length, context)
        TIMESTAMPTZ -> TimestampTzCodec.decodeBinary(buf, offset, length, context)
        TIMESTAMP -> TimestampCodec.decodeBinary(buf, offset, length, context)
        DATE -> DateCodec.decodeBinary(buf, offset, length, context)
        BYTEA -> ByteaCodec.decodeBinary(buf, offset, length, context)
        else -> codec.decodeBinary(buf, offset, length, context)
    }
}
