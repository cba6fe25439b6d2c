package io.databridge.pg.config

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.matchers.shouldBe
import java.nio.file.Path

/** A home directory that holds no files, so no test reads the real ~/.pgpass. */
internal val EMPTY_HOME: Path = Path.of("/nonexistent-data-bridge-home")

/** Parses [text] with no environment variables at all. */
internal fun parseClean(text: String, env: Map<String, String> = emptyMap()): ConnectionConfig =
    ConnectionConfig.parse(text, env, EMPTY_HOME)

/** Asserts that parsing [text] fails naming [key], and returns the exception for further checks. */
internal fun shouldRejectKey(text: String, key: String, env: Map<String, String> = emptyMap()): InvalidConfigException {
    val e = shouldThrow<InvalidConfigException> { parseClean(text, env) }
    e.key shouldBe key
    return e
}
