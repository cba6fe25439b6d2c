package io.databridge.dsl.entity

/**
 * The value of one relation of one entity: unloaded until a query asks for it (`with(…)`) or `load(…)` fills it.
 * Reading an unloaded value throws [RelationNotLoadedException] instead of querying: no I/O hides behind a read.
 * Declare it in the entity's body (`val reviews = Related<List<Review>>()`), so `copy()`, `equals` and `toString`
 * of a data class stay about its columns; a copy starts unloaded. Identity equality.
 */
public class Related<T>(private val description: String = "relation") {
    @Volatile
    private var loaded = false

    @Volatile
    private var current: T? = null

    /** Whether the value was loaded (or set). */
    public val isLoaded: Boolean get() = loaded

    /** The loaded value; throws [RelationNotLoadedException] when it was never loaded. */
    @Suppress("UNCHECKED_CAST")
    public val value: T
        get() {
            if (!loaded) {
                throw RelationNotLoadedException(
                    "$description is not loaded: ask for it with with(…) when querying, or call load(…); " +
                        "reading a relation never queries",
                )
            }
            return current as T
        }

    /** Sets the value (the loader does; set it yourself to attach new entities that a cascading save inserts). */
    public fun set(value: T) {
        current = value
        loaded = true
    }

    /** The loaded value, or null when unloaded. */
    public fun valueOrNull(): T? = if (loaded) current else null

    override fun toString(): String = if (loaded) "Related($description, loaded)" else "Related($description, unloaded)"
}
