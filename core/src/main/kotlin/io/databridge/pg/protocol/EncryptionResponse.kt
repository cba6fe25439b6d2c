package io.databridge.pg.protocol

/** Which encryption request the single unframed answer byte replies to. */
public enum class EncryptionRequest {
    /** An SSLRequest: accepted with 'S'. */
    SSL,

    /** A GSSENCRequest: accepted with 'G'. */
    GSS,
}

/** The server's single-byte answer to an SSLRequest or GSSENCRequest. */
public enum class EncryptionResponse {
    /** 'S' or 'G': start the TLS or GSSAPI handshake now. */
    ACCEPTED,

    /** 'N': the server will not encrypt; continue in plaintext or give up. */
    REJECTED,

    /** 'E': an ErrorResponse follows (a server too old to know the request); read it with [BackendDecoder.next]. */
    ERROR_FOLLOWS,
}
