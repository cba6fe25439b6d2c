#!/usr/bin/env bash
# Before/after figures from one run: data-bridge built from <baseline-ref> against the working tree, interleaved.
#   benchmark/compare.sh <baseline-ref> [workloads]     e.g. benchmark/compare.sh main W1,W1C,W4,W8A
# Workloads: W1 W1C W1L W2 W3 W4 W8A W5 W6 W6B W8S D1 D4 D5 D6B E1 E4 E5 F1 F3 (all by default; see CompareWorkload.kt). The baseline's core, coroutines
# and dsl are built offline in a temporary git worktree; both builds run under this tree's harness, each in its own
# JVM (a fresh pair of JVMs for every workload, so no workload inherits another's JIT profile), alternating round by
# round on one pinned server; rounds last at least a second. Writes the "Speed work" section of docs/benchmarks.md.
# COMPARE_ROUNDS / COMPARE_WARMUP change the rounds (10 / 3); COMPARE_NOTE is quoted above the table.
# COMPARE_FORKS=N splits each workload's measured rounds over N pairs of worker JVMs (each warmed up), so one JVM's
# JIT decisions do not stand for the build (W8a moved 0.91x-1.06x between JVMs of the same two builds); 1 by default.
# COMPARE_WORKER_OPTS adds JVM options to the workers, e.g. a profile of each (%p keeps their files apart):
#   COMPARE_WORKER_OPTS='-XX:StartFlightRecording=filename=/tmp/w-%p.jfr,settings=profile' benchmark/compare.sh …
# COMPARE_SPEED_ROUND=N writes the section "Speed work, round N" (1 by default); the other rounds' sections are kept.
# To build ahead of a measurement on a busy machine: COMPARE_BUILT=1 reuses this tree's last benchmark build
# (target/classes and classpath.txt), and COMPARE_BASE_SRC=<dir> reuses a checkout of <baseline-ref> whose core,
# coroutines and dsl are already built (it is left in place).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE_REF=${1:?usage: benchmark/compare.sh <baseline-ref> [workloads]}
WORKLOADS=${2:-W1,W1C,W1L,W2,W3,W4,W8A,W5,W6,W6B,W8S,D1,D4,D5,D6B,E1,E4,E5,F1,F3}
ENGINE_MODULES=(core coroutines dsl)

source benchmark/java.sh

base_sha=$(git rev-parse --short "$BASE_REF^{commit}")
head_sha=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- "${ENGINE_MODULES[@]}" || head_sha="$head_sha+uncommitted"
BASE_DIR=$(mktemp -d)
BASE_SRC=${COMPARE_BASE_SRC:-$BASE_DIR/src}
cleanup() {
    [[ -n "${COMPARE_BASE_SRC:-}" ]] || git worktree remove --force "$BASE_SRC" >/dev/null 2>&1 || true
    rm -rf "$BASE_DIR"
}
trap cleanup EXIT

if [[ "${COMPARE_BUILT:-0}" != 1 ]]; then
    echo "building the working tree" >&2
    mvn -B -o -q -Dstyle.color=never -pl benchmark -am package -Dmaven.test.skip=true -Dkotlin.compiler.daemon=false \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
if [[ -n "${COMPARE_BASE_SRC:-}" ]]; then
    [[ "$(git -C "$BASE_SRC" rev-parse --short HEAD)" == "$base_sha" ]] || { echo "$BASE_SRC is not at $BASE_REF" >&2; exit 2; }
else
    echo "building $BASE_REF ($base_sha) in $BASE_SRC" >&2
    git worktree add --detach -q "$BASE_SRC" "$BASE_REF"
    (cd "$BASE_SRC" && mvn -B -o -q -Dstyle.color=never -pl dsl -am package -Dmaven.test.skip=true -Dkotlin.compiler.daemon=false)
fi

AFTER_CP="benchmark/target/classes:$(cat benchmark/target/classpath.txt)"
BEFORE_CP=$(tr ':' '\n' <<<"$AFTER_CP" | while read -r entry; do
    for module in "${ENGINE_MODULES[@]}"; do
        if [[ "$entry" == "$ROOT/$module/target/"* || "$entry" == "$module/target/"* ]]; then entry="$BASE_SRC/$module/target/classes"; fi
    done
    echo "$entry"
done | paste -sd:)

JAVA=$(pick_java)
echo "running with $JAVA ($(java_feature "$JAVA"))" >&2
"$JAVA" -Xmx256m -cp "$AFTER_CP" io.databridge.benchmark.compare.CompareMain \
    --build "before: $BASE_REF $base_sha=$BEFORE_CP" \
    --build "after: $(git rev-parse --abbrev-ref HEAD) $head_sha=$AFTER_CP" \
    --workloads "$WORKLOADS" --warmup "${COMPARE_WARMUP:-3}" --rounds "${COMPARE_ROUNDS:-10}" --forks "${COMPARE_FORKS:-1}" \
    --note "${COMPARE_NOTE:-}" --speed-round "${COMPARE_SPEED_ROUND:-1}" --out docs/benchmarks.md
