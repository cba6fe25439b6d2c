package io.databridge.pg.observe

/** What kind of work an observed operation is; the engine reports each public call as one of these. */
public enum class PgOperationKind {
    /** `query`: a statement over the extended protocol whose rows are returned. */
    QUERY,

    /** `execute`: a statement over the extended protocol whose row count is returned. */
    EXECUTE,

    /** `executeBatch`: one statement run once per parameter set in one round trip. */
    BATCH,

    /** `stream`: a statement whose rows are fetched through a portal while they are collected. */
    STREAM,

    /** `simpleQuery`: a script over the simple protocol (also savepoint commands). */
    SIMPLE_QUERY,

    /** A whole `transaction { }` block, from BEGIN to COMMIT or ROLLBACK; its statements are nested in it. */
    TRANSACTION,

    /** The BEGIN that opens a transaction block. */
    BEGIN,

    /** The COMMIT that ends a transaction block. */
    COMMIT,

    /** The ROLLBACK that ends a failed or cancelled transaction block. */
    ROLLBACK,

    /** `copyIn`: `COPY … FROM STDIN`. */
    COPY_IN,

    /** `copyOut`: `COPY … TO STDOUT`. */
    COPY_OUT,
}
