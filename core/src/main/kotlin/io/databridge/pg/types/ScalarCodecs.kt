package io.databridge.pg.types

/** Every built-in scalar codec, in registration order (the first codec of a JVM class binds that class). */
public val SCALAR_CODECS: List<PgCodec<*>> = listOf(
    BoolCodec, Int2Codec, Int4Codec, Int8Codec, Float4Codec, Float8Codec, NumericCodec,
    StringCodec.TEXT, StringCodec.VARCHAR, StringCodec.BPCHAR, StringCodec.NAME, StringCodec.XML,
    StringCodec.TSVECTOR, StringCodec.TSQUERY, CharCodec, OidCodec, ByteaCodec, UuidCodec,
    DateCodec, TimeCodec, TimeTzCodec, TimestampCodec, TimestampTzCodec, IntervalCodec,
    JsonCodec.JSONB, JsonCodec.JSON, InetCodec.INET, InetCodec.CIDR, MacAddressCodec.MACADDR, MacAddressCodec.MACADDR8,
    BitStringCodec.VARBIT, BitStringCodec.BIT, MoneyCodec,
    GeometryCodec.POINT, GeometryCodec.LINE, GeometryCodec.LSEG, GeometryCodec.BOX, GeometryCodec.PATH,
    GeometryCodec.POLYGON, GeometryCodec.CIRCLE, StringCodec.VOID,
)

/**
 * Registers [SCALAR_CODECS]. Only `text`, `int4`, `int8`, `float8`, `numeric`, … bind their JVM class: for classes
 * several types share (String, Long, BigDecimal, PgJson, PgInet, …) the first codec in the list wins.
 */
internal fun registerScalarCodecs(registry: TypeRegistry) {
    for (codec in SCALAR_CODECS) registry.register(codec, bindsClass = codec !== MoneyCodec)
    // Chosen only by a column's, field's or parameter's declared type: Strings bind as text, Lists as arrays.
    registry.register(StringCodec.UNKNOWN, bindsClass = false)
    registry.register(IntVectorCodec.INT2VECTOR, bindsClass = false)
    registry.register(IntVectorCodec.OIDVECTOR, bindsClass = false)
}
