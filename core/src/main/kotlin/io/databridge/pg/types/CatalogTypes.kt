package io.databridge.pg.types

/**
 * One row of [CatalogTypes.QUERY]: what pg_type, pg_range, pg_enum and pg_attribute say about one type.
 * OIDs are carried as PostgreSQL's unsigned 32-bit values in an Int (the wire representation).
 */
public data class CatalogTypeRow(
    /** `pg_type.oid`. */
    public val oid: Int,
    /** `typname`. */
    public val name: String,
    /** The schema (`nspname`). */
    public val namespace: String,
    /** `typtype`: b base, c composite, d domain, e enum, p pseudo, r range, m multirange. */
    public val kind: Char,
    /** `typcategory`; `A` marks array types. */
    public val category: Char,
    /** `typdelim`, the array text separator for this element type. */
    public val delimiter: Char = ',',
    /** `typelem`: the element type of an array type, else 0. */
    public val elementOid: Int = 0,
    /** `typarray`: the type's array type, else 0. */
    public val arrayOid: Int = 0,
    /** `typbasetype`: a domain's base type, else 0. */
    public val baseTypeOid: Int = 0,
    /** `typrelid`: a composite type's relation, else 0. */
    public val relationOid: Int = 0,
    /** `pg_range.rngsubtype` of a range type, else 0. */
    public val rangeSubtypeOid: Int = 0,
    /** For a multirange type, the range type it is made of, else 0. */
    public val multirangeOf: Int = 0,
    /** An enum's labels in sort order. */
    public val enumLabels: List<String> = emptyList(),
    /** A composite's attribute names in order (dropped columns excluded). */
    public val attributeNames: List<String> = emptyList(),
    /** A composite's attribute type OIDs, parallel to [attributeNames]. */
    public val attributeTypes: List<Int> = emptyList(),
) {
    /** The name codecs are registered under: `typname` for pg_catalog, else `nspname.typname`. */
    public val qualifiedName: String get() = if (namespace == "pg_catalog") name else "$namespace.$name"

    /** Conversion from the query's columns. */
    public companion object {
        /**
         * Builds a row from the 15 column values of [CatalogTypes.QUERY] in order, as the engine decoded them:
         * numbers as any [Number], text as String, arrays as `List`s (or `Array`s / [PgArray]s).
         */
        public fun fromColumns(values: List<Any?>): CatalogTypeRow {
            require(values.size == CatalogTypes.COLUMN_COUNT) { "expected ${CatalogTypes.COLUMN_COUNT} columns, got ${values.size}" }
            fun oid(i: Int): Int = (values[i] as? Number ?: throw IllegalArgumentException("column ${i + 1} is not a number: ${values[i]}")).toLong().toInt()
            fun text(i: Int): String = values[i] as? String ?: throw IllegalArgumentException("column ${i + 1} is not text: ${values[i]}")
            fun char(i: Int): Char = text(i).singleOrNull() ?: throw IllegalArgumentException("column ${i + 1} is not one character: ${values[i]}")
            fun list(i: Int): List<Any?> = when (val v = values[i]) {
                null -> emptyList()
                is PgArray -> v.elements
                else -> ArrayShape.asList(v) ?: throw IllegalArgumentException("column ${i + 1} is not an array: $v")
            }
            return CatalogTypeRow(
                oid = oid(0), name = text(1), namespace = text(2), kind = char(3), category = char(4), delimiter = char(5),
                elementOid = oid(6), arrayOid = oid(7), baseTypeOid = oid(8), relationOid = oid(9),
                rangeSubtypeOid = oid(10), multirangeOf = oid(11),
                enumLabels = list(12).map { it as String },
                attributeNames = list(13).map { it as String },
                attributeTypes = list(14).map { (it as Number).toLong().toInt() },
            )
        }
    }
}

