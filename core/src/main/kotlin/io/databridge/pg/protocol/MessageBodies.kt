package io.databridge.pg.protocol

/*
 * Parsers for the bodies of backend messages whose framing BackendDecoder has already checked: each consumes the
 * whole body through the bounds-checked BodyReader and rejects trailing bytes.
 */

/** The smallest RowDescription field: an empty name (1 byte) plus 18 bytes of fixed attributes. */
private const val MIN_FIELD_SIZE = 19

internal fun BodyReader.authentication(): Authentication {
    val message = when (val code = int32("authentication request code")) {
        0 -> AuthenticationOk
        2 -> AuthenticationKerberosV5
        3 -> AuthenticationCleartextPassword
        5 -> AuthenticationMD5Password(bytes(4, "MD5 salt"))
        7 -> AuthenticationGSS
        8 -> AuthenticationGSSContinue(rest())
        9 -> AuthenticationSSPI
        10 -> AuthenticationSASL(saslMechanisms())
        11 -> AuthenticationSASLContinue(rest())
        12 -> AuthenticationSASLFinal(rest())
        else -> fail("unknown authentication request code $code")
    }
    expectEnd("the authentication request")
    return message
}

private fun BodyReader.saslMechanisms(): List<String> {
    val names = ArrayList<String>(2)
    while (true) {
        need(1, "SASL mechanism list")
        if (array[pos].toInt() == 0) {
            pos++
            return names
        }
        names += cstring("SASL mechanism name")
    }
}

internal fun BodyReader.backendKeyData(): BackendKeyData {
    val pid = int32("process id")
    return BackendKeyData(pid, rest())
}

internal fun BodyReader.parameterStatus(): ParameterStatus {
    val name = cstring("parameter name")
    val value = cstring("parameter value")
    expectEnd("ParameterStatus")
    return ParameterStatus(name, value)
}

internal fun BodyReader.readyForQuery(): ReadyForQuery {
    val message = when (val status = int8("transaction status")) {
        'I'.code -> ReadyForQuery.IDLE
        'T'.code -> ReadyForQuery.IN_TRANSACTION
        'E'.code -> ReadyForQuery.FAILED
        else -> fail("unknown transaction status 0x%02x".format(status))
    }
    expectEnd("ReadyForQuery")
    return message
}

internal fun BodyReader.rowDescription(): RowDescription {
    val count = uint16("field count")
    if (count.toLong() * MIN_FIELD_SIZE > remaining) {
        fail("impossible field count $count for a body of $remaining bytes")
    }
    val fields = ArrayList<FieldDescription>(count)
    repeat(count) {
        fields += FieldDescription(
            name = cstring("field name"),
            tableOid = int32("table OID"),
            columnAttribute = int16("column attribute number"),
            typeOid = int32("type OID"),
            typeSize = int16("type size"),
            typeModifier = int32("type modifier"),
            format = formatCode("field format code"),
        )
    }
    expectEnd("the last field")
    return RowDescription(fields)
}

internal fun BodyReader.parameterDescription(): ParameterDescription {
    val count = uint16("parameter count")
    if (count.toLong() * 4 != remaining.toLong()) {
        fail("parameter count $count disagrees with the ${remaining}-byte body")
    }
    val oids = IntArray(count) { int32("parameter type OID") }
    return ParameterDescription(oids)
}

internal fun BodyReader.dataRow(slab: PositionSlab): DataRow {
    val count = uint16("column count")
    if (count.toLong() * 4 > remaining) fail("impossible column count $count for a body of $remaining bytes")
    val base = slab.reserve(count)
    val positions = slab.array
    val a = array
    var p = pos
    val limit = end
    for (i in 0 until count) {
        if (limit - p < 4) fail("truncated length of column $i")
        val len = readInt(a, p)
        positions[base + 1 + i] = p
        p += 4
        if (len == -1) continue
        if (len < 0) fail("negative length $len of column $i")
        if (len > limit - p) fail("column $i declares $len bytes but only ${limit - p} remain in the message")
        p += len
    }
    pos = p
    expectEnd("the last column")
    return DataRow(a, positions, base)
}

internal fun BodyReader.commandComplete(): CommandComplete {
    val tag = cstring("command tag")
    expectEnd("the command tag")
    return CommandComplete(tag)
}

internal fun BodyReader.serverReportFields(): Map<Char, String> {
    val fields = LinkedHashMap<Char, String>()
    while (true) {
        val code = int8("field code")
        if (code == 0) break
        fields[code.toChar()] = cstring("field '${code.toChar()}'")
    }
    expectEnd("the field list terminator")
    return fields
}

internal fun BodyReader.notification(): NotificationResponse {
    val pid = int32("process id")
    val channel = cstring("channel name")
    val payload = cstring("payload")
    expectEnd("the payload")
    return NotificationResponse(pid, channel, payload)
}

/** Reads a CopyIn/Out/BothResponse body and builds the message with [create]. */
internal inline fun BodyReader.copyResponse(create: (Int, IntArray) -> CopyResponse): CopyResponse {
    val format = int8("overall copy format")
    if (format != 0 && format != 1) fail("invalid overall copy format $format")
    val count = uint16("column count")
    if (count.toLong() * 2 != remaining.toLong()) fail("column count $count disagrees with the ${remaining}-byte rest")
    val codes = IntArray(count) { formatCode("column format code") }
    if (format == 0 && codes.any { it != 0 }) fail("a textual copy cannot have binary columns")
    return create(format, codes)
}

internal fun BodyReader.copyData(): CopyData {
    val data = CopyData(array, pos, remaining)
    pos = end
    return data
}

internal fun BodyReader.negotiateProtocolVersion(): NegotiateProtocolVersion {
    val version = int32("newest protocol version")
    if (version < 0) fail("negative protocol version $version")
    val count = int32("unrecognized option count")
    if (count < 0 || count > remaining) fail("impossible option count $count for $remaining remaining bytes")
    val options = ArrayList<String>(count)
    repeat(count) { options += cstring("option name") }
    expectEnd("the option names")
    return NegotiateProtocolVersion(version, options)
}

private fun BodyReader.formatCode(what: String): Int {
    val code = int16(what)
    if (code != 0 && code != 1) fail("invalid $what $code")
    return code
}
