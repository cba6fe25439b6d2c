# Sourced by run.sh and compare.sh: picks the JVM that runs the benchmark.
# BENCH_JAVA=/path/to/java chooses; by default the newest JDK found is used, since jOOQ 3.21 needs 21+.
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
pick_java() {
    if [[ -n "${BENCH_JAVA:-}" ]]; then echo "$BENCH_JAVA"; return; fi
    local best="" best_version=0 candidate version
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java)"; do
        [[ -x "$candidate" ]] || continue
        version=$(java_feature "$candidate")
        if [[ "${version:-0}" =~ ^[0-9]+$ ]] && (( version > best_version )); then best="$candidate"; best_version=$version; fi
    done
    echo "${best:-java}"
}

