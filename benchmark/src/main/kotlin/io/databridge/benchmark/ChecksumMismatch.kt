package io.databridge.benchmark

/** A client returned a different checksum than the work it was given must produce: it did not do the work. */
internal class ChecksumMismatch(what: String, expected: Any, actual: Any) :
    IllegalStateException("$what: expected $expected, got $actual")

internal fun verify(what: String, expected: Any, actual: Any) {
    if (expected != actual) throw ChecksumMismatch(what, expected, actual)
}
