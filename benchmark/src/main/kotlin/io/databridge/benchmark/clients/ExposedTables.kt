package io.databridge.benchmark.clients

import org.jetbrains.exposed.v1.core.Column
import org.jetbrains.exposed.v1.core.ColumnType
import org.jetbrains.exposed.v1.core.Table
import org.jetbrains.exposed.v1.core.java.javaUUID
import org.jetbrains.exposed.v1.javatime.timestampWithTimeZone

/** bench_kv as an Exposed table. */
internal object KvTable : Table("bench_kv") {
    val id: Column<Int> = integer("id")
    val v: Column<String> = text("v")
}

/** The ten mixed columns, shared by the table W4 reads and the table W5 writes. */
internal open class MixedTable(name: String) : Table(name) {
    val int4: Column<Int> = integer("c_int4")
    val int8: Column<Long> = long("c_int8")
    val text: Column<String> = text("c_text")
    val numeric = decimal("c_numeric", 12, 2)
    val ts = timestampWithTimeZone("c_ts")
    val uuid: Column<java.util.UUID> = javaUUID("c_uuid")
    val bool: Column<Boolean> = bool("c_bool")
    val float8: Column<Double> = double("c_float8")
    val jsonb: Column<String> = registerColumn("c_jsonb", JsonbText())
    val bytea: Column<ByteArray> = binary("c_bytea")
}

internal object MixedSource : MixedTable("bench_mixed")

internal object MixedTarget : MixedTable("bench_insert")

/** jsonb carried as its text: exposed-json is not published for Exposed 1.0.0, and W7 needs only the text. */
internal class JsonbText : ColumnType<String>() {
    override fun sqlType(): String = "JSONB"
    override fun valueFromDB(value: Any): String = value.toString()
    override fun parameterMarker(value: String?): String = "?::jsonb"
}
