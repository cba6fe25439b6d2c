package io.databridge.pg.config

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Paths

/**
 * docs/configuration.md is generated from [SettingKeys]: this spec fails when the two differ, and rewrites the page
 * when run with `-Ddatabridge.docs.update=true`, so the reference cannot drift from what the parser accepts.
 */
class ConfigurationReferenceSpec : FunSpec({
    val page = Paths.get("").toAbsolutePath().resolveSibling("docs").resolve("configuration.md")

    test("docs/configuration.md is what the setting definitions generate") {
        val generated = configurationReference()
        if (System.getProperty("databridge.docs.update") == "true") Files.writeString(page, generated)
        Files.readString(page) shouldBe generated
    }

    test("every setting in the reference is accepted by the parser, every refused libpq key is refused") {
        for (definition in SettingKeys.DEFINITIONS) SettingKeys.requireKnown(definition.key)
        for (key in SettingKeys.UNSUPPORTED) {
            val refused = runCatching { SettingKeys.requireKnown(key) }.exceptionOrNull()
            (refused as InvalidConfigException).message shouldBe
                "connection option \"$key\" of libpq is not supported by data-bridge"
        }
    }
})

private fun configurationReference(): String = buildString {
    appendLine("# Configuration reference")
    appendLine()
    appendLine("<!-- Generated from core's SettingKeys by ConfigurationReferenceSpec; edit the definitions, not this page. -->")
    appendLine()
    appendLine("A connection is configured by a `postgresql://` URI (`postgresql://user@host:5432/db?sslmode=require`) or a")
    appendLine("libpq `key=value` string (`host=db dbname=orders`), by `PG*` environment variables, and by")
    appendLine("`ConnectionConfig.builder()` setters. Precedence, highest first: setters applied after parsing, the connection")
    appendLine("string, the environment, the defaults. The same keys configure `PgConnection.connect`, `PgPool.create`, the")
    appendLine("Java facade and the Ktor plugin (whose own keys are in [ktor.md](ktor.md)). Durations of data-bridge's own")
    appendLine("settings take a unit (`ms`, `s`, `min`, `h`, `d`; seconds without one). An unknown key is refused with")
    appendLine("`InvalidConfigException` naming it.")
    appendLine()
    appendLine("| key | environment variable | default | meaning |")
    appendLine("|---|---|---|---|")
    for (setting in SettingKeys.DEFINITIONS) {
        appendLine("| `${setting.key}` | ${setting.envVar?.let { "`$it`" } ?: "—"} | ${setting.default} | ${setting.description} |")
    }
    appendLine()
    appendLine("## Startup parameters from the environment")
    appendLine()
    appendLine("As libpq does, these variables become startup parameters of the same meaning (`default` means not set):")
    appendLine()
    for ((variable, parameter) in SettingKeys.ENV_STARTUP_PARAMETERS) appendLine("- `$variable` → `$parameter`")
    appendLine()
    appendLine("## libpq settings that are refused")
    appendLine()
    appendLine("These libpq keys are recognised and refused with a message saying data-bridge does not support them:")
    appendLine(SettingKeys.UNSUPPORTED.joinToString(", ") { "`$it`" } + ".")
}
