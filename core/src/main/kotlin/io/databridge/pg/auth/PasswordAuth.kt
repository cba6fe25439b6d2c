package io.databridge.pg.auth

import io.databridge.pg.errors.AuthenticationException
import io.databridge.pg.errors.MissingPasswordException
import io.databridge.pg.protocol.LowerHex
import java.security.MessageDigest

/** The PasswordMessage payloads for AuthenticationCleartextPassword and AuthenticationMD5Password. */
public object PasswordAuth {
    /** Length of the salt in AuthenticationMD5Password. */
    public const val MD5_SALT_LENGTH: Int = 4

    /** The password to send as is (UTF-8, without the terminating NUL the message adds). */
    @JvmStatic
    public fun cleartext(password: String?): ByteArray = requirePassword(password, "cleartext password").encodeToByteArray()

    /**
     * The MD5 response `"md5" + md5hex(md5hex(password + user) + salt)` as ASCII bytes (without the NUL), where
     * [salt] is the 4-byte salt of AuthenticationMD5Password.
     */
    @JvmStatic
    public fun md5(user: String, password: String?, salt: ByteArray): ByteArray {
        val secret = requirePassword(password, "MD5 password")
        if (salt.size != MD5_SALT_LENGTH) {
            throw AuthenticationException("MD5 authentication needs a $MD5_SALT_LENGTH-byte salt, the server sent ${salt.size} bytes")
        }
        val md = MessageDigest.getInstance("MD5")
        md.update(secret.encodeToByteArray())
        md.update(user.encodeToByteArray())
        val inner = LowerHex.encode(md.digest())
        md.update(inner)
        md.update(salt)
        return "md5".encodeToByteArray() + LowerHex.encode(md.digest())
    }
}

/** [password] when usable; like libpq, an empty password counts as none. */
internal fun requirePassword(password: String?, method: String): String {
    if (password.isNullOrEmpty()) throw MissingPasswordException(method)
    return password
}
