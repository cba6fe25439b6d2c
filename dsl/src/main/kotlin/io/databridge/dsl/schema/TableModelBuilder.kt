package io.databridge.dsl.schema

import io.databridge.dsl.Column
import io.databridge.dsl.Table
import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.PgType

/** Builds the [SchemaModel] that table objects declare. */
internal object TableModelBuilder {
    fun build(tables: List<Table>): SchemaModel {
        val duplicate = tables.groupBy { it.schemaName to it.tableName }.values.firstOrNull { it.size > 1 }
        if (duplicate != null) throw SchemaException("${duplicate.first()} is given twice")
        val types = UsedTypes()
        tables.forEach { table -> table.columns.forEach { types.add(it.pgType) } }
        return SchemaModel(types.enums.values.toList(), tables.map(::tableDef), types.composites.values.toList())
    }

    /** The enum and composite types that columns use, also through arrays and composite attributes. */
    private class UsedTypes {
        val enums = LinkedHashMap<String, EnumDef>()

        // In dependency order: a composite is added after the composites its attributes use.
        val composites = LinkedHashMap<String, CompositeDef>()
        private val compositeObjects = HashMap<String, CompositeType<*>>()

        fun add(type: PgType<*>) {
            when (type) {
                is ArrayType<*> -> add(type.element)
                is EnumType<*> -> enum(type)
                is CompositeType<*> -> composite(type)
                else -> Unit
            }
        }

        private fun enum(enum: EnumType<*>) {
            val def = EnumDef(null, enum.typeName, enum.labels)
            val earlier = enums.putIfAbsent(enum.typeName, def)
            if (earlier != null && earlier != def) {
                throw SchemaException("enum type ${enum.typeName} is declared with labels ${earlier.labels} and ${def.labels}")
            }
        }

        private fun composite(type: CompositeType<*>) {
            val earlier = compositeObjects.putIfAbsent(type.typeName, type)
            if (earlier != null) {
                // Types compare by identity: two objects of one name would create one type and read it two ways.
                if (earlier !== type) throw SchemaException("composite type ${type.typeName} is declared by two objects")
                return
            }
            if (type.attributes.isEmpty()) throw SchemaException("composite type ${type.typeName} declares no field")
            type.attributes.forEach { add(it.type) }
            composites[type.typeName] = CompositeDef(null, type.typeName, type.attributes.map { AttributeDef(it.name, canonicalTypeName(it.type)) })
        }
    }

    fun tableDef(table: Table): TableDef {
        val d = table.declarations
        val taken = HashSet<String>()
        val t = table.tableName
        val keyColumns = table.primaryKey.map { it.name }
        val primaryKey = if (keyColumns.isEmpty()) null else PrimaryKeyDef(d.primaryKeyName ?: chooseObjectName(t, null, "pkey", taken), keyColumns)
        primaryKey?.let { taken += it.name }
        val columns = table.columns.map { column ->
            val options = d.columnOptions[column.name]
            if (options?.identity != null && options.generated != null) throw SchemaException("$column cannot be both identity and generated")
            if (options?.default != null && (options.identity != null || options.generated != null)) {
                throw SchemaException("$column is an identity or generated column and cannot also have a default")
            }
            ColumnDef(
                name = column.name,
                type = canonicalTypeName(column.pgType),
                notNull = !column.nullable || column.name in keyColumns || options?.identity != null,
                default = options?.default,
                identity = options?.identity,
                generated = options?.generated,
                comment = options?.comment,
            )
        }
        val uniques = d.uniques.map { u -> UniqueDef(u.name ?: chooseObjectName(t, u.columns.joinToString("_"), "key", taken), u.columns) }
        val singleKeys = table.references.map { (column, target) ->
            val options = d.foreignKeyOptions[column.name]
            foreignKey(table, listOf(column.name), listOf(target), options, taken)
        }
        val compositeKeys = d.compositeForeignKeys.map { foreignKey(table, it.columns, it.targets, it.options, taken) }
        val checks = d.checks.map { c ->
            CheckDef(c.name ?: chooseObjectName(t, c.columns.singleOrNull(), "check", taken), c.sql)
        }
        val indexes = d.indexes.map { i ->
            IndexDef(i.name ?: chooseObjectName(t, i.labels.joinToString("_"), "idx", taken), i.keys, i.unique, i.method, i.include, i.where)
        }
        return TableDef(
            table.schemaName, t, columns, primaryKey, uniques.sortedBy { it.name }, (singleKeys + compositeKeys).sortedBy { it.name },
            checks.sortedBy { it.name }, indexes.sortedBy { it.name }, d.comment,
        )
    }

    private fun foreignKey(table: Table, columns: List<String>, targets: List<Column<*>>, options: ForeignKeyOptions?, taken: MutableSet<String>): ForeignKeyDef {
        val owners = targets.map { it.owner }.distinct()
        val target = owners.singleOrNull() as? Table
            ?: throw SchemaException("a foreign key of ${table.tableName} must reference columns of one table object, not ${targets.joinToString()}")
        return ForeignKeyDef(
            name = options?.name ?: chooseObjectName(table.tableName, columns.joinToString("_"), "fkey", taken),
            columns = columns,
            targetSchema = target.schemaName,
            targetTable = target.tableName,
            targetColumns = targets.map { it.name },
            onDelete = options?.onDelete ?: ReferenceAction.NO_ACTION,
            onUpdate = options?.onUpdate ?: ReferenceAction.NO_ACTION,
            deferrability = options?.deferrability ?: Deferrability.NOT_DEFERRABLE,
        )
    }
}
