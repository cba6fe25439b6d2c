package io.databridge.dsl.schema

import io.databridge.dsl.Table
import io.databridge.dsl.engineConnection
import io.databridge.dsl.eq
import io.databridge.dsl.gt
import io.databridge.dsl.length
import io.databridge.dsl.now
import io.databridge.dsl.randomUuid
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import java.nio.file.Files

enum class PostStatus { DRAFT, PUBLISHED }

object StoryAuthors : Table("authors") {
    val id = int8("id").generatedAlwaysAsIdentity().primaryKey()
    val email = text("email").unique()
    val joined = timestamptz("joined").default(now())
}

object StoryPosts : Table("posts") {
    val id = uuid("id").primaryKey().default(randomUuid())
    val authorId = int8("author_id").references(StoryAuthors.id, onDelete = ReferenceAction.CASCADE)
    val status = enumeration<PostStatus>("status", "post_status").default(PostStatus.DRAFT)
    val title = text("title")

    init {
        check(title.length() gt 0)
        index(authorId, where = status eq PostStatus.PUBLISHED)
    }
}

/** The schema story as a user meets it (the snippet offered for the examples): create, diff, migrate, assert. */
class SchemaStorySpec : FunSpec({
    afterSpec { engineConnection("DROP SCHEMA IF EXISTS story CASCADE").close() }

    test("tables created from objects match them; a dropped check comes back through diff") {
        engineConnection("DROP SCHEMA IF EXISTS story CASCADE; CREATE SCHEMA story; SET search_path = story").use { pool ->
            pool.create(StoryAuthors, StoryPosts)
            pool.diff(StoryAuthors, StoryPosts).isEmpty shouldBe true
            pool.assertSchemaMatches(StoryAuthors, StoryPosts)
            val dir = Files.createTempDirectory("story")
            pool.generateMigration(dir, StoryAuthors, StoryPosts, description = "posts").shouldBeNull()
            CatalogReader(pool).readTable(null, "posts")!!.indexes.single().where shouldBe "status = 'PUBLISHED'::post_status"

            pool.execute("ALTER TABLE posts DROP CONSTRAINT posts_title_check")
            val diff = pool.diff(StoryAuthors, StoryPosts)
            diff.describe() shouldContainExactly listOf("LOCKING: add constraint posts_title_check on posts [check-without-not-valid]")
            pool.applyDiff(diff)
            pool.assertSchemaMatches(StoryAuthors, StoryPosts)
        }
    }
})
