package io.databridge.pg.auth

import java.text.Normalizer

/**
 * SASLprep (RFC 4013), the stringprep (RFC 3454) profile SCRAM applies to passwords, with PostgreSQL's choices:
 * pure ASCII passes unchanged, and a password SASLprep rejects is used as its raw UTF-8 bytes ([passwordBytes]).
 *
 * Stringprep forbids code points unassigned in Unicode 3.2. Beyond the BMP (where emoji live) the 3.2 repertoire
 * is listed here; within the BMP the JDK's newer Unicode decides, so a password mixing a BMP character added after
 * 3.2 with a character SASLprep maps is prepared here where PostgreSQL falls back to the raw bytes.
 */
internal object SaslPrep {
    /** The bytes SCRAM hashes for [password]: its SASLprep form, or its raw UTF-8 when SASLprep rejects it. */
    fun passwordBytes(password: String): ByteArray = (prepare(password) ?: password).encodeToByteArray()

    /** The SASLprep form of [input], or `null` when it contains prohibited characters or breaks the bidi rules. */
    fun prepare(input: String): String? {
        if (input.all { it.code < 0x80 }) return input
        val mapped = StringBuilder(input.length)
        input.codePoints().forEach { cp ->
            when {
                isNonAsciiSpace(cp) -> mapped.append(' ')
                isMappedToNothing(cp) -> Unit
                else -> mapped.appendCodePoint(cp)
            }
        }
        val normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC)
        // PostgreSQL treats an empty result (e.g. only soft hyphens) like an invalid one and uses the raw bytes.
        if (normalized.isEmpty()) return null
        var randAl = false
        var leftToRight = false
        for (cp in normalized.codePoints()) {
            if (isProhibited(cp) || isUnassigned(cp)) return null
            when (Character.getDirectionality(cp)) {
                Character.DIRECTIONALITY_RIGHT_TO_LEFT, Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC -> randAl = true
                Character.DIRECTIONALITY_LEFT_TO_RIGHT -> leftToRight = true
            }
        }
        // RFC 3454 section 6: a string with right-to-left characters must not mix in left-to-right ones and must
        // start and end with a right-to-left character.
        if (randAl && (leftToRight || !isRandAl(normalized.codePointAt(0)) || !isRandAl(normalized.codePointBefore(normalized.length)))) {
            return null
        }
        return normalized
    }

    /** RFC 3454 table A.1, approximated as described in the class comment. */
    private fun isUnassigned(cp: Int): Boolean =
        Character.getType(cp) == Character.UNASSIGNED.toInt() || (cp > 0xFFFF && SUPPLEMENTARY_IN_UNICODE_3_2.none { cp in it })

    /** The code point ranges outside the BMP that Unicode 3.2 assigned (Old Italic … CJK compatibility, tags). */
    private val SUPPLEMENTARY_IN_UNICODE_3_2 = listOf(
        0x10300..0x10323, 0x10330..0x1034A, 0x10400..0x10425, 0x10428..0x1044D, 0x1D000..0x1D0F5,
        0x1D100..0x1D126, 0x1D12A..0x1D1DD, 0x1D400..0x1D7FF, 0x20000..0x2A6D6, 0x2F800..0x2FA1D,
        0xE0001..0xE0001, 0xE0020..0xE007F,
    )

    private fun isRandAl(cp: Int): Boolean = Character.getDirectionality(cp).let {
        it == Character.DIRECTIONALITY_RIGHT_TO_LEFT || it == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
    }

    /** RFC 3454 table C.1.2, mapped to SPACE by RFC 4013 (PostgreSQL checks it before B.1, so U+200B becomes a space). */
    private fun isNonAsciiSpace(cp: Int): Boolean =
        cp == 0x00A0 || cp == 0x1680 || cp in 0x2000..0x200B || cp == 0x202F || cp == 0x205F || cp == 0x3000

    /** RFC 3454 table B.1: characters commonly mapped to nothing (soft hyphen, joiners, variation selectors…). */
    private fun isMappedToNothing(cp: Int): Boolean =
        cp == 0x00AD || cp == 0x034F || cp == 0x1806 || cp in 0x180B..0x180D || cp in 0x200B..0x200D ||
            cp == 0x2060 || cp in 0xFE00..0xFE0F || cp == 0xFEFF

    /** RFC 4013 section 2.3: stringprep tables C.1.2 and C.2.1 to C.9. */
    private fun isProhibited(cp: Int): Boolean =
        isNonAsciiSpace(cp) ||
            cp <= 0x1F || cp == 0x7F || // C.2.1 ASCII control
            cp in 0x80..0x9F || cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp in 0x200C..0x200D || // C.2.2
            cp in 0x2028..0x2029 || cp in 0x2060..0x2063 || cp in 0x206A..0x206F || cp == 0xFEFF ||
            cp in 0xFFF9..0xFFFC || cp in 0x1D173..0x1D17A ||
            cp in 0xE000..0xF8FF || cp in 0xF0000..0xFFFFD || cp in 0x100000..0x10FFFD || // C.3 private use
            cp in 0xFDD0..0xFDEF || (cp and 0xFFFE) == 0xFFFE || // C.4 non-characters (every plane's xFFFE/xFFFF)
            cp in 0xD800..0xDFFF || // C.5 surrogates (unpaired ones survive decoding as such)
            cp in 0xFFF9..0xFFFD || // C.6 inappropriate for plain text
            cp in 0x2FF0..0x2FFB || // C.7 inappropriate for canonical representation
            cp in 0x0340..0x0341 || cp in 0x200E..0x200F || cp in 0x202A..0x202E || // C.8 display properties
            cp == 0xE0001 || cp in 0xE0020..0xE007F // C.9 tagging characters
}
