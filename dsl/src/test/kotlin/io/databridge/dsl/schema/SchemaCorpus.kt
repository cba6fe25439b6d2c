package io.databridge.dsl.schema

import io.databridge.dsl.Prefs
import io.databridge.dsl.Table
import io.databridge.dsl.gte
import io.databridge.dsl.isNotNull
import io.databridge.dsl.lit
import io.databridge.dsl.lower
import io.databridge.dsl.lte
import io.databridge.dsl.now
import io.databridge.dsl.randomUuid
import io.databridge.dsl.times
import io.databridge.dsl.types.PgTypes
import java.math.BigDecimal
import java.time.LocalDate

/** The enum the corpus stores as the PostgreSQL type `rt_genre`. */
enum class Genre { FICTION, SCIENCE, POETRY }

/** The schema most corpus tables live in; the others use the connection's current schema, [CORPUS_CURRENT]. */
const val CORPUS_SCHEMA = "rt_lib"
const val CORPUS_CURRENT = "rt_current"

/** Authors: identity key, literal and expression defaults, comments, a check, an expression index, a self-reference and a key into a cycle. */
object RtAuthors : Table("authors", CORPUS_SCHEMA) {
    val id = int8("id").generatedAlwaysAsIdentity().primaryKey()
    val name = varchar("name", 100).comment("display name")
    val email = text("email").unique()
    val score = int4("score").default(0)
    val motto = text("motto").nullable().default("it's a \\ test")
    val joined = timestamptz("joined").default(now())
    val token = uuid("token").default(randomUuid())
    val active = bool("active").default(true)
    val born = date("born").nullable().default(LocalDate.of(1970, 1, 1))
    val mentorId = int8("mentor_id").nullable().references(RtAuthors.id, onDelete = ReferenceAction.SET_NULL)
    val favouriteIsbn = text("favourite_isbn").nullable()
    val favouriteEdition = int4("favourite_edition").nullable()

    init {
        comment("people who write")
        check(score gte 0)
        index(name.lower(), name = "authors_lower_name_idx")
        index(email, unique = true, where = motto.isNotNull())
        foreignKey(listOf(favouriteIsbn, favouriteEdition), listOf(RtBooks.isbn, RtBooks.edition),
            deferrability = Deferrability.DEFERRABLE_INITIALLY_DEFERRED)
    }
}

/** Books: composite key, composite unique, an FK with actions, an enum, a generated column, arrays, ranges and every index method. */
object RtBooks : Table("books", CORPUS_SCHEMA) {
    val isbn = text("isbn")
    val edition = int4("edition")
    val authorId = int8("author_id").references(RtAuthors.id, onDelete = ReferenceAction.CASCADE, onUpdate = ReferenceAction.RESTRICT)
    val genre = enumeration<Genre>("genre", "rt_genre").default(Genre.FICTION)
    val price = numeric("price", 10, 2)
    val priceWithTax = numeric("price_with_tax", 12, 2).nullable().generatedAlwaysAs(price * BigDecimal("1.20"))
    val tags = array("tags", PgTypes.text).default(listOf("new"))
    val available = tstzrange("available").nullable()
    val printed = timestamp("printed").nullable()
    val serial = int4("serial").generatedByDefaultAsIdentity()

    init {
        primaryKey(isbn, edition)
        unique(authorId, isbn, name = "books_author_isbn_key")
        check("price >= 0", name = "books_price_nonneg")
        check(priceWithTax gte price)
        index(tags, method = IndexMethod.GIN)
        index(available, method = IndexMethod.GIST)
        index(isbn, method = IndexMethod.HASH)
        index(printed, method = IndexMethod.BRIN)
        index(authorId, price, include = listOf(genre), where = price lte lit(BigDecimal("100.00")))
    }
}

/** A table in the current schema, referencing a table in another one, with deferrable-immediate keys. */
object RtReviews : Table("reviews") {
    val id = int4("id").primaryKey()
    val bookIsbn = text("book_isbn")
    val bookEdition = int4("book_edition")
    val stars = int2("stars")
    val moods = array("moods", PgTypes.enum<Genre>("rt_genre")).nullable()

    init {
        foreignKey(listOf(bookIsbn, bookEdition), listOf(RtBooks.isbn, RtBooks.edition),
            onDelete = ReferenceAction.CASCADE, onUpdate = ReferenceAction.CASCADE,
            deferrability = Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE, name = "reviews_book_fk")
        unique(bookIsbn, bookEdition, id)
        check("stars BETWEEN 1 AND 5")
    }
}

/** A column of every type the DSL declares (but hstore, an extension), so each type name reads back as declared. */
object RtTypes : Table("types", CORPUS_SCHEMA) {
    val id = int4("id").primaryKey()
    val flag = bool("flag")
    val bytes = bytea("bytes")
    val oneByte = char("one_byte")
    val ident = name("ident")
    val small = int2("small")
    val big = int8("big")
    val objectId = oid("object_id")
    val real = float4("real")
    val double = float8("double")
    val anyNumber = numeric("any_number")
    val anyLength = column("any_length", PgTypes.varchar)
    val padded = bpchar("padded", 5)
    val day = date("day")
    val clock = time("clock")
    val clockTz = timetz("clock_tz")
    val span = interval("span")
    val doc = json("doc")
    val docB = jsonb("doc_b")
    val tree = jsonbElement("tree")
    val prefs = jsonb<Prefs>("prefs")
    val address = inet("address")
    val network = cidr("network")
    val mac = macaddr("mac")
    val mac8 = column("mac8", PgTypes.macaddr8)
    val cash = money("cash")
    val bits = bit("bits", 3)
    val anyBits = varbit("any_bits")
    val spot = point("spot")
    val line = column("line", PgTypes.line)
    val segment = column("segment", PgTypes.lseg)
    val area = box("area")
    val route = column("route", PgTypes.path)
    val shape = polygon("shape")
    val ring = circle("ring")
    val markup = xml("markup")
    val words = tsvector("words")
    val search = column("search", PgTypes.tsquery)
    val ints = int4range("ints")
    val longs = int8range("longs")
    val numbers = column("numbers", PgTypes.numrange)
    val days = daterange("days")
    val times = column("times", PgTypes.tsrange)
    val matrix = array("matrix", PgTypes.int8).nullable()
    val genres = array("genres", PgTypes.enum<Genre>("rt_genre")).nullable()
}

/** Every table of the corpus, in an order that forces the dependency sort to work. */
val CORPUS: Array<Table> = arrayOf(RtTypes, RtReviews, RtBooks, RtAuthors)

/** Creates the corpus schemas and points the search path at [CORPUS_CURRENT]. */
val CORPUS_SETUP = """
    DROP SCHEMA IF EXISTS $CORPUS_SCHEMA CASCADE; DROP SCHEMA IF EXISTS $CORPUS_CURRENT CASCADE;
    CREATE SCHEMA $CORPUS_SCHEMA; CREATE SCHEMA $CORPUS_CURRENT; SET search_path = $CORPUS_CURRENT
""".trimIndent()
