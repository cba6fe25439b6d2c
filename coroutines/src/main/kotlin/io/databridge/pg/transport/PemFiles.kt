package io.databridge.pg.transport

import io.databridge.pg.errors.TlsException
import java.io.ByteArrayInputStream
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.security.GeneralSecurityException
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.security.spec.PKCS8EncodedKeySpec
import java.util.Base64
import javax.crypto.Cipher
import javax.crypto.EncryptedPrivateKeyInfo
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.PBEKeySpec

/** Reads certificates and private keys from PEM files with JDK APIs only. */
internal object PemFiles {
    private val blockPattern = Regex("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----")

    fun certificates(path: Path): List<X509Certificate> {
        val factory = CertificateFactory.getInstance("X.509")
        val certs = blocks(path).filter { it.first == "CERTIFICATE" }.map { (_, der) ->
            try {
                factory.generateCertificate(ByteArrayInputStream(der)) as X509Certificate
            } catch (e: GeneralSecurityException) {
                throw TlsException("invalid certificate in $path: ${e.message}", e)
            }
        }
        if (certs.isEmpty()) throw TlsException("no PEM certificate found in $path")
        return certs
    }

    fun privateKey(path: Path, password: CharArray?): PrivateKey {
        val (type, der) = blocks(path).firstOrNull { it.first.endsWith("PRIVATE KEY") }
            ?: throw TlsException("no PEM private key found in $path")
        val pkcs8 = when (type) {
            "PRIVATE KEY" -> der
            "RSA PRIVATE KEY" -> rsaPkcs1ToPkcs8(der)
            "ENCRYPTED PRIVATE KEY" -> decrypt(path, der, password)
            else -> throw TlsException("unsupported key type \"$type\" in $path; use PKCS#8 (openssl pkcs8 -topk8)")
        }
        return parsePkcs8(path, pkcs8)
    }

    private fun decrypt(path: Path, der: ByteArray, password: CharArray?): ByteArray {
        if (password == null) throw TlsException("private key in $path is encrypted but no password was given")
        try {
            val info = EncryptedPrivateKeyInfo(der)
            // For PBES2 the JDK names the real scheme only in the parameters (e.g. PBEWithHmacSHA256AndAES_256).
            val algorithm = info.algParameters?.toString() ?: info.algName
            val key = SecretKeyFactory.getInstance(algorithm).generateSecret(PBEKeySpec(password))
            val cipher = Cipher.getInstance(algorithm)
            cipher.init(Cipher.DECRYPT_MODE, key, info.algParameters)
            return info.getKeySpec(cipher).encoded
        } catch (e: GeneralSecurityException) {
            throw TlsException("cannot decrypt private key in $path (wrong password or unsupported scheme)", e)
        } catch (e: IOException) {
            throw TlsException("malformed encrypted private key in $path", e)
        }
    }

    private fun parsePkcs8(path: Path, der: ByteArray): PrivateKey {
        val spec = PKCS8EncodedKeySpec(der)
        for (algorithm in listOf("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec)
            } catch (_: GeneralSecurityException) {
            }
        }
        throw TlsException("private key in $path is not an RSA, EC or EdDSA PKCS#8 key")
    }

    // PKCS#1 RSAPrivateKey wrapped as PKCS#8: SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING }.
    private fun rsaPkcs1ToPkcs8(pkcs1: ByteArray): ByteArray {
        val algorithmId = byteArrayOf(
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86.toByte(), 0x48, 0x86.toByte(), 0xf7.toByte(), 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
        )
        val version = byteArrayOf(0x02, 0x01, 0x00)
        val octets = derHeader(0x04, pkcs1.size) + pkcs1
        val body = version + algorithmId + octets
        return derHeader(0x30, body.size) + body
    }

    private fun derHeader(tag: Int, length: Int): ByteArray = when {
        length < 0x80 -> byteArrayOf(tag.toByte(), length.toByte())
        length < 0x100 -> byteArrayOf(tag.toByte(), 0x81.toByte(), length.toByte())
        length < 0x10000 -> byteArrayOf(tag.toByte(), 0x82.toByte(), (length ushr 8).toByte(), length.toByte())
        else -> byteArrayOf(tag.toByte(), 0x83.toByte(), (length ushr 16).toByte(), (length ushr 8).toByte(), length.toByte())
    }

    private fun blocks(path: Path): List<Pair<String, ByteArray>> {
        val text = try {
            Files.readString(path, Charsets.US_ASCII)
        } catch (e: IOException) {
            throw TlsException("cannot read PEM file $path: ${e.message}", e)
        }
        return blockPattern.findAll(text).map { m ->
            val body = m.groupValues[2].filterNot { it.isWhitespace() }
            val der = try {
                Base64.getDecoder().decode(body)
            } catch (e: IllegalArgumentException) {
                throw TlsException("invalid base64 in PEM block ${m.groupValues[1]} of $path", e)
            }
            m.groupValues[1] to der
        }.toList()
    }
}
