#!/usr/bin/env bash
# Runs the data-bridge benchmark against its peers on a throwaway embedded PostgreSQL.
#   benchmark/run.sh                 full run, writes docs/benchmarks.md (about 10 minutes on 2 cores with the build, plus a few
#                                    now that each round of W1-W5 lasts at least a second)
#   benchmark/run.sh --smoke         a few iterations of everything, prints the report
#   benchmark/run.sh --note "text"   a line quoted at the top of the report
# INSTALL_PGBENCH=1 installs Debian's PostgreSQL server package (which ships pgbench) when pgbench is missing;
# without it a missing pgbench only turns the reference rows into "n/a: pgbench not installed".
# BENCH_JAVA=/path/to/java picks the JVM; by default the newest JDK found is used, since jOOQ 3.21 needs 21+.
set -euo pipefail
cd "$(dirname "$0")/.."

have_pgbench() {
    command -v pgbench >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/pgbench' >/dev/null
}
if [[ "${INSTALL_PGBENCH:-0}" == 1 ]] && ! have_pgbench; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
fi

source benchmark/java.sh

build_benchmark
JAVA=$(pick_java)
echo "running with $JAVA ($(java_feature "$JAVA"))" >&2
exec "$JAVA" -Xms1g -Xmx1g -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -cp "benchmark/target/classes:$(cat benchmark/target/classpath.txt)" \
    io.databridge.benchmark.BenchmarkMain "$@"
