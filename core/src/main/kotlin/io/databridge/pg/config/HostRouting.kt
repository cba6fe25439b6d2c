package io.databridge.pg.config

/** Which kind of server a connection must land on when several hosts are listed (libpq `target_session_attrs`). */
public enum class TargetSessionAttrs(override val libpqName: String) : LibpqEnum {
    /** Any server that accepts the connection. The default. */
    ANY("any"),

    /** A server where transactions are read-write by default. */
    READ_WRITE("read-write"),

    /** A server where transactions are read-only by default. */
    READ_ONLY("read-only"),

    /** A server that is not in hot standby. */
    PRIMARY("primary"),

    /** A server in hot standby. */
    STANDBY("standby"),

    /** A standby if one is reachable, otherwise any server. */
    PREFER_STANDBY("prefer-standby"),
}

/** Whether the host list is tried in order or shuffled (libpq `load_balance_hosts`). */
public enum class LoadBalanceHosts(override val libpqName: String) : LibpqEnum {
    /** Try the hosts in the order given. The default. */
    DISABLE("disable"),

    /** Try the hosts (and each host's addresses) in random order. */
    RANDOM("random"),
}
