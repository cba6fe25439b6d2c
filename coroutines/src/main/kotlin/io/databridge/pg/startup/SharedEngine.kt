package io.databridge.pg.startup

import io.databridge.pg.transport.EventLoopGroup
import io.databridge.pg.transport.KtorTransportFactory
import io.databridge.pg.transport.NioTransportFactory
import io.databridge.pg.transport.TransportFactory
import io.databridge.pg.types.TypeRegistry

/** The event loops and factories shared by connections that bring none of their own. */
internal object SharedEngine {
    val group: EventLoopGroup by lazy { EventLoopGroup(namePrefix = "data-bridge-loop") }
    val nio: TransportFactory by lazy { NioTransportFactory(group) }
    val ktor: TransportFactory by lazy { KtorTransportFactory(group) }
    val builtins: TypeRegistry by lazy { TypeRegistry.withBuiltins() }
}
