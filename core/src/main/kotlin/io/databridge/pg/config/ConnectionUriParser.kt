package io.databridge.pg.config

import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction

/**
 * Splits a libpq connection URI (`postgresql://user:pw@host1:5432,[::1]:5433/db?key=value&…`) into settings,
 * following libpq's `conninfo_uri_parse`: every component is percent-decoded, ports stay aligned with hosts
 * (an empty port means the default), and an empty database name is not a setting.
 */
internal object ConnectionUriParser {
    private val PREFIXES = listOf("postgresql://", "postgres://")

    fun isUri(text: String): Boolean = PREFIXES.any { text.startsWith(it) }

    fun parse(uri: String): List<Pair<String, String>> {
        val prefix = PREFIXES.first { uri.startsWith(it) }
        val out = ArrayList<Pair<String, String>>()
        var p = prefix.length

        val credentialsEnd = indexOfAny(uri, p, "@/")
        if (credentialsEnd < uri.length && uri[credentialsEnd] == '@') {
            val credentials = uri.substring(p, credentialsEnd)
            val colon = credentials.indexOf(':')
            val user = if (colon < 0) credentials else credentials.substring(0, colon)
            if (user.isNotEmpty()) out += "user" to percentDecode("user", user)
            if (colon >= 0) {
                val password = credentials.substring(colon + 1)
                if (password.isNotEmpty()) out += "password" to percentDecode("password", password)
            }
            p = credentialsEnd + 1
        }

        val hosts = StringBuilder()
        val ports = StringBuilder()
        var terminator: Char
        while (true) {
            if (p < uri.length && uri[p] == '[') {
                val close = uri.indexOf(']', p + 1)
                if (close < 0) {
                    throw InvalidConfigException(
                        "host",
                        "end of string reached when looking for matching \"]\" in IPv6 host address in URI",
                    )
                }
                if (close == p + 1) throw InvalidConfigException("host", "IPv6 host address may not be empty in URI")
                hosts.append(uri, p + 1, close)
                p = close + 1
                if (p < uri.length && uri[p] !in ":/?,") {
                    throw InvalidConfigException(
                        "host",
                        "unexpected character \"${uri[p]}\" at position ${p + 1} in URI (expected \":\" or \"/\")",
                    )
                }
            } else {
                val end = indexOfAny(uri, p, ":/?,")
                hosts.append(uri, p, end)
                p = end
            }
            terminator = if (p < uri.length) uri[p] else END
            if (terminator == ':') {
                val end = indexOfAny(uri, p + 1, "/?,")
                ports.append(uri, p + 1, end)
                p = end
                terminator = if (p < uri.length) uri[p] else END
            }
            if (terminator != ',') break
            p++
            hosts.append(',')
            ports.append(',')
        }
        if (hosts.isNotEmpty()) out += "host" to percentDecode("host", hosts.toString())
        if (ports.isNotEmpty()) out += "port" to percentDecode("port", ports.toString())

        if (terminator == '/') {
            val end = indexOfAny(uri, p + 1, "?")
            val database = uri.substring(p + 1, end)
            if (database.isNotEmpty()) out += "dbname" to percentDecode("dbname", database)
            p = end
            terminator = if (p < uri.length) uri[p] else END
        }
        if (terminator == '?') out += parseQuery(uri.substring(p + 1))
        return out
    }

    private fun parseQuery(query: String): List<Pair<String, String>> =
        query.split('&').map { param ->
            val eq = param.indexOf('=')
            if (eq < 0) {
                throw InvalidConfigException(
                    param,
                    "missing key/value separator \"=\" in URI query parameter: \"$param\"",
                )
            }
            if (param.indexOf('=', eq + 1) >= 0) {
                throw InvalidConfigException(
                    param.substring(0, eq),
                    "extra key/value separator \"=\" in URI query parameter \"${param.substring(0, eq)}\"",
                )
            }
            val key = percentDecode("query parameter", param.substring(0, eq))
            val value = percentDecode(key, param.substring(eq + 1))
            // libpq accepts the JDBC spelling ssl=true as sslmode=require.
            if (key == "ssl" && value == "true") "sslmode" to "require" else key to value
        }

    /**
     * Decodes `%XX` escapes as libpq does (malformed escapes and `%00` are errors; `+` stays `+`); each run of
     * escaped bytes must be valid UTF-8.
     */
    fun percentDecode(key: String, text: String): String {
        if ('%' !in text) return text
        val out = StringBuilder(text.length)
        val bytes = ByteArrayOutputStream()
        var i = 0
        while (i <= text.length) {
            if (i < text.length && text[i] == '%') {
                val hi = if (i + 1 < text.length) Character.digit(text[i + 1], 16) else -1
                val lo = if (i + 2 < text.length) Character.digit(text[i + 2], 16) else -1
                if (hi < 0 || lo < 0) {
                    throw InvalidConfigException(key, "invalid percent-encoded token in $key${shown(key, text)}")
                }
                val b = hi * 16 + lo
                if (b == 0) {
                    throw InvalidConfigException(key, "forbidden value %00 in percent-encoded $key${shown(key, text)}")
                }
                bytes.write(b)
                i += 3
                continue
            }
            if (bytes.size() > 0) {
                out.append(decodeUtf8(key, text, bytes.toByteArray()))
                bytes.reset()
            }
            if (i < text.length) out.append(text[i])
            i++
        }
        return out.toString()
    }

    private fun decodeUtf8(key: String, text: String, bytes: ByteArray): String = try {
        Charsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString()
    } catch (e: CharacterCodingException) {
        throw InvalidConfigException(key, "percent-encoded $key is not valid UTF-8${shown(key, text)}", e)
    }

    private fun shown(key: String, text: String): String = if (isSecretKey(key)) "" else ": \"$text\""

    private fun indexOfAny(s: String, from: Int, chars: String): Int {
        var i = from
        while (i < s.length && s[i] !in chars) i++
        return i
    }

    private const val END = '\u0000'
}