/** Resolves types the registry does not know (enums, domains, composites, ranges, hstore, vector) through the catalog. */
public object CatalogTypes {
    /**
     * Fetches the types with the OIDs in `$1` (an `oid[]`) or the names in `$2` (a `text[]` of `typname` or
     * `nspname.typname`), and everything they are built from (elements, base types, subtypes, attributes, array
     * and multirange types), one row per type: feed the rows to [resolve]. The recursion ends because UNION drops
     * types already seen.
     */
    public const val QUERY: String = """
        WITH RECURSIVE wanted(oid) AS (
            SELECT t.oid
            FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE t.oid = ANY($1::pg_catalog.oid[])
               OR t.typname = ANY($2::pg_catalog.text[])
               OR n.nspname || '.' || t.typname = ANY($2::pg_catalog.text[])
          UNION
            SELECT d.dep
            FROM wanted w
            JOIN pg_catalog.pg_type t ON t.oid = w.oid
            CROSS JOIN LATERAL (
                SELECT t.typelem
              UNION ALL SELECT t.typarray
              UNION ALL SELECT t.typbasetype
              UNION ALL SELECT r.rngsubtype FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid
              UNION ALL SELECT r.rngmultitypid FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid
              UNION ALL SELECT r.rngtypid FROM pg_catalog.pg_range r WHERE r.rngmultitypid = t.oid
              UNION ALL SELECT a.atttypid FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
            ) d(dep)
            WHERE d.dep <> 0
        )
        SELECT t.oid::pg_catalog.int8 AS oid,
               t.typname::pg_catalog.text AS typname,
               n.nspname::pg_catalog.text AS nspname,
               t.typtype::pg_catalog.text AS typtype,
               t.typcategory::pg_catalog.text AS typcategory,
               t.typdelim::pg_catalog.text AS typdelim,
               t.typelem::pg_catalog.int8 AS typelem,
               t.typarray::pg_catalog.int8 AS typarray,
               t.typbasetype::pg_catalog.int8 AS typbasetype,
               t.typrelid::pg_catalog.int8 AS typrelid,
               COALESCE(r.rngsubtype, 0)::pg_catalog.int8 AS rngsubtype,
               COALESCE(mr.rngtypid, 0)::pg_catalog.int8 AS multirange_of,
               ARRAY(SELECT e.enumlabel::pg_catalog.text FROM pg_catalog.pg_enum e
                     WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS enum_labels,
               ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attribute_names,
               ARRAY(SELECT a.atttypid::pg_catalog.int8 FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attribute_types
        FROM wanted w
        JOIN pg_catalog.pg_type t ON t.oid = w.oid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
        LEFT JOIN pg_catalog.pg_range mr ON mr.rngmultitypid = t.oid
        ORDER BY t.oid
"""

    /** The number of columns [QUERY] returns. */
    public const val COLUMN_COUNT: Int = 15

    /**
     * Builds codecs for the types in [rows] that [registry] does not know yet and registers them (qualified name,
     * and also the bare name for the `public` schema); returns the codecs it added. Enums whose name (bare or
     * qualified) is a key of [enumMappings] decode to that JVM enum, other enums to String. Types it cannot build
     * (an unknown base type, or anything built on one) are left out, so they are read as text.
     */
    public fun resolve(
        rows: List<CatalogTypeRow>,
        registry: TypeRegistry,
        enumMappings: Map<String, EnumMapping<*>> = emptyMap(),
    ): List<PgCodec<*>> = CatalogResolution(rows, registry, enumMappings).run()
}

private class CatalogResolution(
    rows: List<CatalogTypeRow>,
    private val registry: TypeRegistry,
    private val enumMappings: Map<String, EnumMapping<*>>,
) {
    private val byOid = rows.associateBy { it.oid }
    private val inProgress = HashSet<Int>()
    private val unresolvable = HashSet<Int>()
    private val added = ArrayList<PgCodec<*>>()

    fun run(): List<PgCodec<*>> {
        for (oid in byOid.keys) resolve(oid)
        return added
    }

    private fun resolve(oid: Int): PgCodec<*>? {
        registry.codecFor(oid)?.let { return it }
        if (oid in unresolvable) return null
        val row = byOid[oid] ?: return null
        // A type met again while it is being built would recurse forever; PostgreSQL forbids such types anyway.
        if (!inProgress.add(oid)) return null
        try {
            val codec = build(row)
            if (codec == null) {
                unresolvable += oid
                return null
            }
            registry.register(codec, bindsClass = codec is MappedEnumCodec<*>)
            if (row.namespace == "public") registry.alias(row.name, codec)
            added += codec
            return codec
        } finally {
            inProgress -= oid
        }
    }

    private fun build(row: CatalogTypeRow): PgCodec<*>? {
        val type = PgTypeIdentity(row.qualifiedName, row.oid, row.arrayOid)
        return when {
            row.category == 'A' && row.elementOid != 0 -> resolve(row.elementOid)?.let { element ->
                ArrayCodec(type, element, byOid[row.elementOid]?.delimiter ?: ',')
            }
            row.kind == 'e' -> (enumMappings[row.qualifiedName] ?: enumMappings[row.name])?.codec(type) ?: EnumCodec(type, row.enumLabels)
            row.kind == 'd' -> resolve(row.baseTypeOid)?.let { domainOf(type, it) }
            row.kind == 'r' -> resolve(row.rangeSubtypeOid)?.let { RangeCodec(type, it) }
            row.kind == 'm' -> (resolve(row.multirangeOf) as? RangeCodec)?.let { MultirangeCodec(type, it) }
            row.kind == 'c' -> {
                if (row.attributeNames.size != row.attributeTypes.size) return null
                CompositeCodec(type, row.attributeNames.zip(row.attributeTypes) { n, t -> CompositeField(n, t, resolve(t)) })
            }
            row.kind == 'b' && row.name == "hstore" -> HstoreCodec(type)
            row.kind == 'b' && row.name == "vector" -> VectorCodec(type)
            else -> null
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun domainOf(type: PgTypeIdentity, base: PgCodec<*>): PgCodec<*> = DomainCodec(type, base as PgCodec<Any>)
}
