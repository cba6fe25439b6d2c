package io.databridge.pg.config

import java.nio.file.Path

/** Where the password for one host came from, or why there is none. [toString] never shows the password. */
public sealed class PasswordLookup {
    /** The password, or null when there is none. */
    public abstract val password: String?

    /** The password was given in the settings (`password` option or `PGPASSWORD`). */
    public class Given(override val password: String) : PasswordLookup() {
        override fun toString(): String = "Given(password=***)"
    }

    /** The password came from the first matching line of the password file [file]. */
    public class FromPassFile(override val password: String, public val file: Path) : PasswordLookup() {
        override fun toString(): String = "FromPassFile(password=***, file=$file)"
    }

    /**
     * There is no password. [reason] says why the password file was ignored (e.g. it is group- or
     * world-accessible), or is null when there simply was no file or no matching line.
     */
    public class Missing(public val reason: String?) : PasswordLookup() {
        override val password: String? get() = null

        override fun toString(): String = "Missing(reason=$reason)"
    }
}
