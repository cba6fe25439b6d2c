package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import java.util.concurrent.ConcurrentHashMap

/**
 * The relations and types of one replication stream, learnt only from its Relation and Type messages, so changes are
 * read with the schema the WAL had when they were written (never with today's catalog).
 */
public class RelationCache {
    private val relations = ConcurrentHashMap<Int, Relation>()
    private val types = ConcurrentHashMap<Int, ReplicatedType>()

    /** Records what a Relation or Type message describes; other messages are ignored. */
    public fun learn(message: PgOutputMessage) {
        when (message) {
            is RelationMessage -> relations[message.relation.oid] = message.relation
            is TypeMessage -> types[message.type.oid] = message.type
            else -> Unit
        }
    }

    /** The relation [oid] as last described; throws [ProtocolException] when the stream never described it. */
    public fun relation(oid: Int): Relation =
        relations[oid] ?: throw ProtocolException("pgoutput change for relation OID $oid before its Relation message")

    /** The type [oid] as a Type message described it, or null (built-in types are never described). */
    public fun type(oid: Int): ReplicatedType? = types[oid]
}
