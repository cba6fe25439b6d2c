package io.databridge.pg.types

/** The identities of PostgreSQL's built-in scalar types (see [Oids]): the one list of built-ins, which the DSL builds on. */
public object BuiltinTypes {
    /** `bool`. */
    public val BOOL: PgTypeIdentity = PgTypeIdentity("bool", Oids.BOOL, Oids.BOOL_ARRAY)
    /** `bytea`. */
    public val BYTEA: PgTypeIdentity = PgTypeIdentity("bytea", Oids.BYTEA, Oids.BYTEA_ARRAY)
    /** `char`. */
    public val CHAR: PgTypeIdentity = PgTypeIdentity("char", Oids.CHAR, Oids.CHAR_ARRAY)
    /** `name`. */
    public val NAME: PgTypeIdentity = PgTypeIdentity("name", Oids.NAME, Oids.NAME_ARRAY)
    /** `int8`. */
    public val INT8: PgTypeIdentity = PgTypeIdentity("int8", Oids.INT8, Oids.INT8_ARRAY)
    /** `int2`. */
    public val INT2: PgTypeIdentity = PgTypeIdentity("int2", Oids.INT2, Oids.INT2_ARRAY)
    /** `int4`. */
    public val INT4: PgTypeIdentity = PgTypeIdentity("int4", Oids.INT4, Oids.INT4_ARRAY)
    /** `text`. */
    public val TEXT: PgTypeIdentity = PgTypeIdentity("text", Oids.TEXT, Oids.TEXT_ARRAY)
    /** `oid`. */
    public val OID: PgTypeIdentity = PgTypeIdentity("oid", Oids.OID, Oids.OID_ARRAY)
    /** `json`. */
    public val JSON: PgTypeIdentity = PgTypeIdentity("json", Oids.JSON, Oids.JSON_ARRAY)
    /** `xml`. */
    public val XML: PgTypeIdentity = PgTypeIdentity("xml", Oids.XML, Oids.XML_ARRAY)
    /** `point`. */
    public val POINT: PgTypeIdentity = PgTypeIdentity("point", Oids.POINT, Oids.POINT_ARRAY)
    /** `lseg`. */
    public val LSEG: PgTypeIdentity = PgTypeIdentity("lseg", Oids.LSEG, Oids.LSEG_ARRAY)
    /** `path`. */
    public val PATH: PgTypeIdentity = PgTypeIdentity("path", Oids.PATH, Oids.PATH_ARRAY)
    /** `box`. */
    public val BOX: PgTypeIdentity = PgTypeIdentity("box", Oids.BOX, Oids.BOX_ARRAY)
    /** `polygon`. */
    public val POLYGON: PgTypeIdentity = PgTypeIdentity("polygon", Oids.POLYGON, Oids.POLYGON_ARRAY)
    /** `line`. */
    public val LINE: PgTypeIdentity = PgTypeIdentity("line", Oids.LINE, Oids.LINE_ARRAY)
    /** `cidr`. */
    public val CIDR: PgTypeIdentity = PgTypeIdentity("cidr", Oids.CIDR, Oids.CIDR_ARRAY)
    /** `float4`. */
    public val FLOAT4: PgTypeIdentity = PgTypeIdentity("float4", Oids.FLOAT4, Oids.FLOAT4_ARRAY)
    /** `float8`. */
    public val FLOAT8: PgTypeIdentity = PgTypeIdentity("float8", Oids.FLOAT8, Oids.FLOAT8_ARRAY)
    /** `unknown`. */
    public val UNKNOWN: PgTypeIdentity = PgTypeIdentity("unknown", Oids.UNKNOWN)
    /** `void` (a pseudo-type: no arrays). */
    public val VOID: PgTypeIdentity = PgTypeIdentity("void", Oids.VOID)
    /** `circle`. */
    public val CIRCLE: PgTypeIdentity = PgTypeIdentity("circle", Oids.CIRCLE, Oids.CIRCLE_ARRAY)
    /** `macaddr8`. */
    public val MACADDR8: PgTypeIdentity = PgTypeIdentity("macaddr8", Oids.MACADDR8, Oids.MACADDR8_ARRAY)
    /** `money`. */
    public val MONEY: PgTypeIdentity = PgTypeIdentity("money", Oids.MONEY, Oids.MONEY_ARRAY)
    /** `macaddr`. */
    public val MACADDR: PgTypeIdentity = PgTypeIdentity("macaddr", Oids.MACADDR, Oids.MACADDR_ARRAY)
    /** `inet`. */
    public val INET: PgTypeIdentity = PgTypeIdentity("inet", Oids.INET, Oids.INET_ARRAY)
    /** `bpchar`. */
    public val BPCHAR: PgTypeIdentity = PgTypeIdentity("bpchar", Oids.BPCHAR, Oids.BPCHAR_ARRAY)
    /** `varchar`. */
    public val VARCHAR: PgTypeIdentity = PgTypeIdentity("varchar", Oids.VARCHAR, Oids.VARCHAR_ARRAY)
    /** `date`. */
    public val DATE: PgTypeIdentity = PgTypeIdentity("date", Oids.DATE, Oids.DATE_ARRAY)
    /** `time`. */
    public val TIME: PgTypeIdentity = PgTypeIdentity("time", Oids.TIME, Oids.TIME_ARRAY)
    /** `timestamp`. */
    public val TIMESTAMP: PgTypeIdentity = PgTypeIdentity("timestamp", Oids.TIMESTAMP, Oids.TIMESTAMP_ARRAY)
    /** `timestamptz`. */
    public val TIMESTAMPTZ: PgTypeIdentity = PgTypeIdentity("timestamptz", Oids.TIMESTAMPTZ, Oids.TIMESTAMPTZ_ARRAY)
    /** `interval`. */
    public val INTERVAL: PgTypeIdentity = PgTypeIdentity("interval", Oids.INTERVAL, Oids.INTERVAL_ARRAY)
    /** `timetz`. */
    public val TIMETZ: PgTypeIdentity = PgTypeIdentity("timetz", Oids.TIMETZ, Oids.TIMETZ_ARRAY)
    /** `bit`. */
    public val BIT: PgTypeIdentity = PgTypeIdentity("bit", Oids.BIT, Oids.BIT_ARRAY)
    /** `varbit`. */
    public val VARBIT: PgTypeIdentity = PgTypeIdentity("varbit", Oids.VARBIT, Oids.VARBIT_ARRAY)
    /** `numeric`. */
    public val NUMERIC: PgTypeIdentity = PgTypeIdentity("numeric", Oids.NUMERIC, Oids.NUMERIC_ARRAY)
    /** `uuid`. */
    public val UUID: PgTypeIdentity = PgTypeIdentity("uuid", Oids.UUID, Oids.UUID_ARRAY)
    /** `tsvector`. */
    public val TSVECTOR: PgTypeIdentity = PgTypeIdentity("tsvector", Oids.TSVECTOR, Oids.TSVECTOR_ARRAY)
    /** `tsquery`. */
    public val TSQUERY: PgTypeIdentity = PgTypeIdentity("tsquery", Oids.TSQUERY, Oids.TSQUERY_ARRAY)
    /** `jsonb`. */
    public val JSONB: PgTypeIdentity = PgTypeIdentity("jsonb", Oids.JSONB, Oids.JSONB_ARRAY)
}
