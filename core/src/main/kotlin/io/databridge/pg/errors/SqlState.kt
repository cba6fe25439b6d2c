package io.databridge.pg.errors

/**
 * A five-character SQLSTATE code as PostgreSQL reports it (appendix "PostgreSQL Error Codes").
 *
 * The first two characters are the class; [isRetryable] tells whether running the whole transaction again
 * may succeed.
 */
@JvmInline
public value class SqlState(public val code: String) {
    /** The two-character class, e.g. `23` for integrity constraint violations. */
    public val sqlClass: String get() = code.take(2)

    /** True for serialization failures and deadlocks: the transaction may succeed if run again from the start. */
    public val isRetryable: Boolean get() = code == SERIALIZATION_FAILURE.code || code == DEADLOCK_DETECTED.code

    /** The class's name in PostgreSQL's error code list (e.g. `Insufficient Resources`); null outside the error classes. */
    public val className: String? get() = ERROR_CLASSES[sqlClass]

    /** True when the code belongs to class [sqlClass] (two characters). */
    public fun isInClass(sqlClass: String): Boolean = code.startsWith(sqlClass) && sqlClass.length == 2

    override fun toString(): String = code

    /** The codes data-bridge maps to dedicated exception classes. */
    public companion object {
        /** 08000 connection_exception. */
        public val CONNECTION_EXCEPTION: SqlState = SqlState("08000")
        /** 0A000 feature_not_supported. */
        public val FEATURE_NOT_SUPPORTED: SqlState = SqlState("0A000")
        /** 22000 data_exception. */
        public val DATA_EXCEPTION: SqlState = SqlState("22000")
        /** 22001 string_data_right_truncation. */
        public val STRING_DATA_RIGHT_TRUNCATION: SqlState = SqlState("22001")
        /** 22003 numeric_value_out_of_range. */
        public val NUMERIC_VALUE_OUT_OF_RANGE: SqlState = SqlState("22003")
        /** 22012 division_by_zero. */
        public val DIVISION_BY_ZERO: SqlState = SqlState("22012")
        /** 22P02 invalid_text_representation. */
        public val INVALID_TEXT_REPRESENTATION: SqlState = SqlState("22P02")
        /** 23000 integrity_constraint_violation. */
        public val INTEGRITY_CONSTRAINT_VIOLATION: SqlState = SqlState("23000")
        /** 23502 not_null_violation. */
        public val NOT_NULL_VIOLATION: SqlState = SqlState("23502")
        /** 23503 foreign_key_violation. */
        public val FOREIGN_KEY_VIOLATION: SqlState = SqlState("23503")
        /** 23505 unique_violation. */
        public val UNIQUE_VIOLATION: SqlState = SqlState("23505")
        /** 23514 check_violation. */
        public val CHECK_VIOLATION: SqlState = SqlState("23514")
        /** 23P01 exclusion_violation. */
        public val EXCLUSION_VIOLATION: SqlState = SqlState("23P01")
        /** 25000 invalid_transaction_state. */
        public val INVALID_TRANSACTION_STATE: SqlState = SqlState("25000")
        /** 25006 read_only_sql_transaction. */
        public val READ_ONLY_SQL_TRANSACTION: SqlState = SqlState("25006")
        /** 25P02 in_failed_sql_transaction. */
        public val IN_FAILED_SQL_TRANSACTION: SqlState = SqlState("25P02")
        /** 28000 invalid_authorization_specification. */
        public val INVALID_AUTHORIZATION_SPECIFICATION: SqlState = SqlState("28000")
        /** 28P01 invalid_password. */
        public val INVALID_PASSWORD: SqlState = SqlState("28P01")
        /** 3D000 invalid_catalog_name (the database does not exist). */
        public val INVALID_CATALOG_NAME: SqlState = SqlState("3D000")
        /** 40000 transaction_rollback. */
        public val TRANSACTION_ROLLBACK: SqlState = SqlState("40000")
        /** 40001 serialization_failure. */
        public val SERIALIZATION_FAILURE: SqlState = SqlState("40001")
        /** 40P01 deadlock_detected. */
        public val DEADLOCK_DETECTED: SqlState = SqlState("40P01")
        /** 42000 syntax_error_or_access_rule_violation. */
        public val SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION: SqlState = SqlState("42000")
        /** 42501 insufficient_privilege. */
        public val INSUFFICIENT_PRIVILEGE: SqlState = SqlState("42501")
        /** 42601 syntax_error. */
        public val SYNTAX_ERROR: SqlState = SqlState("42601")
        /** 42703 undefined_column. */
        public val UNDEFINED_COLUMN: SqlState = SqlState("42703")
        /** 42P01 undefined_table. */
        public val UNDEFINED_TABLE: SqlState = SqlState("42P01")
        /** 53000 insufficient_resources. */
        public val INSUFFICIENT_RESOURCES: SqlState = SqlState("53000")
        /** 53300 too_many_connections. */
        public val TOO_MANY_CONNECTIONS: SqlState = SqlState("53300")
        /** 55000 object_not_in_prerequisite_state. */
        public val OBJECT_NOT_IN_PREREQUISITE_STATE: SqlState = SqlState("55000")
        /** 55P03 lock_not_available. */
        public val LOCK_NOT_AVAILABLE: SqlState = SqlState("55P03")
        /** 57000 operator_intervention. */
        public val OPERATOR_INTERVENTION: SqlState = SqlState("57000")
        /** 57014 query_canceled. */
        public val QUERY_CANCELED: SqlState = SqlState("57014")
        /** 57P01 admin_shutdown. */
        public val ADMIN_SHUTDOWN: SqlState = SqlState("57P01")
        /** 57P02 crash_shutdown. */
        public val CRASH_SHUTDOWN: SqlState = SqlState("57P02")
        /** 57P03 cannot_connect_now. */
        public val CANNOT_CONNECT_NOW: SqlState = SqlState("57P03")
        /** XX000 internal_error. */
        public val INTERNAL_ERROR: SqlState = SqlState("XX000")
    }
}
