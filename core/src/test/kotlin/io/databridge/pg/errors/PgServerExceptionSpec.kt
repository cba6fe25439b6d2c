package io.databridge.pg.errors

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.reflect.KClass

class PgServerExceptionSpec : FunSpec({
    fun error(code: String, vararg extra: Pair<Char, String>) =
        PgServerException.fromFields(mapOf('S' to "ERROR", 'V' to "ERROR", 'C' to code, 'M' to "boom") + extra)

    context("exact SQLSTATEs map to their own class") {
        withData(
            nameFn = { "${it.first} -> ${it.second.simpleName}" },
            "22001" to StringDataRightTruncationException::class,
            "22003" to NumericValueOutOfRangeException::class,
            "22012" to DivisionByZeroException::class,
            "22P02" to InvalidTextRepresentationException::class,
            "23502" to NotNullViolationException::class,
            "23503" to ForeignKeyViolationException::class,
            "23505" to UniqueViolationException::class,
            "23514" to CheckViolationException::class,
            "23P01" to ExclusionViolationException::class,
            "25006" to ReadOnlySqlTransactionException::class,
            "25P02" to InFailedSqlTransactionException::class,
            "28P01" to InvalidPasswordException::class,
            "40001" to SerializationFailureException::class,
            "40P01" to DeadlockDetectedException::class,
            "42501" to InsufficientPrivilegeException::class,
            "42601" to SyntaxErrorException::class,
            "42703" to UndefinedColumnException::class,
            "42P01" to UndefinedTableException::class,
            "53300" to TooManyConnectionsException::class,
            "55P03" to LockNotAvailableException::class,
            "57014" to QueryCanceledException::class,
            "57P01" to AdminShutdownException::class,
            "57P02" to CrashShutdownException::class,
            "57P03" to CannotConnectNowException::class,
        ) { (code, type): Pair<String, KClass<out PgServerException>> ->
            val e = error(code)
            e::class shouldBe type
            e.sqlState shouldBe SqlState(code)
        }
    }

    context("other codes fall back to their SQLSTATE class") {
        withData(
            nameFn = { "${it.first} -> ${it.second.simpleName}" },
            "08006" to ConnectionException::class,
            "0A000" to FeatureNotSupportedException::class,
            "22008" to DataException::class,
            "23000" to IntegrityConstraintViolationException::class,
            "25001" to InvalidTransactionStateException::class,
            "28000" to InvalidAuthorizationException::class,
            "3D000" to InvalidCatalogNameException::class,
            "40003" to TransactionRollbackException::class,
            "42883" to SyntaxErrorOrAccessRuleViolationException::class,
            "53100" to InsufficientResourcesException::class,
            "55006" to ObjectNotInPrerequisiteStateException::class,
            "57P04" to OperatorInterventionException::class,
            "XX001" to InternalErrorException::class,
            "P0001" to PlPgSqlErrorException::class,
            "F0000" to ConfigurationFileErrorException::class,
            "54001" to ProgramLimitExceededException::class,
            "58030" to SystemErrorException::class,
            "72000" to SnapshotFailureException::class,
            "HV00N" to ForeignDataWrapperErrorException::class,
            "2BP01" to DependentPrivilegeDescriptorsStillExistException::class,
            "3F000" to InvalidSchemaNameException::class,
            "YY123" to PgServerException::class,
        ) { (code, type): Pair<String, KClass<out PgServerException>> ->
            error(code)::class shouldBe type
        }
    }

    test("every error class of PostgreSQL's list has its own class-level exception") {
        ERROR_CLASSES.keys.size shouldBe 40
        for (sqlClass in ERROR_CLASSES.keys) {
            val e = error("${sqlClass}ZZZ")
            withClue(sqlClass) {
                (e::class == PgServerException::class) shouldBe false
                e::class.simpleName!!.endsWith("Exception") shouldBe true
                e.sqlState.className shouldBe ERROR_CLASSES[sqlClass]
            }
        }
        ERROR_CLASSES.values.toSet().size shouldBe ERROR_CLASSES.size
        SqlState("53100").className shouldBe "Insufficient Resources"
        SqlState("01000").className shouldBe null
    }

    test("specific classes sit under their class-level parent") {
        error("23505").shouldBeInstanceOf<IntegrityConstraintViolationException>()
        error("40P01").shouldBeInstanceOf<TransactionRollbackException>()
        error("57014").shouldBeInstanceOf<OperatorInterventionException>()
        error("57P01").shouldBeInstanceOf<OperatorInterventionException>()
        error("42P01").shouldBeInstanceOf<SyntaxErrorOrAccessRuleViolationException>()
        error("42P01").shouldBeInstanceOf<DataBridgeException>()
    }

    test("only serialization failures and deadlocks are retryable") {
        error("40001").isRetryable.shouldBeTrue()
        error("40P01").isRetryable.shouldBeTrue()
        error("40003").isRetryable.shouldBeFalse()
        error("23505").isRetryable.shouldBeFalse()
        SqlState.SERIALIZATION_FAILURE.isRetryable.shouldBeTrue()
        SqlState("57014").isRetryable.shouldBeFalse()
    }

    test("SqlState exposes its class") {
        SqlState("23505").sqlClass shouldBe "23"
        SqlState("23505").isInClass("23").shouldBeTrue()
        SqlState("23505").isInClass("2").shouldBeFalse()
        SqlState("40P01").toString() shouldBe "40P01"
    }

    test("every field is parsed into its typed property") {
        // The fields PostgreSQL 15 sends for a unique violation (observed with psql \set VERBOSITY verbose),
        // plus the ones only other errors carry.
        val e = PgServerException.fromFields(
            mapOf(
                'S' to "FEHLER", 'V' to "ERROR", 'C' to "23505",
                'M' to "duplicate key value violates unique constraint \"users_email_key\"",
                'D' to "Key (email)=(a@b.c) already exists.", 'H' to "Use another address.",
                'P' to "17", 'p' to "4", 'q' to "SELECT 1/0", 'W' to "PL/pgSQL function f() line 3 at SQL statement",
                's' to "public", 't' to "users", 'c' to "email", 'd' to "text", 'n' to "users_email_key",
                'F' to "nbtinsert.c", 'L' to "664", 'R' to "_bt_check_unique", 'Z' to "a future field",
            ),
        )
        e.shouldBeInstanceOf<UniqueViolationException>()
        e.severity shouldBe "FEHLER"
        e.severityNonLocalized shouldBe "ERROR"
        e.sqlState shouldBe SqlState.UNIQUE_VIOLATION
        e.primaryMessage shouldBe "duplicate key value violates unique constraint \"users_email_key\""
        e.detail shouldBe "Key (email)=(a@b.c) already exists."
        e.hint shouldBe "Use another address."
        e.position shouldBe 17
        e.internalPosition shouldBe 4
        e.internalQuery shouldBe "SELECT 1/0"
        e.where shouldBe "PL/pgSQL function f() line 3 at SQL statement"
        e.schemaName shouldBe "public"
        e.tableName shouldBe "users"
        e.columnName shouldBe "email"
        e.dataTypeName shouldBe "text"
        e.constraintName shouldBe "users_email_key"
        e.file shouldBe "nbtinsert.c"
        e.line shouldBe 664
        e.routine shouldBe "_bt_check_unique"
        e.fields.raw['Z'] shouldBe "a future field"
    }

    test("absent optional fields are null and a non-numeric position does not fail") {
        val e = error("42601", 'P' to "abc")
        e.position shouldBe null
        e.detail shouldBe null
        e.hint shouldBe null
        e.tableName shouldBe null
        e.line shouldBe null
        e.severityNonLocalized shouldBe "ERROR"
    }

    test("an ErrorResponse without SQLSTATE or message is still reported") {
        val e = PgServerException.fromFields(mapOf('S' to "FATAL"))
        e::class shouldBe InternalErrorException::class
        e.sqlState shouldBe SqlState.INTERNAL_ERROR
        e.message shouldBe "FATAL: (the server sent no message) (SQLSTATE XX000)"
    }

    test("the message is severity, message and SQLSTATE, then detail and hint lines") {
        error("23505", 'D' to "Key (id)=(1) already exists.", 'H' to "Pick another id.", 'P' to "8").message shouldBe
            "ERROR: boom (SQLSTATE 23505)\nDETAIL: Key (id)=(1) already exists.\nHINT: Pick another id."
        error("57014").message shouldBe "ERROR: boom (SQLSTATE 57014)"
        error("42601", 'H' to "only a hint").message shouldBe "ERROR: boom (SQLSTATE 42601)\nHINT: only a hint"
        error("57014").toString() shouldBe "io.databridge.pg.errors.QueryCanceledException: ERROR: boom (SQLSTATE 57014)"
    }

    test("a Notice carries the same typed fields and is a value") {
        val raw = mapOf(
            'S' to "WARNUNG", 'V' to "WARNING", 'C' to "01000", 'M' to "careful",
            'D' to "details", 'H' to "a hint", 'W' to "somewhere", 'P' to "3",
        )
        val notice = Notice(raw)
        notice.severity shouldBe "WARNUNG"
        notice.severityNonLocalized shouldBe "WARNING"
        notice.sqlState shouldBe SqlState("01000")
        notice.primaryMessage shouldBe "careful"
        notice.detail shouldBe "details"
        notice.hint shouldBe "a hint"
        notice.where shouldBe "somewhere"
        notice.position shouldBe 3
        notice.toString() shouldBe "WARNUNG: careful (SQLSTATE 01000)\nDETAIL: details\nHINT: a hint"
        notice shouldBe Notice(HashMap(raw))
        notice.hashCode() shouldBe Notice(raw).hashCode()
        (notice == Notice(raw + ('M' to "other"))).shouldBeFalse()
    }

    test("the fields are copied, so a decoder reusing its map cannot change a reported error") {
        val raw = mutableMapOf('S' to "ERROR", 'C' to "23505", 'M' to "first")
        val e = PgServerException.fromFields(raw)
        raw['M'] = "second"
        e.primaryMessage shouldBe "first"
        e.fields.raw['M'] shouldBe "first"
    }
})
