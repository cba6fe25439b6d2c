#!/usr/bin/env bash
# Decoding a logical replication slot: data-bridge's stream against pgjdbc's PGReplicationStream (raw bytes) on a
# throwaway embedded PostgreSQL with wal_level=logical.
#   benchmark/replication.sh                           prints the section
#   benchmark/replication.sh --out docs/benchmarks.md  writes the "Logical replication" section of the report
# Further options: --changes N (per round, a multiple of 1000; 200000 by default), --rounds R (5), --warmup W (1).
# BENCH_JAVA=/path/to/java picks the JVM (see java.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmark/java.sh

build_benchmark
JAVA=$(pick_java)
echo "running with $JAVA ($(java_feature "$JAVA"))" >&2
exec "$JAVA" -Xms512m -Xmx512m -cp "benchmark/target/classes:$(cat benchmark/target/classpath.txt)" \
    io.databridge.benchmark.replication.ReplicationProbe "$@"
