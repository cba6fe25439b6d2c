package io.databridge.pg.types

/** A built-in range type: its OIDs and its subtype's. */
private class BuiltinRange(
    val name: String,
    val oid: Int,
    val arrayOid: Int,
    val subtypeOid: Int,
    val multirangeName: String,
    val multirangeOid: Int,
    val multirangeArrayOid: Int,
)

// OIDs from pg_type.dat / pg_range.dat, identical on PostgreSQL 14 to 18 (checked against a server).
private val BUILTIN_RANGES = listOf(
    BuiltinRange("int4range", 3904, 3905, Oids.INT4, "int4multirange", 4451, 6150),
    BuiltinRange("numrange", 3906, 3907, Oids.NUMERIC, "nummultirange", 4532, 6151),
    BuiltinRange("tsrange", 3908, 3909, Oids.TIMESTAMP, "tsmultirange", 4533, 6152),
    BuiltinRange("tstzrange", 3910, 3911, Oids.TIMESTAMPTZ, "tstzmultirange", 4534, 6153),
    BuiltinRange("daterange", 3912, 3913, Oids.DATE, "datemultirange", 4535, 6155),
    BuiltinRange("int8range", 3926, 3927, Oids.INT8, "int8multirange", 4536, 6157),
)

/** The anonymous `record` pseudo-type and its array `_record`. */
private val RECORD = PgTypeIdentity("record", 2249, 2287)

/** PostgreSQL's name for the array type of [elementName] (`_int4`). */
internal fun arrayTypeName(elementName: String): String {
    val dot = elementName.lastIndexOf('.')
    return if (dot < 0) "_$elementName" else elementName.substring(0, dot + 1) + "_" + elementName.substring(dot + 1)
}

/** Registers the array codec of [element] when it has an array type not registered yet. */
internal fun registerArrayOf(registry: TypeRegistry, element: PgCodec<*>, delimiter: Char = ','): ArrayCodec? {
    val arrayOid = element.type.arrayOid
    if (arrayOid == 0 || registry.codecFor(arrayOid) != null) return null
    val codec = ArrayCodec(PgTypeIdentity(arrayTypeName(element.type.name), arrayOid), element, delimiter)
    registry.register(codec, bindsClass = false)
    return codec
}

/**
 * Adds the container types built on the codecs already in [registry]: the array type of every codec that has one,
 * the built-in range and multirange types (with their arrays) whose subtype codec is registered, and `record`.
 */
internal fun registerContainerCodecs(registry: TypeRegistry) {
    if (registry.codecFor(RECORD.oid) == null) registry.register(CompositeCodec(RECORD, null), bindsClass = false)
    for (range in BUILTIN_RANGES) {
        val subtype = registry.codecFor(range.subtypeOid) ?: continue
        if (registry.codecFor(range.oid) != null) continue
        val rangeCodec = RangeCodec(PgTypeIdentity(range.name, range.oid, range.arrayOid), subtype)
        registry.register(rangeCodec, bindsClass = false)
        registry.register(MultirangeCodec(PgTypeIdentity(range.multirangeName, range.multirangeOid, range.multirangeArrayOid), rangeCodec), bindsClass = false)
    }
    for (codec in registry.codecs()) {
        // box is the only built-in type whose array text separates elements with ';' (its own text has commas).
        registerArrayOf(registry, codec, if (codec.type.oid == Oids.BOX) ';' else ',')
    }
}
