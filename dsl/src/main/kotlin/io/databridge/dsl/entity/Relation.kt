package io.databridge.dsl.entity

import io.databridge.dsl.Column
import io.databridge.dsl.Table

/**
 * A relation from entities of [S] to entities of [T], declared from the tables' foreign keys on the source mapping
 * ([EntityMapping.manyToOne], [EntityMapping.oneToMany], [EntityMapping.manyToMany]). It is its own [LoadPlan]; add
 * nested plans with [with]. Loaded values land in the [Related] holder the relation reads from each source entity.
 */
public sealed class Relation<S : Any, T : Any>(
    /** The mapping the relation starts from. */
    public val source: EntityMapping<S, *>,
    /** The mapping of the related entities. */
    public val target: EntityMapping<T, *>,
) : LoadPlan<S> {
    override val relation: Relation<S, *> get() = this
    override val nested: List<LoadPlan<*>> get() = emptyList()

    /** This relation, then [plans] on the entities it loads. */
    public fun with(vararg plans: LoadPlan<T>): LoadPlan<S> = NestedLoadPlan(this, plans.toList())
}

/** Each source row's foreign key [foreignKey] points at one target row by [referenced] (or at none when NULL). */
public class ManyToOne<S : Any, T : Any> internal constructor(
    source: EntityMapping<S, *>,
    target: EntityMapping<T, *>,
    /** The source table's foreign-key column. */
    public val foreignKey: Column<*>,
    /** The target table's column it references. */
    public val referenced: Column<*>,
    internal val holder: PropertyReader<S, Related<T?>>,
) : Relation<S, T>(source, target) {
    override fun toString(): String = "${source.entityName} -> ${target.entityName} by $foreignKey"
}

/** Target rows whose foreign key [foreignKey] holds a source row's [referenced] value belong to it. */
public class OneToMany<S : Any, T : Any> internal constructor(
    source: EntityMapping<S, *>,
    target: EntityMapping<T, *>,
    /** The target table's foreign-key column. */
    public val foreignKey: Column<*>,
    /** The source table's column it references. */
    public val referenced: Column<*>,
    internal val holder: PropertyReader<S, Related<List<T>>>,
    /** What deleting a source entity does to its targets. */
    public val onDelete: OnDelete,
) : Relation<S, T>(source, target) {
    override fun toString(): String = "${source.entityName} ->* ${target.entityName} by $foreignKey"
}

/** Source and target rows are paired by the rows of [link], whose [sourceLink] and [targetLink] reference them. */
public class ManyToMany<S : Any, T : Any> internal constructor(
    source: EntityMapping<S, *>,
    target: EntityMapping<T, *>,
    /** The link table. */
    public val link: Table,
    /** The link table's foreign key to the source table. */
    public val sourceLink: Column<*>,
    /** The source column [sourceLink] references. */
    public val sourceReferenced: Column<*>,
    /** The link table's foreign key to the target table. */
    public val targetLink: Column<*>,
    /** The target column [targetLink] references. */
    public val targetReferenced: Column<*>,
    internal val holder: PropertyReader<S, Related<List<T>>>,
) : Relation<S, T>(source, target) {
    override fun toString(): String = "${source.entityName} *-* ${target.entityName} through ${link.tableName}"
}

/** The column [foreignKey] (of [from]) references in [to], or a message naming both sides. */
internal fun referencedColumn(foreignKey: Column<*>, from: Table, to: Table, relation: String): Column<*> {
    if (foreignKey.owner !== from) {
        throw InvalidMappingException("$relation: $foreignKey is not a column of ${from.tableName}")
    }
    val referenced = from.references[foreignKey]
        ?: throw InvalidMappingException("$relation: $foreignKey is not declared as a foreign key (.references(…)) of ${from.tableName}")
    if (referenced.owner !== to) {
        throw InvalidMappingException("$relation: $foreignKey references $referenced, not a column of ${to.tableName}")
    }
    return referenced
}
