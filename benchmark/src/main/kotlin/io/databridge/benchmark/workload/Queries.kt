package io.databridge.benchmark.workload

/** The SQL every client runs, written once so all clients do the same work. */
internal object Queries {
    const val POINT_SELECT: String = "SELECT id, v FROM bench_kv WHERE id = $1"
    const val MIXED_COLUMNS: String = "c_int4, c_int8, c_text, c_numeric, c_ts, c_uuid, c_bool, c_float8, c_jsonb, c_bytea"
    const val SELECT_MIXED: String = "SELECT $MIXED_COLUMNS FROM bench_mixed"
    const val INSERT_MIXED: String =
        "INSERT INTO bench_insert ($MIXED_COLUMNS) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)"
    const val COPY_IN: String = "COPY bench_copy (id, name, score) FROM STDIN"
    const val LOAD_TEXT: String = "COPY bench_load ($MIXED_COLUMNS) FROM STDIN"
    const val LOAD_BINARY: String = "COPY bench_load ($MIXED_COLUMNS) FROM STDIN (FORMAT binary)"
    const val STREAM_SERIES: String = "SELECT g FROM generate_series(1::int8, $1::int8) g"

    /** The expected W1 checksum of one key: the id plus the length of its text value. */
    fun pointChecksum(id: Int): Long = id.toLong() + kvValue(id).length

    /** The text stored beside [id] in bench_kv. */
    fun kvValue(id: Int): String = "value-$id"
}
