package io.databridge.pg.routing

import kotlin.coroutines.CoroutineContext

/** Marks the calls of a coroutine (a `readOnly { }` block of a routing pool) as reads a replica may serve. */
internal object ReadOnlyCalls : CoroutineContext.Element {
    override val key: CoroutineContext.Key<*> get() = Key

    /** The key of the mark in a coroutine context. */
    object Key : CoroutineContext.Key<ReadOnlyCalls>
}
