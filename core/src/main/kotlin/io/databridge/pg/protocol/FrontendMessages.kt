@file:JvmName("FrontendMessages")

package io.databridge.pg.protocol

import io.databridge.pg.config.ProtocolVersion

/*
 * Encoders for every frontend message of protocol 3.x. Each writes one complete message straight into the
 * ByteWriter, with no message object in between: the length prefix is reserved, the body written in place and
 * the length patched. Strings that would break the framing (a NUL inside a NUL-terminated string) are refused
 * with IllegalArgumentException before anything is written, so the buffer never holds half a message.
 */

private const val SSL_REQUEST_CODE = 80877103
private const val GSSENC_REQUEST_CODE = 80877104
private const val CANCEL_REQUEST_CODE = 80877102

private val NO_PARAMETER_TYPES = IntArray(0)

/** The largest cancel key protocol 3.2 allows. */
public const val MAX_CANCEL_KEY_LENGTH: Int = 256

/** Result format codes meaning "every column as text" (the empty list); shared, never modify it. */
public val ALL_TEXT_FORMATS: IntArray = IntArray(0)

/** Result format codes meaning "every column in binary" (one code that applies to all); shared, never modify it. */
public val ALL_BINARY_FORMATS: IntArray = intArrayOf(1)

/**
 * Writes a StartupMessage asking for [version] with the given run-time [parameters] (`user` is required;
 * `database`, `options`, `application_name`, `_pq_.*` protocol options and any GUC may follow), in map order.
 */
public fun ByteWriter.writeStartupMessage(parameters: Map<String, String>, version: ProtocolVersion = ProtocolVersion.V3_0) {
    require("user" in parameters) { "StartupMessage needs a \"user\" parameter" }
    for ((name, value) in parameters) {
        require(name.isNotEmpty()) { "StartupMessage parameter names must not be empty" }
        requireNoNul(name, "startup parameter name")
        requireNoNul(value, "value of startup parameter \"$name\"")
    }
    val at = reserveInt()
    writeInt(version.code)
    for ((name, value) in parameters) {
        writeCString(name)
        writeCString(value)
    }
    writeByte(0)
    patchLength(at)
}

/** Writes an SSLRequest: the server answers with one unframed byte, 'S' or 'N'. */
public fun ByteWriter.writeSslRequest() {
    writeInt(8)
    writeInt(SSL_REQUEST_CODE)
}

/** Writes a GSSENCRequest: the server answers with one unframed byte, 'G' or 'N'. */
public fun ByteWriter.writeGssEncRequest() {
    writeInt(8)
    writeInt(GSSENC_REQUEST_CODE)
}

/**
 * Writes a CancelRequest for the backend [processId] with the [secretKey] from its BackendKeyData: 4 bytes under
 * protocol 3.0, up to [MAX_CANCEL_KEY_LENGTH] under 3.2.
 */
public fun ByteWriter.writeCancelRequest(processId: Int, secretKey: ByteArray) {
    require(secretKey.size in 4..MAX_CANCEL_KEY_LENGTH) {
        "a cancel key has 4 to $MAX_CANCEL_KEY_LENGTH bytes, got ${secretKey.size}"
    }
    writeInt(12 + secretKey.size)
    writeInt(CANCEL_REQUEST_CODE)
    writeInt(processId)
    writeBytes(secretKey)
}

/** Writes a PasswordMessage carrying a cleartext password or an MD5 hash ("md5" + hex). */
public fun ByteWriter.writePasswordMessage(password: String) {
    // The message must not echo the secret, so it is named without quoting it.
    require(password.indexOf('\u0000') < 0) { "the password contains a NUL character" }
    val at = begin('p')
    writeCString(password)
    patchLength(at)
}

/** Writes a SASLInitialResponse choosing [mechanism]; a `null` [initialResponse] is sent as length -1. */
public fun ByteWriter.writeSaslInitialResponse(mechanism: String, initialResponse: ByteArray?) {
    requireNoNul(mechanism, "SASL mechanism name")
    val at = begin('p')
    writeCString(mechanism)
    if (initialResponse == null) {
        writeInt(-1)
    } else {
        writeInt(initialResponse.size)
        writeBytes(initialResponse)
    }
    patchLength(at)
}

/** Writes a SASLResponse carrying the next client message of the SASL exchange. */
public fun ByteWriter.writeSaslResponse(data: ByteArray) {
    val at = begin('p')
    writeBytes(data)
    patchLength(at)
}

/** Writes a simple Query; [sql] may hold several statements separated by semicolons. */
public fun ByteWriter.writeQuery(sql: String) {
    requireNoNul(sql, "SQL text")
    val at = begin('Q')
    writeCString(sql)
    patchLength(at)
}

/**
 * Writes a Parse preparing [sql] as [statement] ("" = the unnamed statement); [parameterTypes] holds one type OID
 * per parameter the caller wants to fix, 0 leaving a type to the server.
 */
public fun ByteWriter.writeParse(statement: String, sql: String, parameterTypes: IntArray = NO_PARAMETER_TYPES) {
    requireNoNul(statement, "statement name")
    requireNoNul(sql, "SQL text")
    requireCount(parameterTypes.size, "parameter types")
    val at = begin('P')
    writeCString(statement)
    writeCString(sql)
    writeShort(parameterTypes.size)
    for (oid in parameterTypes) writeInt(oid)
    patchLength(at)
}

/**
 * Writes a Bind of [statement] into [portal] ("" = unnamed) with [parameterCount] values produced in place by
 * [parameters]. Parameter format codes are sent compactly (none when all are text, one when all agree).
 * [resultFormats] follows the protocol's convention: empty = all text, one code = all columns, else one per column.
 */
