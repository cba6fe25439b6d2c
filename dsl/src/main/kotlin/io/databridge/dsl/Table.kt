package io.databridge.dsl

import io.databridge.dsl.render.ddlExpression
import io.databridge.dsl.render.ddlLiteral
import io.databridge.dsl.schema.CheckDeclaration
import io.databridge.dsl.schema.CompositeForeignKey
import io.databridge.dsl.schema.Deferrability
import io.databridge.dsl.schema.ForeignKeyOptions
import io.databridge.dsl.schema.IdentityGeneration
import io.databridge.dsl.schema.IndexDeclaration
import io.databridge.dsl.schema.IndexKey
import io.databridge.dsl.schema.IndexMethod
import io.databridge.dsl.schema.ReferenceAction
import io.databridge.dsl.schema.SchemaException
import io.databridge.dsl.schema.TableDeclarations
import io.databridge.dsl.schema.UniqueDeclaration
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.types.PgBitString
import io.databridge.pg.types.PgBox
import io.databridge.pg.types.PgCircle
import io.databridge.pg.types.PgInet
import io.databridge.pg.types.PgInterval
import io.databridge.pg.types.PgMacAddress
import io.databridge.pg.types.PgPoint
import io.databridge.pg.types.PgPolygon
import io.databridge.pg.types.PgRange
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.util.UUID

/**
 * A table definition: `object Users : Table("users") { val id = uuid("id").primaryKey(); val age = int4("age").nullable() }`.
 * Names are any PostgreSQL identifier (`Order Items`, `O'Reilly`, `größe`, `Weird"Name`; see
 * [io.databridge.pg.identifiers.Identifiers]), always quoted, case kept; a column may not be named like a system
 * column (`xmin`, `ctid`, `tableoid`, `cmin`, `cmax`, `xmax`), which it would silently read instead. Columns are non-null unless `.nullable()` is applied,
 * which changes their type to `Column<T?>`. Besides columns a table declares what its DDL needs (defaults,
 * identity and generated columns, keys, checks, indexes, comments); `io.databridge.dsl.schema` turns it into DDL.
 * [jsonFormat] is the kotlinx `Json` configuration of this table's `json<T>`/`jsonb<T>` columns that do not name
 * their own (null: [io.databridge.dsl.types.JsonDefaults.json]).
 */
