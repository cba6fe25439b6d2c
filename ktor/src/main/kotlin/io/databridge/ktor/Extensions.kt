package io.databridge.ktor

import io.databridge.pg.IsolationLevel
import io.databridge.pg.PgListener
import io.databridge.pg.PgPool
import io.databridge.pg.PgSession
import io.databridge.pg.RetryPolicy
import io.databridge.pg.Transaction
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCall
import kotlinx.coroutines.CoroutineScope

/** The application's pool, created by [DataBridge]; throws `MissingApplicationPluginException` without the plugin. */
public val Application.dataBridge: PgPool
    get() = dataBridgeRuntime.pool

/**
 * Where a call runs its statements (and the DSL's `list`, `single`, `execute`, …): the application's pool, which
 * inside [transaction] runs them in the call's transaction.
 */
public val ApplicationCall.dataBridge: PgSession
    get() = application.dataBridge

/**
 * Runs [block] in a transaction for this call: COMMIT when it returns, ROLLBACK when it throws or the call is
 * cancelled (the client went away); see [PgPool.transaction] for the options.
 */
public suspend fun <T> ApplicationCall.transaction(
    isolation: IsolationLevel? = null,
    readOnly: Boolean = false,
    retry: RetryPolicy? = null,
    block: suspend CoroutineScope.(Transaction) -> T,
): T = application.dataBridge.transaction(isolation = isolation, readOnly = readOnly, retry = retry, block = block)

/**
 * The application's one LISTEN connection, shared by every subscriber (see [PgListener]); opened on first use,
 * closed when the application stops. Throws the connection's failure when it cannot be opened.
 */
public suspend fun Application.dataBridgeListener(): PgListener = dataBridgeRuntime.listener()
