package io.databridge.embedded.ha

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.add
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.nio.file.Files
import java.nio.file.Path

/** Writes a member's `patroni.yml`, as JSON (YAML's subset), from the cluster's settings. */
internal object PatroniConfigFile {
    fun write(node: PatroniNode, config: PatroniClusterConfig, etcd: String) {
        Files.writeString(node.configFile, render(node, config, etcd).toString())
    }

    fun render(node: PatroniNode, config: PatroniClusterConfig, etcd: String): JsonObject = buildJsonObject {
        put("scope", config.scope)
        put("name", node.name)
        putJsonObject("restapi") {
            put("listen", "127.0.0.1:${node.restPort}")
            put("connect_address", "127.0.0.1:${node.restPort}")
        }
        putJsonObject("etcd3") { put("hosts", etcd) }
        putJsonObject("bootstrap") {
            putJsonObject("dcs") {
                put("ttl", config.ttl.seconds)
                put("loop_wait", config.loopWait.seconds)
                put("retry_timeout", config.retryTimeout.seconds)
                put("maximum_lag_on_failover", config.maximumLagOnFailover)
                put("synchronous_mode", config.synchronousMode)
                putJsonObject("postgresql") {
                    put("use_pg_rewind", true)
                    put("use_slots", true)
                    putJsonObject("parameters") { for ((key, value) in config.settings) put(key, value) }
                }
            }
            // Patroni turns each entry into an initdb option: a string into --name, an object into --name=value.
            putJsonArray("initdb") {
                addJsonObject { put("encoding", "UTF8") }
                addJsonObject { put("auth", "trust") }
                add("no-sync")
            }
            putJsonArray("pg_hba") {
                add("local all all trust")
                add("host all all 127.0.0.1/32 trust")
                add("host replication all 127.0.0.1/32 trust")
            }
        }
        putJsonObject("postgresql") {
            put("listen", "127.0.0.1:${node.pgPort}")
            put("connect_address", "127.0.0.1:${node.pgPort}")
            put("data_dir", node.dataDir.toString())
            put("bin_dir", config.postgresBinDir.toString())
            put("pgpass", node.dir.resolve("pgpass").toString())
            // A replica whose history diverged (an old leader after a crash) is rewound, or cloned anew if that fails.
            put("remove_data_directory_on_rewind_failure", true)
            put("remove_data_directory_on_diverged_timelines", true)
            putJsonArray("basebackup") { addJsonObject { put("checkpoint", "fast") } }
            putJsonObject("authentication") {
                for (role in listOf("superuser", "replication", "rewind")) putJsonObject(role) { put("username", SUPERUSER) }
            }
            putJsonObject("parameters") { put("unix_socket_directories", node.dir.toString()) }
        }
        putJsonObject("watchdog") { put("mode", "off") }
    }

    /** The superuser every member is bootstrapped with; it authenticates with trust over loopback. */
    const val SUPERUSER = "postgres"
}
