package io.databridge.pg.config

/** Writes a configuration back as a `postgresql://` URI that [ConnectionUriParser] reads, leaving secrets out. */
internal object ConnectionUriWriter {
    private val IN_AUTHORITY = setOf("host", "port", "hostaddr", "user", "dbname")

    fun write(hosts: List<HostSpec>, user: String, database: String, settings: Map<String, String>): String =
        buildString {
            append("postgresql://").append(encode(user)).append('@')
            hosts.forEachIndexed { i, host ->
                if (i > 0) append(',')
                when (host) {
                    is HostSpec.Tcp ->
                        if (':' in host.host) append('[').append(encode(host.host, keep = ":")).append(']')
                        else append(encode(host.host))
                    is HostSpec.UnixSocket -> append(encode(host.directory))
                }
                append(':').append(host.port)
            }
            append('/').append(encode(database))
            val query = ArrayList<String>()
            if (hosts.any { it is HostSpec.Tcp && it.hostaddr != null }) {
                query += "hostaddr=" + encode(hosts.joinToString(",") { (it as? HostSpec.Tcp)?.hostaddr ?: "" }, ",")
            }
            for ((key, value) in settings) {
                if (key in IN_AUTHORITY || isSecretKey(key)) continue
                query += encode(key) + "=" + encode(value)
            }
            if (query.isNotEmpty()) append('?').append(query.joinToString("&"))
        }

    private fun encode(text: String, keep: String = ""): String = buildString {
        for (b in text.toByteArray(Charsets.UTF_8)) {
            val c = (b.toInt() and 0xff).toChar()
            if (c.isLetterOrDigit() && c.code < 0x80 || c in "-._~" || c in keep) append(c)
            else append('%').append("%02X".format(b.toInt() and 0xff))
        }
    }
}
