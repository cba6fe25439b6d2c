package io.databridge.dsl.schema

import io.databridge.dsl.Table
import io.databridge.dsl.gt
import io.databridge.dsl.gte
import io.databridge.dsl.isNotNull
import io.databridge.dsl.lower
import io.databridge.dsl.now
import io.databridge.dsl.randomUuid
import io.databridge.dsl.times

// Pairs of table objects naming the same table: the schema before and after a change, one schema per scenario.

object ColumnsBefore : Table("items", "df_col") {
    val id = int4("id").primaryKey()
    val name = varchar("name", 20)
    val code = text("code")
    val qty = int4("qty")
    val price = numeric("price", 10, 2)
    val note = text("note").nullable()
    val legacy = text("legacy").nullable()
    val flag = bool("flag").nullable()
    val short = varchar("short", 20).nullable()
    val label = text("label").default("old")
}

object ColumnsAfter : Table("items", "df_col") {
    val id = int4("id").primaryKey()
    val name = varchar("name", 50).comment("shown to people")
    val code = int4("code")
    val qty = int8("qty")
    val price = numeric("price", 12, 2)
    val note = text("note")
    val flag = bool("flag").nullable().default(true)
    val short = varchar("short", 10).nullable()
    val label = text("label")
    val created = timestamptz("created").default(now())
    val token = uuid("token").default(randomUuid())
    val extra = text("extra").nullable()
}

object ConParent : Table("parent", "df_con") {
    val id = int4("id").primaryKey()
}

object ConChildBefore : Table("child", "df_con") {
    val id = int4("id").primaryKey()
    val parentId = int4("parent_id")
    val email = text("email")
    val qty = int4("qty")
    val status = text("status")
}

object ConChildAfter : Table("child", "df_con") {
    val id = int4("id").primaryKey()
    val parentId = int4("parent_id").references(ConParent.id)
    val email = text("email").unique()
    val qty = int4("qty")
    val status = text("status")

    init {
        check(qty gte 0)
        index(status)
        index(email.lower(), unique = true, where = status.isNotNull(), name = "child_email_ci_idx")
    }
}

object ConChildChanged : Table("child", "df_con") {
    val id = int4("id").primaryKey()
    val parentId = int4("parent_id").references(ConParent.id, onDelete = ReferenceAction.CASCADE)
    val email = text("email")
    val qty = int4("qty")
    val status = text("status")

    init {
        check(qty gt 0, name = "child_qty_check")
        index(status, where = qty gt 0)
        index(email.lower(), unique = true, where = status.isNotNull(), name = "child_email_ci_idx")
    }
}

object ConNoKeyBefore : Table("nokey", "df_con") {
    val id = int4("id")
}

object ConNoKeyAfter : Table("nokey", "df_con") {
    val id = int4("id").primaryKey()
}

enum class MoodBefore { HAPPY, SAD }
enum class MoodAfter { HAPPY, CALM, SAD, ANGRY }
enum class MoodFewer { HAPPY }

object EnumBefore : Table("feelings") {
    val id = int4("id").primaryKey()
    val mood = enumeration<MoodBefore>("mood", "df_mood")
}

object EnumAfter : Table("feelings") {
    val id = int4("id").primaryKey()
    val mood = enumeration<MoodAfter>("mood", "df_mood")
}

object EnumFewer : Table("feelings") {
    val id = int4("id").primaryKey()
    val mood = enumeration<MoodFewer>("mood", "df_mood")
}

object EnumNewTable : Table("notes") {
    val id = int4("id").primaryKey()
    val feelingId = int4("feeling_id").references(EnumAfter.id)
}

object MiscBefore : Table("misc", "df_misc") {
    val id = int4("id").primaryKey().default(0)
    val n = int4("n")

    init {
        comment("old")
    }
}

object MiscAfter : Table("misc", "df_misc") {
    val id = int4("id").primaryKey().generatedByDefaultAsIdentity()
    val n = int4("n")

    init {
        comment("new")
    }
}

object GenBefore : Table("films", "df_gen") {
    val id = int4("id").primaryKey()
    val title = text("title")
}

object GenAfter : Table("films", "df_gen") {
    val id = int4("id").primaryKey()
    val title = text("title")
    val rating = int2("rating").nullable()

    init {
        index(title)
    }
}

object GeneratedBefore : Table("priced", "df_gcol") {
    val id = int4("id").primaryKey().generatedAlwaysAsIdentity()
    val price = int4("price")
    val doubled = int4("doubled").nullable().generatedAlwaysAs(price * 2)
}

object GeneratedAfter : Table("priced", "df_gcol") {
    val id = int4("id").primaryKey().generatedByDefaultAsIdentity()
    val price = int4("price")
    val doubled = int4("doubled").nullable().generatedAlwaysAs(price * 3)
}
