package io.databridge.pg.protocol

/**
 * A string holds a lone UTF-16 surrogate, which has no UTF-8 form: sending it would need a replacement character,
 * i.e. a different text. Raised before any byte of the string is written.
 */
public class UnpairedSurrogateException(
    /** The index of the lone surrogate in the string. */
    public val index: Int,
) : IllegalArgumentException("the text contains an unpaired UTF-16 surrogate at index $index, which UTF-8 cannot carry")

/** The index of the first high surrogate without its low half (or low without high) in [s] from [from], or -1. */
public fun firstUnpairedSurrogate(s: CharSequence, from: Int = 0): Int {
    var i = from
    val n = s.length
    while (i < n) {
        val c = s[i]
        if (Character.isHighSurrogate(c)) {
            if (i + 1 >= n || !Character.isLowSurrogate(s[i + 1])) return i
            i += 2
            continue
        }
        if (Character.isLowSurrogate(c)) return i
        i++
    }
    return -1
}
