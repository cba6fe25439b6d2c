package io.databridge.dsl.migrate

import java.nio.file.Path

/**
 * Where migrations come from: a classpath location, a directory, or Kotlin migrations. The runner asks every source
 * of its config for its migrations on each command.
 */
public fun interface MigrationSource {
    /** The migrations this source holds, read now. */
    public fun migrations(): List<Migration>

    /** Making sources. */
    public companion object {
        private const val CLASSPATH = "classpath:"
        private const val FILESYSTEM = "filesystem:"

        /**
         * The source a Flyway-style [location] names: `classpath:db/migration` (also without a prefix) scans that
         * resource folder in directories and jars of [classLoader]; `filesystem:/srv/migrations` scans a directory.
         * Both scan subfolders too.
         */
        @JvmStatic
        @JvmOverloads
        public fun of(location: String, classLoader: ClassLoader? = null): MigrationSource = when {
            location.startsWith(FILESYSTEM) -> directory(Path.of(location.removePrefix(FILESYSTEM)))
            else -> ClasspathMigrationSource(
                location.removePrefix(CLASSPATH),
                classLoader ?: Thread.currentThread().contextClassLoader ?: MigrationSource::class.java.classLoader,
            )
        }

        /** The SQL migration files in [directory] and its subdirectories. */
        @JvmStatic
        public fun directory(directory: Path): MigrationSource = DirectoryMigrationSource(directory)

        /** The given (Kotlin) [migrations]. */
        @JvmStatic
        public fun of(vararg migrations: Migration): MigrationSource {
            val list = migrations.toList()
            return MigrationSource { list }
        }
    }
}
