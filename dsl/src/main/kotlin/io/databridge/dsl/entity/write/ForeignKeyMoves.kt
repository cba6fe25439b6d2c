package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.OneToMany
import io.databridge.dsl.entity.PropertyReader
import io.databridge.dsl.entity.Related
import io.databridge.dsl.entity.tracking.EntityState
import io.databridge.dsl.entity.tracking.IdentityMap
import io.databridge.dsl.entity.tracking.TrackedEntity
import java.util.IdentityHashMap

/**
 * Children moved between parents through relation holders: a tracked child found in the loaded one-to-many holder
 * of a tracked parent it does not reference gets that parent's key as its foreign key at the flush. A foreign-key
 * property the child changed itself wins over the holder it sits in.
 */
internal object ForeignKeyMoves {
    /** For each moved child among [tracked], its foreign-key column indexes with the value to write. */
    @Suppress("UNCHECKED_CAST")
    fun of(identity: IdentityMap, tracked: List<TrackedEntity>): Map<TrackedEntity, Map<Int, Any?>> {
        val moves = IdentityHashMap<TrackedEntity, MutableMap<Int, Any?>>()
        val holders = IdentityHashMap<TrackedEntity, MutableMap<Int, TrackedEntity>>()
        for (parent in tracked) {
            for (relation in parent.mapping.relations) {
                if (relation !is OneToMany<*, *>) continue
                val holder = (relation.holder as PropertyReader<Any, Related<List<Any>>>).read(parent.entity)
                val children = holder.valueOrNull() ?: continue
                val target = relation.target as EntityMapping<Any, *>
                val foreignKey = target.indexOf(relation.foreignKey)
                val parentKey = parent.snapshot!![parent.mapping.indexOf(relation.referenced)]
                for (child in children) {
                    val key = target.keyOf(target.valuesOf(child))
                    if (key.any { it == null }) continue
                    val entry = identity.get(target, key)?.takeIf { it.state == EntityState.MANAGED } ?: continue
                    val other = holders.getOrPut(entry) { HashMap() }.put(foreignKey, parent)
                    if (other != null && other !== parent) {
                        throw IllegalStateException(
                            "${target.describe(entry.snapshot!!)} sits in the ${relation.target.entityName} holders of both " +
                                "${other.mapping.describe(other.snapshot!!)} and ${parent.mapping.describe(parent.snapshot!!)}: " +
                                "remove it from the one it left",
                        )
                    }
                    val snapshot = entry.snapshot!!
                    val own = target.valueOf(entry.entity, foreignKey)
                    if (own != (entry.seen ?: snapshot)[foreignKey] || snapshot[foreignKey] == parentKey) continue
                    moves.getOrPut(entry) { HashMap() }[foreignKey] = parentKey
                }
            }
        }
        return moves
    }
}
