package io.databridge.pg.types

/** [PgType] identities of PostgreSQL's built-in scalar types (see [Oids]). */
public object PgTypes {
    /** `bool`. */
    public val BOOL: PgType = PgType("bool", Oids.BOOL, Oids.BOOL_ARRAY)
    /** `bytea`. */
    public val BYTEA: PgType = PgType("bytea", Oids.BYTEA, Oids.BYTEA_ARRAY)
    /** `char`. */
    public val CHAR: PgType = PgType("char", Oids.CHAR, Oids.CHAR_ARRAY)
    /** `name`. */
    public val NAME: PgType = PgType("name", Oids.NAME, Oids.NAME_ARRAY)
    /** `int8`. */
    public val INT8: PgType = PgType("int8", Oids.INT8, Oids.INT8_ARRAY)
    /** `int2`. */
    public val INT2: PgType = PgType("int2", Oids.INT2, Oids.INT2_ARRAY)
    /** `int4`. */
    public val INT4: PgType = PgType("int4", Oids.INT4, Oids.INT4_ARRAY)
    /** `text`. */
    public val TEXT: PgType = PgType("text", Oids.TEXT, Oids.TEXT_ARRAY)
    /** `oid`. */
    public val OID: PgType = PgType("oid", Oids.OID, Oids.OID_ARRAY)
    /** `json`. */
    public val JSON: PgType = PgType("json", Oids.JSON, Oids.JSON_ARRAY)
    /** `xml`. */
    public val XML: PgType = PgType("xml", Oids.XML, Oids.XML_ARRAY)
    /** `point`. */
    public val POINT: PgType = PgType("point", Oids.POINT, Oids.POINT_ARRAY)
    /** `lseg`. */
    public val LSEG: PgType = PgType("lseg", Oids.LSEG, Oids.LSEG_ARRAY)
    /** `path`. */
    public val PATH: PgType = PgType("path", Oids.PATH, Oids.PATH_ARRAY)
    /** `box`. */
    public val BOX: PgType = PgType("box", Oids.BOX, Oids.BOX_ARRAY)
    /** `polygon`. */
    public val POLYGON: PgType = PgType("polygon", Oids.POLYGON, Oids.POLYGON_ARRAY)
    /** `line`. */
    public val LINE: PgType = PgType("line", Oids.LINE, Oids.LINE_ARRAY)
    /** `cidr`. */
    public val CIDR: PgType = PgType("cidr", Oids.CIDR, Oids.CIDR_ARRAY)
    /** `float4`. */
    public val FLOAT4: PgType = PgType("float4", Oids.FLOAT4, Oids.FLOAT4_ARRAY)
    /** `float8`. */
    public val FLOAT8: PgType = PgType("float8", Oids.FLOAT8, Oids.FLOAT8_ARRAY)
    /** `unknown`. */
    public val UNKNOWN: PgType = PgType("unknown", Oids.UNKNOWN)
    /** `void` (a pseudo-type: no arrays). */
    public val VOID: PgType = PgType("void", Oids.VOID)
    /** `circle`. */
    public val CIRCLE: PgType = PgType("circle", Oids.CIRCLE, Oids.CIRCLE_ARRAY)
    /** `macaddr8`. */
    public val MACADDR8: PgType = PgType("macaddr8", Oids.MACADDR8, Oids.MACADDR8_ARRAY)
    /** `money`. */
    public val MONEY: PgType = PgType("money", Oids.MONEY, Oids.MONEY_ARRAY)
    /** `macaddr`. */
    public val MACADDR: PgType = PgType("macaddr", Oids.MACADDR, Oids.MACADDR_ARRAY)
    /** `inet`. */
    public val INET: PgType = PgType("inet", Oids.INET, Oids.INET_ARRAY)
    /** `bpchar`. */
    public val BPCHAR: PgType = PgType("bpchar", Oids.BPCHAR, Oids.BPCHAR_ARRAY)
    /** `varchar`. */
    public val VARCHAR: PgType = PgType("varchar", Oids.VARCHAR, Oids.VARCHAR_ARRAY)
    /** `date`. */
    public val DATE: PgType = PgType("date", Oids.DATE, Oids.DATE_ARRAY)
    /** `time`. */
    public val TIME: PgType = PgType("time", Oids.TIME, Oids.TIME_ARRAY)
    /** `timestamp`. */
    public val TIMESTAMP: PgType = PgType("timestamp", Oids.TIMESTAMP, Oids.TIMESTAMP_ARRAY)
    /** `timestamptz`. */
    public val TIMESTAMPTZ: PgType = PgType("timestamptz", Oids.TIMESTAMPTZ, Oids.TIMESTAMPTZ_ARRAY)
    /** `interval`. */
    public val INTERVAL: PgType = PgType("interval", Oids.INTERVAL, Oids.INTERVAL_ARRAY)
    /** `timetz`. */
    public val TIMETZ: PgType = PgType("timetz", Oids.TIMETZ, Oids.TIMETZ_ARRAY)
    /** `bit`. */
    public val BIT: PgType = PgType("bit", Oids.BIT, Oids.BIT_ARRAY)
    /** `varbit`. */
    public val VARBIT: PgType = PgType("varbit", Oids.VARBIT, Oids.VARBIT_ARRAY)
    /** `numeric`. */
    public val NUMERIC: PgType = PgType("numeric", Oids.NUMERIC, Oids.NUMERIC_ARRAY)
    /** `uuid`. */
    public val UUID: PgType = PgType("uuid", Oids.UUID, Oids.UUID_ARRAY)
    /** `tsvector`. */
    public val TSVECTOR: PgType = PgType("tsvector", Oids.TSVECTOR, Oids.TSVECTOR_ARRAY)
    /** `tsquery`. */
    public val TSQUERY: PgType = PgType("tsquery", Oids.TSQUERY, Oids.TSQUERY_ARRAY)
    /** `jsonb`. */
    public val JSONB: PgType = PgType("jsonb", Oids.JSONB, Oids.JSONB_ARRAY)
}
