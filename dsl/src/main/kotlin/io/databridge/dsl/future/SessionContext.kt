package io.databridge.dsl.future

import io.databridge.pg.PgSession
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/** The context a Java facade's calls on [session] run under: a transaction is its own context element, found by the pool. */
internal fun callContextOf(session: PgSession): CoroutineContext = (session as? CoroutineContext.Element) ?: EmptyCoroutineContext
