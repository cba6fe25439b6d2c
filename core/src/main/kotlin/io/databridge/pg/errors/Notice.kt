package io.databridge.pg.errors

/**
 * A NoticeResponse from the server (a WARNING, NOTICE, INFO, … that does not abort anything), with every field
 * it sent. A value, not an exception: the engine hands notices to listeners.
 */
public class Notice(
    /** All fields of the NoticeResponse, parsed; also available one by one through [ServerDiagnostics]. */
    public val fields: DiagnosticFields,
) : ServerDiagnostics by fields {
    /** A notice built from the raw fields the protocol decoder produced (field code → value). */
    public constructor(fields: Map<Char, String>) : this(DiagnosticFields(fields))

    override fun equals(other: Any?): Boolean = other is Notice && other.fields == fields
    override fun hashCode(): Int = fields.hashCode()

    /** `WARNING: <message> (SQLSTATE xxxxx)` plus detail and hint lines, like the exception text. */
    override fun toString(): String = fields.describe()
}
