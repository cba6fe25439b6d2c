package io.databridge.benchmark.clients

import io.databridge.pg.ConnectOptions
import io.databridge.pg.TransportKind

/**
 * The options for [transport]. `compare.sh` runs this harness against older builds' engines, whose `ConnectOptions`
 * constructor has another JVM signature: a Kotlin call binds to the synthetic all-parameters constructor, so NIO takes
 * the JVM's no-argument constructor where a build has one (builds without inline-class options do) and the Kotlin
 * call otherwise.
 */
internal fun connectOptionsFor(transport: TransportKind): ConnectOptions =
    if (transport == TransportKind.NIO) {
        runCatching { ConnectOptions::class.java.getConstructor().newInstance() }.getOrElse { ConnectOptions() }
    } else {
        ConnectOptions(transport = transport)
    }
