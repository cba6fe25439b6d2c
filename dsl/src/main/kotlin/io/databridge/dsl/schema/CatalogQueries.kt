package io.databridge.dsl.schema

/** The pg_catalog queries behind [CatalogReader]; `$1` is a relation's oid (as int8) unless said otherwise. */
internal object CatalogQueries {
    /** `$1` schema (null: current), `$2` table name. */
    const val TABLE = """
        SELECT c.oid::int8 AS oid, n.nspname::text AS schema, (n.nspname = current_schema()) AS is_current,
               obj_description(c.oid, 'pg_class') AS comment
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = coalesce($1::text, current_schema()) AND c.relname = $2::text"""

    /** `$1` schema (null: current): the names of its ordinary tables. */
    const val TABLES_IN_SCHEMA = """
        SELECT c.relname::text AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = coalesce($1::text, current_schema()) ORDER BY c.relname"""

    const val COLUMNS = """
        SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default_expr,
               CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated_expr,
               a.attidentity::text AS identity, col_description(a.attrelid, a.attnum) AS comment
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1::int8::oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum"""

    const val CONSTRAINTS = """
        SELECT con.conname::text AS name, con.contype::text AS kind,
               (SELECT json_agg(a.attname::text ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n)::text AS columns,
               tn.nspname::text AS target_schema, (tn.nspname = current_schema()) AS target_current, tc.relname::text AS target_table,
               (SELECT json_agg(a.attname::text ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n)::text AS target_columns,
               con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
               con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
               CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS check_expr
        FROM pg_constraint con
        LEFT JOIN pg_class tc ON tc.oid = con.confrelid LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        WHERE con.conrelid = $1::int8::oid AND con.contype IN ('p', 'u', 'f', 'c')
"""

    /** Indexes that back no primary key, unique or exclusion constraint. */
    const val INDEXES = """
        SELECT ic.relname::text AS name, i.indisunique AS is_unique, am.amname::text AS method, i.indnkeyatts::int4 AS key_count,
               (SELECT json_agg(json_build_object('column', a.attname::text,
                    'expression', CASE WHEN i.indkey[s.k] = 0 THEN pg_get_indexdef(i.indexrelid, s.k + 1, true) END) ORDER BY s.k)
                  FROM generate_series(0, i.indnatts - 1) s(k)
                  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[s.k] AND i.indkey[s.k] <> 0)::text AS keys,
               pg_get_expr(i.indpred, i.indrelid, true) AS predicate
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = $1::int8::oid AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
"""

    /** `$1` schema (null: current), `$2` type name. */
    const val ENUM = """
        SELECT (n.nspname = current_schema()) AS is_current, n.nspname::text AS schema,
               (SELECT json_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)::text AS labels
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND n.nspname = coalesce($1::text, current_schema()) AND t.typname = $2::text"""

    /** `$1` schema (null: current), `$2` type name; the attributes in order, with their types as `format_type` writes them. */
    const val COMPOSITE = """
        SELECT (n.nspname = current_schema()) AS is_current, n.nspname::text AS schema,
               coalesce((SELECT json_agg(json_build_object('name', a.attname::text, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
                  FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]')::text AS attributes
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'c' AND n.nspname = coalesce($1::text, current_schema()) AND t.typname = $2::text
              AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'"""
}
