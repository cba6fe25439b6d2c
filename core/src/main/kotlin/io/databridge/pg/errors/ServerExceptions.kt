package io.databridge.pg.errors

// The class-level exceptions callers commonly handle, with one subclass per condition they commonly catch; the other
// SQLSTATE classes get generated class-level exceptions (SqlStateClasses.kt), and every code maps to its class's.

/** SQLSTATE class 08: the server reports a connection problem. Not to be confused with the client-side [ConnectionClosedException]. */
public open class ConnectionException(fields: DiagnosticFields) : PgServerException(fields)

/** SQLSTATE class 0A: the server does not support the requested feature (also raised for a stale cached plan). */
public open class FeatureNotSupportedException(fields: DiagnosticFields) : PgServerException(fields)

/** SQLSTATE class 22: a value is invalid for its type or operation. */
public open class DataException(fields: DiagnosticFields) : PgServerException(fields)

/** 22001: a string is too long for its column type. */
public class StringDataRightTruncationException(fields: DiagnosticFields) : DataException(fields)

/** 22003: a number does not fit its type. */
public class NumericValueOutOfRangeException(fields: DiagnosticFields) : DataException(fields)

/** 22012: division by zero. */
public class DivisionByZeroException(fields: DiagnosticFields) : DataException(fields)

/** 22P02: a text value could not be parsed as its type. */
public class InvalidTextRepresentationException(fields: DiagnosticFields) : DataException(fields)

/** SQLSTATE class 23: a constraint rejected the change; [constraintName] and [tableName] say which. */
public open class IntegrityConstraintViolationException(fields: DiagnosticFields) : PgServerException(fields)

/** 23502: NULL written to a NOT NULL column ([columnName]). */
public class NotNullViolationException(fields: DiagnosticFields) : IntegrityConstraintViolationException(fields)

/** 23503: a foreign key would point to nothing or a referenced row is still in use. */
public class ForeignKeyViolationException(fields: DiagnosticFields) : IntegrityConstraintViolationException(fields)

/** 23505: a unique or primary key constraint would be violated. */
public class UniqueViolationException(fields: DiagnosticFields) : IntegrityConstraintViolationException(fields)

/** 23514: a CHECK constraint rejected the row. */
public class CheckViolationException(fields: DiagnosticFields) : IntegrityConstraintViolationException(fields)

/** 23P01: an exclusion constraint would be violated. */
public class ExclusionViolationException(fields: DiagnosticFields) : IntegrityConstraintViolationException(fields)

/** SQLSTATE class 25: the command is not allowed in the current transaction state. */
public open class InvalidTransactionStateException(fields: DiagnosticFields) : PgServerException(fields)

/** 25006: a write in a read-only transaction or on a standby. */
public class ReadOnlySqlTransactionException(fields: DiagnosticFields) : InvalidTransactionStateException(fields)

/** 25P02: the transaction already failed; commands are ignored until it ends. */
public class InFailedSqlTransactionException(fields: DiagnosticFields) : InvalidTransactionStateException(fields)

/** SQLSTATE class 28: the server refused the user or its credentials. */
public open class InvalidAuthorizationException(fields: DiagnosticFields) : PgServerException(fields)

/** 28P01: password authentication failed. */
public class InvalidPasswordException(fields: DiagnosticFields) : InvalidAuthorizationException(fields)

/** SQLSTATE class 3D: the database does not exist. */
public open class InvalidCatalogNameException(fields: DiagnosticFields) : PgServerException(fields)

/** SQLSTATE class 40: the server rolled the transaction back. */
public open class TransactionRollbackException(fields: DiagnosticFields) : PgServerException(fields)

/** 40001: concurrent transactions conflicted; running the transaction again may succeed. */
public class SerializationFailureException(fields: DiagnosticFields) : TransactionRollbackException(fields)

/** 40P01: this transaction was chosen as a deadlock victim; running it again may succeed. */
public class DeadlockDetectedException(fields: DiagnosticFields) : TransactionRollbackException(fields)

/** SQLSTATE class 42: the statement is malformed, names something unknown, or is not permitted. */
public open class SyntaxErrorOrAccessRuleViolationException(fields: DiagnosticFields) : PgServerException(fields)

/** 42501: the user lacks a privilege the statement needs. */
public class InsufficientPrivilegeException(fields: DiagnosticFields) : SyntaxErrorOrAccessRuleViolationException(fields)

