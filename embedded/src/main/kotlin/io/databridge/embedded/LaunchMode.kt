package io.databridge.embedded

/** How the server processes are run. */
public enum class LaunchMode {
    /** zonky's launcher, unless the JVM runs as root and zonky cannot use a user namespace: then [OS_USER]. */
    AUTO,

    /** zonky's launcher (as root it runs the binaries inside `unshare -U`). */
    ZONKY,

    /** initdb and the server run as an unprivileged OS user through `setpriv`; needs root. */
    OS_USER,
}
