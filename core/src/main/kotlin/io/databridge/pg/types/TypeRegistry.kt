package io.databridge.pg.types

import java.util.concurrent.ConcurrentHashMap

/**
 * Maps PostgreSQL type OIDs to codecs, and JVM classes to the codec used when such a value is bound as a parameter.
 *
 * Each connection holds one registry (built-ins plus the types it resolved through the catalog: enums, domains,
 * composites, ranges, extension types). Users extend it with [register]. An OID without a codec is not an error:
 * the engine asks for text and returns the value as a String.
 */
public class TypeRegistry private constructor(
    private val byOid: ConcurrentHashMap<Int, PgCodec<*>>,
    private val byClass: ConcurrentHashMap<Class<*>, PgCodec<*>>,
    private val byName: ConcurrentHashMap<String, PgCodec<*>>,
) {
    /** An empty registry; most callers want [withBuiltins]. */
    public constructor() : this(ConcurrentHashMap(), ConcurrentHashMap(), ConcurrentHashMap())

    /** The codec for [oid], or null when the type is unknown (decode it as text). */
    public fun codecFor(oid: Int): PgCodec<*>? = byOid[oid]

    /** The codec registered under a type name (`int4`, `public.mood`, …), or null. */
    public fun codecFor(typeName: String): PgCodec<*>? = byName[typeName]

    /** The codec that binds values of exactly [valueClass], or of its nearest registered superclass/interface. */
    public fun codecForClass(valueClass: Class<*>): PgCodec<*>? {
        byClass[valueClass]?.let { return it }
        var c: Class<*>? = valueClass.superclass
        while (c != null) {
            byClass[c]?.let { return it }
            for (i in c.interfaces) byClass[i]?.let { return it }
            c = c.superclass
        }
        for (i in valueClass.interfaces) byClass[i]?.let { return it }
        return null
    }

    /**
     * Adds [codec] under its type's OID and name. With [bindsClass] true it also becomes the codec used to bind
     * parameters of its [PgCodec.valueClass] (the first registration of a class wins unless [replace] is set).
     */
    public fun register(codec: PgCodec<*>, bindsClass: Boolean = true, replace: Boolean = false): TypeRegistry {
        byOid[codec.type.oid] = codec
        byName[codec.type.name] = codec
        if (bindsClass) {
            if (replace) byClass[codec.valueClass] = codec else byClass.putIfAbsent(codec.valueClass, codec)
        }
        return this
    }

    /** Also finds [codec] under [typeName] (a catalog type is registered qualified, `public.mood`, and aliased `mood`). */
    public fun alias(typeName: String, codec: PgCodec<*>): TypeRegistry {
        byName[typeName] = codec
        return this
    }

    /** A snapshot of every codec registered by OID. */
    public fun codecs(): List<PgCodec<*>> = byOid.values.toList()

    /** A copy that can be extended without affecting this registry (each connection starts from a shared template). */
    public fun copy(): TypeRegistry = TypeRegistry(ConcurrentHashMap(byOid), ConcurrentHashMap(byClass), ConcurrentHashMap(byName))

    /** Registries preloaded with PostgreSQL's built-in types. */
    public companion object {
        /** A new registry holding every built-in codec. */
        @JvmStatic
        public fun withBuiltins(): TypeRegistry = TypeRegistry().also {
            registerScalarCodecs(it)
            registerContainerCodecs(it)
        }
    }
}
