package io.databridge.pg.errors

/**
 * A statement started a COPY that the call it ran through cannot serve, e.g. `COPY … FROM STDIN` through
 * `query`/`execute`/`executeBatch` (use `copyIn`). The COPY was aborted with CopyFail, so nothing was stored; the
 * connection stays usable, except when other messages were already on their way behind it (requests pipelined after
 * it, or the later parameter sets of a batch): the server would read them as COPY data, so the connection is closed.
 */
public class CopyNotSupportedException(message: String) : DataBridgeException(message)
