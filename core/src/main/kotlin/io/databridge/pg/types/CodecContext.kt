package io.databridge.pg.types

/**
 * What a codec may need beyond the bytes: the registry (for element, field and subtype codecs) and the server's
 * reported settings that change text formats (`DateStyle`, `IntervalStyle`, `TimeZone`, …).
 */
public interface CodecContext {
    /** The registry of the connection the value belongs to. */
    public val registry: TypeRegistry

    /** The server's current value of a ParameterStatus setting, or null when it never reported it. */
    public fun serverParameter(name: String): String?
}
