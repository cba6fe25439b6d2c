package io.databridge.pg.types

/** OIDs of PostgreSQL's built-in scalar types and of their array types, as in `pg_type.dat` (stable across 14–18). */
public object Oids {
    /** `bool`. */
    public const val BOOL: Int = 16
    /** `bool[]`. */
    public const val BOOL_ARRAY: Int = 1000
    /** `bytea`. */
    public const val BYTEA: Int = 17
    /** `bytea[]`. */
    public const val BYTEA_ARRAY: Int = 1001
    /** `char`. */
    public const val CHAR: Int = 18
    /** `char[]`. */
    public const val CHAR_ARRAY: Int = 1002
    /** `name`. */
    public const val NAME: Int = 19
    /** `name[]`. */
    public const val NAME_ARRAY: Int = 1003
    /** `int8`. */
    public const val INT8: Int = 20
    /** `int8[]`. */
    public const val INT8_ARRAY: Int = 1016
    /** `int2`. */
    public const val INT2: Int = 21
    /** `int2[]`. */
    public const val INT2_ARRAY: Int = 1005
    /** `int4`. */
    public const val INT4: Int = 23
    /** `int4[]`. */
    public const val INT4_ARRAY: Int = 1007
    /** `text`. */
    public const val TEXT: Int = 25
    /** `text[]`. */
    public const val TEXT_ARRAY: Int = 1009
    /** `oid`. */
    public const val OID: Int = 26
    /** `oid[]`. */
    public const val OID_ARRAY: Int = 1028
    /** `json`. */
    public const val JSON: Int = 114
    /** `json[]`. */
    public const val JSON_ARRAY: Int = 199
    /** `xml`. */
    public const val XML: Int = 142
    /** `xml[]`. */
    public const val XML_ARRAY: Int = 143
    /** `point`. */
    public const val POINT: Int = 600
    /** `point[]`. */
    public const val POINT_ARRAY: Int = 1017
    /** `lseg`. */
    public const val LSEG: Int = 601
    /** `lseg[]`. */
    public const val LSEG_ARRAY: Int = 1018
    /** `path`. */
    public const val PATH: Int = 602
    /** `path[]`. */
    public const val PATH_ARRAY: Int = 1019
    /** `box`. */
    public const val BOX: Int = 603
    /** `box[]`. */
    public const val BOX_ARRAY: Int = 1020
    /** `polygon`. */
    public const val POLYGON: Int = 604
    /** `polygon[]`. */
    public const val POLYGON_ARRAY: Int = 1027
    /** `line`. */
    public const val LINE: Int = 628
    /** `line[]`. */
    public const val LINE_ARRAY: Int = 629
    /** `cidr`. */
    public const val CIDR: Int = 650
    /** `cidr[]`. */
    public const val CIDR_ARRAY: Int = 651
    /** `float4`. */
    public const val FLOAT4: Int = 700
    /** `float4[]`. */
    public const val FLOAT4_ARRAY: Int = 1021
    /** `float8`. */
    public const val FLOAT8: Int = 701
    /** `float8[]`. */
    public const val FLOAT8_ARRAY: Int = 1022
    /** `unknown`. */
    public const val UNKNOWN: Int = 705
    /** `void`: what a function that returns nothing (`pg_advisory_lock`, `pg_sleep`, `pg_notify`) yields. */
    public const val VOID: Int = 2278
    /** `circle`. */
    public const val CIRCLE: Int = 718
    /** `circle[]`. */
    public const val CIRCLE_ARRAY: Int = 719
    /** `macaddr8`. */
    public const val MACADDR8: Int = 774
    /** `macaddr8[]`. */
    public const val MACADDR8_ARRAY: Int = 775
    /** `money`. */
    public const val MONEY: Int = 790
    /** `money[]`. */
    public const val MONEY_ARRAY: Int = 791
    /** `macaddr`. */
    public const val MACADDR: Int = 829
    /** `macaddr[]`. */
    public const val MACADDR_ARRAY: Int = 1040
    /** `inet`. */
    public const val INET: Int = 869
    /** `inet[]`. */
    public const val INET_ARRAY: Int = 1041
    /** `bpchar`. */
    public const val BPCHAR: Int = 1042
    /** `bpchar[]`. */
    public const val BPCHAR_ARRAY: Int = 1014
    /** `varchar`. */
    public const val VARCHAR: Int = 1043
    /** `varchar[]`. */
    public const val VARCHAR_ARRAY: Int = 1015
    /** `date`. */
    public const val DATE: Int = 1082
    /** `date[]`. */
    public const val DATE_ARRAY: Int = 1182
    /** `time`. */
    public const val TIME: Int = 1083
    /** `time[]`. */
    public const val TIME_ARRAY: Int = 1183
    /** `timestamp`. */
    public const val TIMESTAMP: Int = 1114
    /** `timestamp[]`. */
    public const val TIMESTAMP_ARRAY: Int = 1115
    /** `timestamptz`. */
    public const val TIMESTAMPTZ: Int = 1184
    /** `timestamptz[]`. */
    public const val TIMESTAMPTZ_ARRAY: Int = 1185
    /** `interval`. */
    public const val INTERVAL: Int = 1186
    /** `interval[]`. */
    public const val INTERVAL_ARRAY: Int = 1187
    /** `timetz`. */
    public const val TIMETZ: Int = 1266
    /** `timetz[]`. */
    public const val TIMETZ_ARRAY: Int = 1270
    /** `bit`. */
    public const val BIT: Int = 1560
    /** `bit[]`. */
    public const val BIT_ARRAY: Int = 1561
    /** `varbit`. */
    public const val VARBIT: Int = 1562
    /** `varbit[]`. */
    public const val VARBIT_ARRAY: Int = 1563
    /** `numeric`. */
    public const val NUMERIC: Int = 1700
    /** `numeric[]`. */
    public const val NUMERIC_ARRAY: Int = 1231
    /** `uuid`. */
    public const val UUID: Int = 2950
    /** `uuid[]`. */
    public const val UUID_ARRAY: Int = 2951
    /** `int2vector`. */
    public const val INT2VECTOR: Int = 22
    /** `int2vector[]`. */
    public const val INT2VECTOR_ARRAY: Int = 1006
    /** `oidvector`. */
    public const val OIDVECTOR: Int = 30
    /** `oidvector[]`. */
    public const val OIDVECTOR_ARRAY: Int = 1013
    /** `tsvector`. */
    public const val TSVECTOR: Int = 3614
    /** `tsvector[]`. */
    public const val TSVECTOR_ARRAY: Int = 3643
    /** `tsquery`. */
    public const val TSQUERY: Int = 3615
    /** `tsquery[]`. */
    public const val TSQUERY_ARRAY: Int = 3645
    /** `jsonb`. */
    public const val JSONB: Int = 3802
    /** `jsonb[]`. */
    public const val JSONB_ARRAY: Int = 3807
}
