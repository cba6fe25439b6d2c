package io.databridge.dsl.schema

private const val MAX_NAME_BYTES = 63

/**
 * Default constraint and index names chosen the way PostgreSQL chooses them: `<table>_<addition>_<label>`,
 * both parts trimmed (the longer first) to fit 63 bytes, and a counter appended to the label while the name is
 * [taken]; the chosen name is added to [taken].
 */
internal fun chooseObjectName(table: String, addition: String?, label: String, taken: MutableSet<String>): String {
    var pass = 0
    while (true) {
        val name = objectName(table, addition, if (pass == 0) label else "$label$pass")
        if (taken.add(name)) return name
        pass++
    }
}

private fun objectName(first: String, second: String?, label: String): String {
    val overhead = label.length + 1 + if (second != null) 1 else 0
    var firstLength = first.length
    var secondLength = second?.length ?: 0
    while (firstLength + secondLength > MAX_NAME_BYTES - overhead) {
        if (firstLength > secondLength) firstLength-- else secondLength--
    }
    return buildString {
        append(first, 0, firstLength)
        if (second != null) append('_').append(second, 0, secondLength)
        append('_').append(label)
    }
}
