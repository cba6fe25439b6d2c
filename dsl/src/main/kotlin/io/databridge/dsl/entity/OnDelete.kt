package io.databridge.dsl.entity

/** What deleting a parent through the entity layer does to the children of a [OneToMany] relation. */
public enum class OnDelete {
    /** Nothing: the database's own foreign-key rule decides (an error when children remain and it has none). */
    NONE,

    /** Children are deleted first (and their own cascades followed), in the same transaction. */
    CASCADE,

    /** Children stay and their foreign key is set to NULL; needs a nullable foreign-key column. */
    DETACH,
}
