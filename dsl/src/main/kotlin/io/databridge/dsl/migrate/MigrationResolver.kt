package io.databridge.dsl.migrate

/** Collects the migrations of every source and refuses two migrations with one version or repeatable description. */
internal object MigrationResolver {
    fun resolve(sources: List<MigrationSource>): List<Migration> {
        val all = sources.flatMap { it.migrations() }
        duplicate(all.filter { it.version != null }.groupBy { it.version!! })?.let { (version, clash) ->
            throw MigrationSourceException("version $version is defined twice: ${clash.joinToString(" and ") { it.location }}")
        }
        duplicate(all.filter { it.version == null }.groupBy { it.description })?.let { (description, clash) ->
            throw MigrationSourceException(
                "repeatable migration \"$description\" is defined twice: ${clash.joinToString(" and ") { it.location }}",
            )
        }
        return all
    }

    private fun <K> duplicate(groups: Map<K, List<Migration>>): Pair<K, List<Migration>>? =
        groups.entries.firstOrNull { it.value.size > 1 }?.let { it.key to it.value }
}
