package io.databridge.embedded.ha

import java.lang.ProcessBuilder.Redirect
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit

/** A single-member etcd on loopback: the DCS (distributed configuration store) the Patroni members share. */
internal class Etcd private constructor(private val process: Process, val clientPort: Int, private val log: Path) {
    /** The address Patroni's `etcd3.hosts` names. */
    val endpoint: String get() = "127.0.0.1:$clientPort"

    fun logTail(lines: Int): String = tail(log, lines)

    /** Stops etcd (SIGTERM, then SIGKILL after 10 s). */
    fun stop() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            process.waitFor(10, TimeUnit.SECONDS)
        }
    }

    companion object {
        /** Starts etcd with its data in [dir] and waits until it reports itself healthy. */
        fun start(binary: Path, dir: Path, clientPort: Int, peerPort: Int, timeout: Duration, http: HttpClient): Etcd {
            val log = dir.resolve("etcd.log")
            val client = "http://127.0.0.1:$clientPort"
            val peer = "http://127.0.0.1:$peerPort"
            val process = ProcessBuilder(
                binary.toString(),
                "--name", "etcd",
                "--data-dir", dir.resolve("etcd-data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "etcd=$peer",
                "--log-level", "warn",
            ).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile())).start()
            Files.writeString(dir.resolve(StaleHaClusters.PID_FILE), process.pid().toString())
            val etcd = Etcd(process, clientPort, log)
            try {
                awaitHealthy(etcd, process, client, timeout, http)
            } catch (e: Exception) {
                etcd.stop()
                throw e
            }
            return etcd
        }

        private fun awaitHealthy(etcd: Etcd, process: Process, client: String, timeout: Duration, http: HttpClient) {
            val deadline = System.nanoTime() + timeout.toNanos()
            val request = HttpRequest.newBuilder(URI.create("$client/health")).timeout(Duration.ofSeconds(2)).build()
            while (true) {
                if (!process.isAlive) throw PatroniException("etcd exited with ${process.exitValue()} during startup", etcd.logTail(40))
                val healthy = runCatching { http.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("\"true\"") }.getOrDefault(false)
                if (healthy) return
                if (System.nanoTime() > deadline) throw PatroniException("etcd was not healthy within $timeout", etcd.logTail(40))
                Thread.sleep(50)
            }
        }
    }
}

/** The last [lines] lines of the file at [path], or "" when it does not exist. */
internal fun tail(path: Path, lines: Int): String =
    if (!Files.exists(path)) "" else String(Files.readAllBytes(path), Charsets.UTF_8).lines().takeLast(lines).joinToString("\n")