/** 42601: the SQL text does not parse; [position] points at the problem. */
public class SyntaxErrorException(fields: DiagnosticFields) : SyntaxErrorOrAccessRuleViolationException(fields)

/** 42703: a referenced column does not exist. */
public class UndefinedColumnException(fields: DiagnosticFields) : SyntaxErrorOrAccessRuleViolationException(fields)

/** 42P01: a referenced table or relation does not exist. */
public class UndefinedTableException(fields: DiagnosticFields) : SyntaxErrorOrAccessRuleViolationException(fields)

/** SQLSTATE class 53: the server ran out of a resource (memory, disk, connections). */
public open class InsufficientResourcesException(fields: DiagnosticFields) : PgServerException(fields)

/** 53300: the server has no free connection slot. */
public class TooManyConnectionsException(fields: DiagnosticFields) : InsufficientResourcesException(fields)

/** SQLSTATE class 55: an object is not in the state the command needs. */
public open class ObjectNotInPrerequisiteStateException(fields: DiagnosticFields) : PgServerException(fields)

/** 55P03: a lock could not be taken immediately (NOWAIT, lock_timeout). */
public class LockNotAvailableException(fields: DiagnosticFields) : ObjectNotInPrerequisiteStateException(fields)

/** SQLSTATE class 57: an operator or the server itself stopped the command or session. */
public open class OperatorInterventionException(fields: DiagnosticFields) : PgServerException(fields)

/** 57014: the statement was cancelled (cancel request or statement_timeout). */
public class QueryCanceledException(fields: DiagnosticFields) : OperatorInterventionException(fields)

/** 57P01: the server is shutting down or the session was terminated by an administrator. */
public class AdminShutdownException(fields: DiagnosticFields) : OperatorInterventionException(fields)

/** 57P02: the server is restarting after another process crashed. */
public class CrashShutdownException(fields: DiagnosticFields) : OperatorInterventionException(fields)

/** 57P03: the server is starting up or in recovery and does not accept connections yet. */
public class CannotConnectNowException(fields: DiagnosticFields) : OperatorInterventionException(fields)

/** The most specific exception class for the SQLSTATE in [fields]. */
internal fun exceptionFor(fields: DiagnosticFields): PgServerException = when (fields.sqlState) {
    SqlState.STRING_DATA_RIGHT_TRUNCATION -> StringDataRightTruncationException(fields)
    SqlState.NUMERIC_VALUE_OUT_OF_RANGE -> NumericValueOutOfRangeException(fields)
    SqlState.DIVISION_BY_ZERO -> DivisionByZeroException(fields)
    SqlState.INVALID_TEXT_REPRESENTATION -> InvalidTextRepresentationException(fields)
    SqlState.NOT_NULL_VIOLATION -> NotNullViolationException(fields)
    SqlState.FOREIGN_KEY_VIOLATION -> ForeignKeyViolationException(fields)
    SqlState.UNIQUE_VIOLATION -> UniqueViolationException(fields)
    SqlState.CHECK_VIOLATION -> CheckViolationException(fields)
    SqlState.EXCLUSION_VIOLATION -> ExclusionViolationException(fields)
    SqlState.READ_ONLY_SQL_TRANSACTION -> ReadOnlySqlTransactionException(fields)
    SqlState.IN_FAILED_SQL_TRANSACTION -> InFailedSqlTransactionException(fields)
    SqlState.INVALID_PASSWORD -> InvalidPasswordException(fields)
    SqlState.SERIALIZATION_FAILURE -> SerializationFailureException(fields)
    SqlState.DEADLOCK_DETECTED -> DeadlockDetectedException(fields)
    SqlState.INSUFFICIENT_PRIVILEGE -> InsufficientPrivilegeException(fields)
    SqlState.SYNTAX_ERROR -> SyntaxErrorException(fields)
    SqlState.UNDEFINED_COLUMN -> UndefinedColumnException(fields)
    SqlState.UNDEFINED_TABLE -> UndefinedTableException(fields)
    SqlState.TOO_MANY_CONNECTIONS -> TooManyConnectionsException(fields)
    SqlState.LOCK_NOT_AVAILABLE -> LockNotAvailableException(fields)
    SqlState.QUERY_CANCELED -> QueryCanceledException(fields)
    SqlState.ADMIN_SHUTDOWN -> AdminShutdownException(fields)
    SqlState.CRASH_SHUTDOWN -> CrashShutdownException(fields)
    SqlState.CANNOT_CONNECT_NOW -> CannotConnectNowException(fields)
    else -> exceptionForClass(fields)
}
