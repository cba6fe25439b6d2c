# Sourced by run.sh, compare.sh and replication.sh: picks the JVM that runs the benchmark and builds it.
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

# Builds the benchmark module and the modules it needs, and writes its runtime class path to target/classpath.txt.
build_benchmark() {
    mvn -B -q -Dstyle.color=never -pl benchmark -am package -DskipTests -Dkotlin.compiler.daemon=false \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime "$@"
}