public fun ByteWriter.writeBind(
    portal: String,
    statement: String,
    parameterCount: Int,
    parameters: ParameterWriter,
    resultFormats: IntArray = ALL_TEXT_FORMATS,
) {
    requireNoNul(portal, "portal name")
    requireNoNul(statement, "statement name")
    requireCount(parameterCount, "parameters")
    requireCount(resultFormats.size, "result format codes")
    val at = begin('B')
    writeCString(portal)
    writeCString(statement)
    writeParameterFormats(parameterCount, parameters)
    writeShort(parameterCount)
    for (i in 0 until parameterCount) {
        val lengthAt = reserveInt()
        if (parameters.write(i, this)) {
            patchInt(lengthAt, size - lengthAt - 4)
        } else {
            check(size == lengthAt + 4) { "parameter $i wrote bytes but reported NULL" }
            patchInt(lengthAt, -1)
        }
    }
    writeShort(resultFormats.size)
    for (code in resultFormats) writeShort(code)
    patchLength(at)
}

/** Writes a Describe of the prepared [statement] ("" = unnamed): answered by ParameterDescription + RowDescription/NoData. */
public fun ByteWriter.writeDescribeStatement(statement: String): Unit = writeNamed('D', 'S', statement)

/** Writes a Describe of [portal] ("" = unnamed): answered by RowDescription or NoData. */
public fun ByteWriter.writeDescribePortal(portal: String): Unit = writeNamed('D', 'P', portal)

/** Writes an Execute of [portal] returning at most [maxRows] rows (0 = all); more rows end with PortalSuspended. */
public fun ByteWriter.writeExecute(portal: String = "", maxRows: Int = 0) {
    requireNoNul(portal, "portal name")
    require(maxRows >= 0) { "maxRows must not be negative, got $maxRows" }
    val at = begin('E')
    writeCString(portal)
    writeInt(maxRows)
    patchLength(at)
}

/** Writes a Sync: ends an extended-query sequence; the server answers ReadyForQuery. */
public fun ByteWriter.writeSync(): Unit = writeEmpty('S')

/** Writes a Flush: asks the server to send what it has produced so far. */
public fun ByteWriter.writeFlush(): Unit = writeEmpty('H')

/** Writes a Close of the prepared [statement]; answered by CloseComplete. */
public fun ByteWriter.writeCloseStatement(statement: String): Unit = writeNamed('C', 'S', statement)

/** Writes a Close of [portal]; answered by CloseComplete. */
public fun ByteWriter.writeClosePortal(portal: String): Unit = writeNamed('C', 'P', portal)

/** Writes a CopyData carrying [length] bytes of [data] from [offset]. */
public fun ByteWriter.writeCopyData(data: ByteArray, offset: Int = 0, length: Int = data.size - offset) {
    val at = begin('d')
    writeBytes(data, offset, length)
    patchLength(at)
}

/** Writes a CopyData whose payload [body] writes in place into this buffer (inline: no lambda is allocated). */
public inline fun ByteWriter.writeCopyData(body: ByteWriter.() -> Unit) {
    writeByte('d'.code)
    val at = reserveInt()
    body()
    patchLength(at)
}

/** Writes a CopyDone: the end of COPY FROM STDIN data. */
public fun ByteWriter.writeCopyDone(): Unit = writeEmpty('c')

/** Writes a CopyFail aborting COPY FROM STDIN with [reason], which the server reports back in its error. */
public fun ByteWriter.writeCopyFail(reason: String) {
    requireNoNul(reason, "CopyFail reason")
    val at = begin('f')
    writeCString(reason)
    patchLength(at)
}

/** Writes a Terminate: the polite end of a session. */
public fun ByteWriter.writeTerminate(): Unit = writeEmpty('X')

private fun ByteWriter.begin(tag: Char): Int {
    writeByte(tag.code)
    return reserveInt()
}

private fun ByteWriter.writeEmpty(tag: Char) {
    writeByte(tag.code)
    writeInt(4)
}

private fun ByteWriter.writeNamed(tag: Char, kind: Char, name: String) {
    requireNoNul(name, if (kind == 'S') "statement name" else "portal name")
    val at = begin(tag)
    writeByte(kind.code)
    writeCString(name)
    patchLength(at)
}

private fun ByteWriter.writeParameterFormats(count: Int, parameters: ParameterWriter) {
    if (count == 0) {
        writeShort(0)
        return
    }
    val first = parameters.format(0)
    var uniform = true
    for (i in 1 until count) {
        if (parameters.format(i) != first) {
            uniform = false
            break
        }
    }
    when {
        uniform && first == 0 -> writeShort(0)
        uniform -> {
            writeShort(1)
            writeShort(first)
        }
        else -> {
            writeShort(count)
            for (i in 0 until count) writeShort(parameters.format(i))
        }
    }
}

private fun requireNoNul(s: String, what: String) {
    val at = s.indexOf('\u0000')
    require(at < 0) { "$what contains a NUL character at index $at; the protocol cannot carry it" }
    // Checked here, before the message is begun: a failure inside writeUtf8 would leave half a message behind.
    val lone = firstUnpairedSurrogate(s)
    require(lone < 0) { "$what contains an unpaired UTF-16 surrogate at index $lone; UTF-8 cannot carry it" }
}

private fun requireCount(n: Int, what: String) {
    require(n in 0..MAX_PARAMETERS) { "the protocol allows at most $MAX_PARAMETERS $what, got $n" }
}