public abstract class Table @JvmOverloads constructor(
    name: String,
    schema: String? = null,
    /** The JSON configuration of this table's typed JSON columns, or null for the global default. */
    public val jsonFormat: Json? = null,
) : ColumnOwner, FromItem {
    /** The table's name. */
    public val tableName: String = requireIdentifier(name, "table")

    /** The schema the table lives in, or null for the search path. */
    public val schemaName: String? = schema?.let { requireIdentifier(it, "schema") }

    private val declared = mutableListOf<Column<*>>()
    private val keyNames = mutableListOf<String>()
    private val uniqueNames = mutableListOf<String>()
    private val referenceMap = linkedMapOf<String, Column<*>>()
    internal val declarations = TableDeclarations()

    override val qualifier: String get() = tableName

    /** The columns in declaration order (with their final nullability). */
    public val columns: List<Column<*>> get() = declared

    /** The primary-key columns, in the order they were marked. */
    public val primaryKey: List<Column<*>> get() = keyNames.map(::byName)

    /** The columns marked unique on their own. */
    public val uniqueColumns: List<Column<*>> get() = uniqueNames.map(::byName)

    /** Foreign keys: each referencing column of this table with the column it references. */
    public val references: Map<Column<*>, Column<*>> get() = referenceMap.entries.associate { byName(it.key) to it.value }

    /** Declares a column [name] of any [type] (built-in, array, enum, range or user-registered). */
    protected fun <T : Any> column(name: String, type: PgType<T>): Column<T> {
        requireColumnName(name)
        if (declared.any { it.name == name }) throw InvalidIdentifierException("column $name is declared twice in $tableName")
        return Column<T>(this, name, type, false).also { declared += it }
    }

    /** This column, now allowed to hold NULL: its type becomes `Column<T?>`. */
    public fun <T : Any> Column<T>.nullable(): Column<T?> = Column<T?>(owner, name, pgType, true).also { replace(it) }

    /** Marks this column (part of) the primary key. */
    public fun <C : Column<*>> C.primaryKey(): C = also { keyNames += ownName(it) }

    /** Makes [columns] the primary key, in this order, named [name] (`<table>_pkey` by default). */
    protected fun primaryKey(vararg columns: Column<*>, name: String? = null) {
        if (keyNames.isNotEmpty()) throw SchemaException("$tableName declares its primary key twice")
        columns.forEach { keyNames += ownName(it) }
        declarations.primaryKeyName = name?.let { requireIdentifier(it, "constraint") }
    }

    /** Marks this column unique. */
    public fun <C : Column<*>> C.unique(): C = also {
        uniqueNames += ownName(it)
        declarations.uniques += UniqueDeclaration(null, listOf(it.name))
    }

    /** Declares `UNIQUE (columns)`, named [name] (`<table>_<columns>_key` by default). */
    protected fun unique(vararg columns: Column<*>, name: String? = null) {
        val names = columns.map(::ownName)
        if (names.isEmpty()) throw SchemaException("a unique constraint of $tableName names no column")
        if (names.size == 1) uniqueNames += names[0]
        declarations.uniques += UniqueDeclaration(name?.let { requireIdentifier(it, "constraint") }, names)
    }

    /** Marks this column a foreign key to [target]. */
    public fun <V, C : Column<V>> C.references(target: Column<*>): C = also { referenceMap[ownName(it)] = target }

    /**
     * Marks this column a foreign key to [target] with [onDelete] and [onUpdate] actions and [deferrability],
     * named [name] (`<table>_<column>_fkey` by default).
     */
    public fun <V, C : Column<V>> C.references(
        target: Column<*>,
        onDelete: ReferenceAction = ReferenceAction.NO_ACTION,
        onUpdate: ReferenceAction = ReferenceAction.NO_ACTION,
        deferrability: Deferrability = Deferrability.NOT_DEFERRABLE,
        name: String? = null,
    ): C = also {
        referenceMap[ownName(it)] = target
        declarations.foreignKeyOptions[it.name] =
            ForeignKeyOptions(name?.let { n -> requireIdentifier(n, "constraint") }, onDelete, onUpdate, deferrability)
    }

    /** Declares a foreign key from [columns] to [targets] (same count and order), with actions, deferrability and [name]. */
    protected fun foreignKey(
        columns: List<Column<*>>,
        targets: List<Column<*>>,
        onDelete: ReferenceAction = ReferenceAction.NO_ACTION,
        onUpdate: ReferenceAction = ReferenceAction.NO_ACTION,
        deferrability: Deferrability = Deferrability.NOT_DEFERRABLE,
        name: String? = null,
    ) {
        if (columns.isEmpty() || columns.size != targets.size) {
            throw SchemaException("a foreign key of $tableName needs as many target columns as columns (${columns.size} and ${targets.size})")
        }
        val options = ForeignKeyOptions(name?.let { requireIdentifier(it, "constraint") }, onDelete, onUpdate, deferrability)
        declarations.compositeForeignKeys += CompositeForeignKey(columns.map(::ownName), targets, options)
    }

    /** Gives this column the default [value], written into the DDL as a literal of the column's type. */
    @JvmName("defaultValue")
    public fun <T, C : Column<T>> C.default(value: T & Any): C = also { declarations.options(ownName(it)).default = ddlLiteral(value, it) }

    /** Gives this column the default [expression], such as `now()`, `randomUuid()` or `sql(type, "…")`. */
    @JvmName("defaultExpression")
    public fun <C : Column<*>> C.default(expression: Expr<*>): C =
        also { declarations.options(ownName(it)).default = ddlExpression(expression).sql }

    /** Makes this column `GENERATED ALWAYS AS IDENTITY` (explicit values refused). */
    public fun <C : Column<*>> C.generatedAlwaysAsIdentity(): C = also { declarations.options(ownName(it)).identity = IdentityGeneration.ALWAYS }

    /** Makes this column `GENERATED BY DEFAULT AS IDENTITY` (explicit values allowed). */
    public fun <C : Column<*>> C.generatedByDefaultAsIdentity(): C =
        also { declarations.options(ownName(it)).identity = IdentityGeneration.BY_DEFAULT }

    /** Makes this column `GENERATED ALWAYS AS (expression) STORED`, computed from the row's other columns. */
    public fun <C : Column<*>> C.generatedAlwaysAs(expression: Expr<*>): C =
        also { declarations.options(ownName(it)).generated = ddlExpression(expression).sql }

    /** Sets this column's comment. */
    public fun <C : Column<*>> C.comment(text: String): C = also { declarations.options(ownName(it)).comment = text }

    /** Sets the table's comment. */
    protected fun comment(text: String) {
        declarations.comment = text
    }

    /** Declares `CHECK (condition)`, named [name] (`<table>_<column>_check` when it reads one column, else `<table>_check`). */
    protected fun check(condition: Expr<Boolean>, name: String? = null) {
        val written = ddlExpression(condition)
        declarations.checks += CheckDeclaration(name?.let { requireIdentifier(it, "constraint") }, written.sql, written.columns)
    }

    /** Declares `CHECK (sql)` from trusted SQL text (never built from user input), named [name] (`<table>_check` by default). */
    protected fun check(sql: String, name: String? = null) {
        if (sql.isBlank() || sql.indexOf('\u0000') >= 0) throw SchemaException("a check of $tableName needs SQL text without NUL")
        declarations.checks += CheckDeclaration(name?.let { requireIdentifier(it, "constraint") }, "($sql)", emptySet())
    }

    /**
     * Declares an index over [keys] (columns or expressions such as `lower(email)`): [unique], built with [method],
     * carrying [include] columns, partial when [where] is given, named [name] (`<table>_<columns>_idx` by default,
     * an expression key named after its function, else `expr`, as PostgreSQL does).
     */
    protected fun index(
        vararg keys: Expr<*>,
        unique: Boolean = false,
        method: IndexMethod = IndexMethod.BTREE,
        include: List<Column<*>> = emptyList(),
        where: Expr<Boolean>? = null,
        name: String? = null,
    ) {
        if (keys.isEmpty()) throw SchemaException("an index of $tableName names no key")
        val indexKeys = keys.map { key ->
            if (key is Column<*>) IndexKey.ColumnKey(ownName(key)) else IndexKey.ExpressionKey(ddlExpression(key).sql)
        }
        // PostgreSQL names an expression key after its function, or `expr` when it has none.
        val labels = indexKeys.zip(keys) { key, expr -> (key as? IndexKey.ColumnKey)?.name ?: (expr as? Call<*>)?.name ?: "expr" }
        declarations.indexes += IndexDeclaration(
            name?.let { requireIdentifier(it, "index") }, indexKeys, labels, unique, method, include.map(::ownName),
            where?.let { ddlExpression(it).sql },
        )
    }

    /** Declares a `bool` column [name]. */
    protected fun bool(name: String): Column<Boolean> = column(name, PgTypes.bool)
    /** Declares a `bytea` column [name]. */
    protected fun bytea(name: String): Column<ByteArray> = column(name, PgTypes.bytea)
    /** Declares a `char` column [name]. */
    protected fun char(name: String): Column<Char> = column(name, PgTypes.char)
    /** Declares a `name` column [name]. */
    protected fun name(name: String): Column<String> = column(name, PgTypes.name)
    /** Declares a `int2` column [name]. */
    protected fun int2(name: String): Column<Short> = column(name, PgTypes.int2)
    /** Declares a `int4` column [name]. */
    protected fun int4(name: String): Column<Int> = column(name, PgTypes.int4)
    /** Declares a `int8` column [name]. */
    protected fun int8(name: String): Column<Long> = column(name, PgTypes.int8)
    /** Declares a `oid` column [name]. */
    protected fun oid(name: String): Column<Long> = column(name, PgTypes.oid)
    /** Declares a `float4` column [name]. */
    protected fun float4(name: String): Column<Float> = column(name, PgTypes.float4)
    /** Declares a `float8` column [name]. */
    protected fun float8(name: String): Column<Double> = column(name, PgTypes.float8)
    /** Declares a `numeric` column [name]. */
    protected fun numeric(name: String): Column<BigDecimal> = column(name, PgTypes.numeric)
    /** Declares a `numeric` column [name]. */
    protected fun numeric(name: String, precision: Int, scale: Int): Column<BigDecimal> = column(name, PgTypes.numeric(precision, scale))
    /** Declares a `text` column [name]. */
    protected fun text(name: String): Column<String> = column(name, PgTypes.text)
    /** Declares a `varchar` column [name]. */
    protected fun varchar(name: String, length: Int): Column<String> = column(name, PgTypes.varchar(length))
    /** Declares a `bpchar` column [name]. */
    protected fun bpchar(name: String, length: Int): Column<String> = column(name, PgTypes.bpchar(length))
    /** Declares a `uuid` column [name]. */
    protected fun uuid(name: String): Column<UUID> = column(name, PgTypes.uuid)
    /** Declares a `date` column [name]. */
    protected fun date(name: String): Column<LocalDate> = column(name, PgTypes.date)
    /** Declares a `time` column [name]. */
    protected fun time(name: String): Column<LocalTime> = column(name, PgTypes.time)
    /** Declares a `timetz` column [name]. */
    protected fun timetz(name: String): Column<OffsetTime> = column(name, PgTypes.timetz)
    /** Declares a `timestamp` column [name]. */
    protected fun timestamp(name: String): Column<LocalDateTime> = column(name, PgTypes.timestamp)
    /** Declares a `timestamptz` column [name]. */
    protected fun timestamptz(name: String): Column<OffsetDateTime> = column(name, PgTypes.timestamptz)
    /** Declares a `timestamptz` column [name] read and written as an `Instant`. */
    protected fun instant(name: String): Column<Instant> = column(name, PgTypes.instant)
    /** Declares a `interval` column [name]. */
    protected fun interval(name: String): Column<PgInterval> = column(name, PgTypes.interval)
    /** Declares a `json` column [name]. */
    protected fun json(name: String): Column<String> = column(name, PgTypes.json)
    /** Declares a `jsonb` column [name]. */
    protected fun jsonb(name: String): Column<String> = column(name, PgTypes.jsonb)
    /** Declares a `jsonElement` column [name]. */
    protected fun jsonElement(name: String): Column<JsonElement> = column(name, PgTypes.jsonElement)
    /** Declares a `jsonbElement` column [name]. */
    protected fun jsonbElement(name: String): Column<JsonElement> = column(name, PgTypes.jsonbElement)
    /** Declares a `json` column [name] holding [T] through its compile-time serializer, encoded with [format] (else the table's). */
    @JvmName("jsonOf")
    protected inline fun <reified T : Any> json(name: String, format: Json? = null): Column<T> =
        column(name, PgTypes.json<T>(format ?: jsonFormat))
    /** Declares a `jsonb` column [name] holding [T] through its compile-time serializer, encoded with [format] (else the table's). */
    @JvmName("jsonbOf")
    protected inline fun <reified T : Any> jsonb(name: String, format: Json? = null): Column<T> =
        column(name, PgTypes.jsonb<T>(format ?: jsonFormat))
    /** Declares a `json` column [name] holding [T] through [serializer], encoded with [format] (else the table's). */
    @JvmOverloads
    protected fun <T : Any> json(name: String, serializer: KSerializer<T>, format: Json? = null): Column<T> =
        column(name, PgTypes.json(serializer, format ?: jsonFormat))
    /** Declares a `jsonb` column [name] holding [T] through [serializer], encoded with [format] (else the table's). */
    @JvmOverloads
    protected fun <T : Any> jsonb(name: String, serializer: KSerializer<T>, format: Json? = null): Column<T> =
        column(name, PgTypes.jsonb(serializer, format ?: jsonFormat))
    /** Declares a `inet` column [name]. */
    protected fun inet(name: String): Column<PgInet> = column(name, PgTypes.inet)
    /** Declares a `cidr` column [name]. */
    protected fun cidr(name: String): Column<PgInet> = column(name, PgTypes.cidr)
    /** Declares a `macaddr` column [name]. */
    protected fun macaddr(name: String): Column<PgMacAddress> = column(name, PgTypes.macaddr)
    /** Declares a `money` column [name]. */
    protected fun money(name: String): Column<BigDecimal> = column(name, PgTypes.money)
    /** Declares a `bit` column [name]. */
    protected fun bit(name: String, length: Int): Column<PgBitString> = column(name, PgTypes.bit(length))
    /** Declares a `varbit` column [name]. */
    protected fun varbit(name: String): Column<PgBitString> = column(name, PgTypes.varbit)
    /** Declares a `point` column [name]. */
    protected fun point(name: String): Column<PgPoint> = column(name, PgTypes.point)
    /** Declares a `box` column [name]. */
    protected fun box(name: String): Column<PgBox> = column(name, PgTypes.box)
    /** Declares a `circle` column [name]. */
    protected fun circle(name: String): Column<PgCircle> = column(name, PgTypes.circle)
    /** Declares a `polygon` column [name]. */
    protected fun polygon(name: String): Column<PgPolygon> = column(name, PgTypes.polygon)
    /** Declares a `xml` column [name]. */
    protected fun xml(name: String): Column<String> = column(name, PgTypes.xml)
    /** Declares a `tsvector` column [name]. */
    protected fun tsvector(name: String): Column<String> = column(name, PgTypes.tsvector)
    /** Declares a `hstore` column [name]. */
    protected fun hstore(name: String): Column<Map<String, String?>> = column(name, PgTypes.hstore)
    /** Declares a `array` column [name]. */
    protected fun <E : Any> array(name: String, element: PgType<E>): Column<List<E>> = column(name, PgTypes.array(element))
    /** Declares a `int4range` column [name]. */
    protected fun int4range(name: String): Column<PgRange<Int>> = column(name, PgTypes.int4range)
    /** Declares a `int8range` column [name]. */
    protected fun int8range(name: String): Column<PgRange<Long>> = column(name, PgTypes.int8range)
    /** Declares a `daterange` column [name]. */
    protected fun daterange(name: String): Column<PgRange<LocalDate>> = column(name, PgTypes.daterange)
    /** Declares a `tstzrange` column [name]. */
    protected fun tstzrange(name: String): Column<PgRange<OffsetDateTime>> = column(name, PgTypes.tstzrange)
    /** Declares a `int4multirange` column [name]. */
    protected fun int4multirange(name: String): Column<List<PgRange<Int>>> = column(name, PgTypes.int4multirange)
    /** Declares a `int8multirange` column [name]. */
    protected fun int8multirange(name: String): Column<List<PgRange<Long>>> = column(name, PgTypes.int8multirange)
    /** Declares a `datemultirange` column [name]. */
    protected fun datemultirange(name: String): Column<List<PgRange<LocalDate>>> = column(name, PgTypes.datemultirange)
    /** Declares a `tstzmultirange` column [name]. */
    protected fun tstzmultirange(name: String): Column<List<PgRange<OffsetDateTime>>> = column(name, PgTypes.tstzmultirange)
    /** Declares a pgvector `vector(dimensions)` column [name]. */
    protected fun vector(name: String, dimensions: Int): Column<FloatArray> = column(name, PgTypes.vector(dimensions))
    /** Declares a column [name] of the PostgreSQL enum type [typeName] holding [E]'s constants by name; `create` makes the type. */
    protected inline fun <reified E : Enum<E>> enumeration(name: String, typeName: String): Column<E> =
        column(name, PgTypes.enum<E>(typeName))

    private fun byName(name: String): Column<*> = declared.first { it.name == name }

    private fun ownName(column: Column<*>): String {
        if (column.owner !== this) throw InvalidQueryException("column $column does not belong to $tableName")
        return column.name
    }

    private fun replace(column: Column<*>) {
        val at = declared.indexOfFirst { it.name == column.name }
        if (at < 0 || declared[at].owner !== this) throw InvalidQueryException("column $column does not belong to $tableName")
        declared[at] = column
    }

    override fun toString(): String = "Table(${schemaName?.let { "$it." } ?: ""}$tableName)"
}
