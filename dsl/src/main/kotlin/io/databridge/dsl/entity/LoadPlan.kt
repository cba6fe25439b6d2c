package io.databridge.dsl.entity

/**
 * What to load eagerly with entities of [E]: a [Relation] on its own, or one with nested plans for the entities it
 * loads (`Book.reviews.with(Review.reviewer)`). Each relation level costs one statement, whatever the row count.
 */
public sealed interface LoadPlan<E : Any> {
    /** The relation loaded at this level. */
    public val relation: Relation<E, *>

    /** The plans run on the entities [relation] loaded. */
    public val nested: List<LoadPlan<*>>
}

/** A relation with nested plans for the entities it loads. */
public class NestedLoadPlan<E : Any> internal constructor(
    override val relation: Relation<E, *>,
    override val nested: List<LoadPlan<*>>,
) : LoadPlan<E> {
    override fun toString(): String = "$relation.with($nested)"
}
