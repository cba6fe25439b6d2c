package io.databridge.pg.copy

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.writeCopyData
import kotlinx.coroutines.flow.Flow

/**
 * Cuts the chunks of a `COPY … FROM STDIN` source into CopyData payloads. Small chunks (a line each, say) are gathered
 * into payloads of about [messageBytes], so such a source costs one CopyData and one hand-off to the loop per payload
 * instead of per chunk; a chunk of at least [messageBytes] goes out as it is.
 */
internal class CopyDataGatherer(private val messageBytes: Int = MESSAGE_BYTES) {
    private val gathered = ByteWriter(messageBytes)

    /** Collects [data], handing each payload that is ready to [send] as its bytes and their length. */
    suspend fun gather(data: Flow<ByteArray>, send: suspend (bytes: ByteArray, length: Int) -> Unit) {
        data.collect { chunk ->
            if (gathered.size > 0 && gathered.size + chunk.size > messageBytes) {
                send(gathered.array, gathered.size)
                gathered.reset()
            }
            if (chunk.size >= messageBytes) send(chunk, chunk.size) else gathered.writeBytes(chunk)
        }
    }

    /** Writes the bytes still gathered, if any, to [out] as the last CopyData message. */
    fun writeRest(out: ByteWriter) {
        if (gathered.size > 0) out.writeCopyData(gathered.array, 0, gathered.size)
    }

    companion object {
        /** The payload size up to which small chunks are gathered into one CopyData message. */
        const val MESSAGE_BYTES: Int = 64 * 1024
    }
}
