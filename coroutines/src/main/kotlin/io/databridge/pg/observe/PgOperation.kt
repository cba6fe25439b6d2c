package io.databridge.pg.observe

/**
 * One operation the engine is about to run, as [PgInstrumentation.start] receives it. [sql] is the statement text
 * as the application wrote it: extended-protocol statements carry their values as bound parameters, which are never
 * exposed here; simple-protocol scripts (kinds [PgOperationKind.SIMPLE_QUERY], [PgOperationKind.COPY_IN],
 * [PgOperationKind.COPY_OUT]) may contain literals, so use [sanitizedSql] wherever the text leaves the process.
 */
public class PgOperation internal constructor(
    /** What kind of call this is. */
    public val kind: PgOperationKind,
    /** The statement or script text. */
    public val sql: String,
    /** The server and session it runs against. */
    public val server: PgServerInfo,
    /** How many parameter sets a [PgOperationKind.BATCH] runs; 1 otherwise. */
    public val batchSize: Int,
    /** The bound values, handed only to the built-in slow-query log when the user opted in. */
    internal val parameterValues: List<Any?>?,
) {
    /** Whether [sql] went over the simple protocol, where values are written into the text as literals. */
    public val isSimpleProtocol: Boolean
        get() = kind != PgOperationKind.QUERY && kind != PgOperationKind.EXECUTE &&
            kind != PgOperationKind.BATCH && kind != PgOperationKind.STREAM

    /** [sql] with its literals replaced by `?` and comments removed for simple-protocol text; [sql] otherwise. */
    public val sanitizedSql: String by lazy { if (isSimpleProtocol) SqlText.sanitize(sql) else sql }

    /**
     * The operation name in the sense of the database semantic conventions: the statement's first keyword
     * (`SELECT`, `INSERT`, …), `BATCH <keyword>` for batches, `TRANSACTION` for a transaction block.
     */
    public val operationName: String by lazy {
        when (kind) {
            PgOperationKind.TRANSACTION -> "TRANSACTION"
            PgOperationKind.BATCH -> "BATCH " + SqlText.firstKeyword(sql)
            else -> SqlText.firstKeyword(sql)
        }
    }

    override fun toString(): String = "PgOperation($kind, $operationName, $server)"
}
