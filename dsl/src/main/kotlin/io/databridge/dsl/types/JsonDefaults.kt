package io.databridge.dsl.types

import kotlinx.serialization.json.Json

/**
 * The kotlinx [Json] configuration that `json<T>`/`jsonb<T>` columns use unless the column or its table names its
 * own. The default, [standard], suits a service reading documents that others write:
 * - unknown keys are ignored (`ignoreUnknownKeys = true`): a document with a key this class lacks still reads;
 * - defaults are encoded (`encodeDefaults = true`): every property is stored, so `?` key tests and `@>` find
 *   properties left at their default value;
 * - nulls are written as `null` (`explicitNulls = true`), for the same reason.
 *
 * Replace [json] once at start-up, before the first statement runs; a column or table that set its own keeps it.
 */
public object JsonDefaults {
    /** The configuration described above. */
    @JvmField
    public val standard: Json = Json {
        ignoreUnknownKeys = true
        encodeDefaults = true
    }

    /** The configuration of every JSON column that has none of its own; [standard] unless replaced. */
    @Volatile
    @JvmStatic
    public var json: Json = standard
}
