package io.databridge.embedded.proxy

import java.io.IOException
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * One client socket and its socket to the target, with a pump thread per direction that applies the proxy's
 * current fault to every chunk it reads.
 */
internal class ProxiedConnection(private val proxy: FaultProxy, private val client: Socket, private val name: String) {
    private val target = Socket()
    private val closed = AtomicBoolean()
    private val directionsDone = AtomicInteger()

    /** Connects to the target, then pumps client to target here and target to client on a second thread. */
    fun run() {
        try {
            client.tcpNoDelay = true
            target.tcpNoDelay = true
            target.connect(InetSocketAddress(proxy.targetHost, proxy.targetPort), CONNECT_TIMEOUT_MILLIS)
        } catch (e: IOException) {
            close(abrupt = true)
            return
        }
        proxy.spawn("$name-down") { pump(target, client, proxy.bytesToClient) }
        pump(client, target, proxy.bytesToTarget)
    }

    /** Closes both sockets once; [abrupt] sends a reset instead of a FIN. */
    fun close(abrupt: Boolean) {
        if (!closed.compareAndSet(false, true)) return
        for (socket in listOf(client, target)) {
            if (abrupt) runCatching { socket.setSoLinger(true, 0) }
            runCatching { socket.close() }
        }
        proxy.forget(this)
    }

    private fun pump(from: Socket, to: Socket, forwarded: AtomicLong) {
        val buffer = ByteArray(CHUNK)
        var generation = -1L
        var budget = 0L
        try {
            val input = from.getInputStream()
            val output = to.getOutputStream()
            while (true) {
                val n = input.read(buffer)
                if (n < 0) break
                val setting = proxy.setting
                when (val fault = setting.fault) {
                    Fault.PassThrough -> output.write(buffer, 0, n)
                    is Fault.Delay -> {
                        Thread.sleep(fault.latency.toMillis(), fault.latency.toNanosPart() % 1_000_000)
                        output.write(buffer, 0, n)
                    }
                    Fault.Drop -> continue
                    is Fault.Truncate -> {
                        if (setting.generation != generation) {
                            generation = setting.generation
                            budget = fault.bytes
                        }
                        val allowed = minOf(n.toLong(), budget).toInt()
                        output.write(buffer, 0, allowed)
                        forwarded.addAndGet(allowed.toLong())
                        budget -= allowed
                        if (budget == 0L) {
                            output.flush()
                            close(abrupt = true)
                            return
                        }
                        continue
                    }
                }
                forwarded.addAndGet(n.toLong())
            }
            // End of stream: pass the FIN on; the connection ends once both directions have seen theirs.
            runCatching { to.shutdownOutput() }
            if (directionsDone.incrementAndGet() == 2) close(abrupt = false)
        } catch (e: IOException) {
            close(abrupt = true)
        } catch (e: InterruptedException) {
            close(abrupt = true)
        }
    }

    private companion object {
        const val CHUNK = 16 * 1024
        const val CONNECT_TIMEOUT_MILLIS = 10_000
    }
}
