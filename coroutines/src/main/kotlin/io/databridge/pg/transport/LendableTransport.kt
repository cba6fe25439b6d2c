package io.databridge.pg.transport

/**
 * A transport whose socket a calling thread may drive itself for a while, so that a blocking caller alone on its
 * connection pays no hand-off to the loop thread and back (see `ConnectionConfinement`). While lent, the loop neither
 * reads nor flushes: the [borrower] does, through the calls below, and the threading rule of [Transport] reads "the
 * borrower's thread" instead of "the loop's thread".
 */
internal interface LendableTransport : Transport {
    /** The thread driving the socket while lent; set by the borrower on entry, cleared on exit. */
    var borrower: Thread?

    /** On the loop: stops the loop's reads and flushes; false (and nothing changed) when the socket is not quiet. */
    fun lend(): Boolean

    /** On the loop: takes the socket back; reads resume and what the borrower left queued is flushed. */
    fun endLend()

    /** Borrower only: writes everything queued, waiting for the socket to take it; true when something was written. */
    fun flushLent(): Boolean

    /** Borrower only: hands what the socket holds to the handler; false when there was nothing to read. */
    fun readLent(): Boolean

    /** Borrower only: waits until the socket is readable or [wakeLent] was called. */
    fun awaitLent()

    /** Any thread: makes the borrower's [awaitLent] return. */
    fun wakeLent()
}
