package io.databridge.pg.transport

import io.databridge.pg.errors.TlsException
import java.net.Socket
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.cert.X509Certificate
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.TrustManager
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509ExtendedTrustManager

/**
 * An [SSLContext] built once from [TlsSettings] (PEM files read and parsed here, so bad files fail early with a
 * [TlsException]) and shared by every connection that uses those settings.
 */
public class TlsContext(public val settings: TlsSettings) {
    private val sslContext: SSLContext = try {
        SSLContext.getInstance("TLS").apply { init(keyManagers(), trustManagers(), null) }
    } catch (e: GeneralSecurityException) {
        throw TlsException("cannot set up TLS: ${e.message}", e)
    }

    /** A client engine for [host] configured for [settings]' verification, SNI and ALPN. */
    internal fun newEngine(host: String, port: Int): SSLEngine {
        val engine = sslContext.createSSLEngine(host, port)
        engine.useClientMode = true
        val params = engine.sslParameters
        // The JDK's "HTTPS" identification is RFC 2818/6125 matching: DNS and IP SANs, CN only without SANs.
        if (settings.verification == TlsVerification.FULL) params.endpointIdentificationAlgorithm = "HTTPS"
        params.serverNames = if (settings.sni && isHostName(host)) listOf(SNIHostName(host)) else emptyList()
        if (settings.direct) params.applicationProtocols = arrayOf("postgresql")
        engine.sslParameters = params
        return engine
    }

    private fun keyManagers() = settings.clientCert?.let { certPath ->
        val chain = PemFiles.certificates(certPath)
        val key = PemFiles.privateKey(settings.clientKey!!, settings.clientKeyPassword)
        val store = KeyStore.getInstance("PKCS12").apply { load(null, null) }
        val storePassword = CharArray(0)
        store.setKeyEntry("client", key, storePassword, chain.toTypedArray())
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
            .apply { init(store, storePassword) }.keyManagers
    }

    private fun trustManagers(): Array<TrustManager> {
        if (settings.verification == TlsVerification.NONE) return arrayOf(AcceptAnyCertificate)
        val factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
        val root = settings.rootCert
        if (root == null) {
            factory.init(null as KeyStore?)
        } else {
            val store = KeyStore.getInstance("PKCS12").apply { load(null, null) }
            PemFiles.certificates(root).forEachIndexed { i, cert -> store.setCertificateEntry("ca-$i", cert) }
            factory.init(store)
        }
        return factory.trustManagers
    }

    private fun isHostName(host: String): Boolean =
        host.isNotEmpty() && ':' !in host && !host.all { it.isDigit() || it == '.' } && host.endsWith('.').not()

    override fun toString(): String = "TlsContext($settings)"

    // sslmode=require: the connection is encrypted but the server is not authenticated, exactly as libpq does.
    private object AcceptAnyCertificate : X509ExtendedTrustManager() {
        override fun checkClientTrusted(chain: Array<out X509Certificate>?, authType: String?) {}
        override fun checkServerTrusted(chain: Array<out X509Certificate>?, authType: String?) {}
        override fun checkClientTrusted(chain: Array<out X509Certificate>?, authType: String?, socket: Socket?) {}
        override fun checkServerTrusted(chain: Array<out X509Certificate>?, authType: String?, socket: Socket?) {}
        override fun checkClientTrusted(chain: Array<out X509Certificate>?, authType: String?, engine: SSLEngine?) {}
        override fun checkServerTrusted(chain: Array<out X509Certificate>?, authType: String?, engine: SSLEngine?) {}
        override fun getAcceptedIssuers(): Array<X509Certificate> = emptyArray()
    }
}
