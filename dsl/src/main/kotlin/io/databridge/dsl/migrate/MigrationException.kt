package io.databridge.dsl.migrate

import io.databridge.pg.errors.DataBridgeException

/** The root of the migration runner's own failures; catch it to handle every migration error in one place. */
public open class MigrationException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)

/** A location or file the runner cannot use: a missing location, a malformed file name, a duplicate version. */
public class MigrationSourceException(message: String, cause: Throwable? = null) : MigrationException(message, cause)

/** The history table is in a state the command refuses, e.g. [Migrator.baseline] on a database that has migrations. */
public class MigrationStateException(message: String) : MigrationException(message)

/** Another runner held the migration lock for longer than the configured lock timeout. */
public class MigrationLockException(message: String) : MigrationException(message)
