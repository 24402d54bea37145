#!/usr/bin/env bash
# lr-sweep launcher: builds the project when needed and runs it through Spark's own SparkSubmit
# from the project's resolved jars, so no Spark installation is needed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$here/target/lr-sweep.jar"

usage() {
  cat <<'USAGE'
Usage: ./submit.sh <command> [options]

Commands:
  run [CONFIG] [--output DIR] [--master URL] [--dry-run] [--resume|--overwrite] [--verbose] [key=value ...]
        Run the learning-rate × schedule sweep CONFIG describes (default conf/sweep.conf) on
        Spark (default master local[*]) and write <output.dir>/<sweep.name>/.
        `./submit.sh run --help` explains every option.
  schedule --spec '<HOCON object>' --lr LR --points N [--svg FILE]
        Print a schedule's learning rate per step as `t,lr` lines; --svg also draws them.
  report DIR
        Rebuild DIR/report.html, report.md and best.json from the sweep's Parquet tables.
  build
        Build target/lr-sweep.jar and its dependency folders (done automatically when stale).
  help, --help
        This text.

Environment:
  LRSWEEP_DRIVER_MEMORY   driver JVM heap (default 4g; in local mode the trials run in it)
  JAVA_HOME               the Java 17+ to use (default: java on PATH)

Examples:
  ./submit.sh run                                   # the default 16-trial sweep
  ./submit.sh run conf/sweep.conf train.epochs=2 'sweep.learning-rates=[0.1,0.01]'
  ./submit.sh run --dry-run                         # validate and list the trials
  ./submit.sh schedule --spec '{type = cosine}' --lr 0.1 --points 10
  ./submit.sh report results/sweep                  # after editing the Parquet tables
USAGE
}

build_if_stale() {
  if [[ ! -f "$jar" || ! -d "$here/target/deps" || ! -d "$here/target/spark" ]] \
     || [[ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "lr-sweep: building (mvn package)..." >&2
    local log
    log=$(mktemp)
    if ! (cd "$here" && mvn -B -q -DskipTests package) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "lr-sweep: the build failed" >&2
      exit 1
    fi
    rm -f "$log"
  fi
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# JVM flags: Spark's own Java 17 module options, kept in one place (pom.xml), plus what DL4J
# trains fastest with (measured: ParallelGC, no javacpp pointer GC).
java_opts() {
  sed -n 's:.*<spark.java.opts>\(.*\)</spark.java.opts>.*:\1:p' "$here/pom.xml"
  echo "-XX:+UseParallelGC -Dorg.bytedeco.javacpp.nopointergc=true"
}

# Quiet logging unless --verbose (then Spark's own INFO defaults).
log_opts() {
  local arg
  for arg in "$@"; do [[ "$arg" == --verbose ]] && return 0; done
  echo "-Dlog4j2.configurationFile=$here/conf/log4j2.properties"
}

# One OpenMP/BLAS thread per task: concurrent trials must not oversubscribe the cores.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

command="${1:-help}"
[[ $# -gt 0 ]] && shift

case "$command" in
  help|--help|-h)
    usage
    ;;
  build)
    rm -f "$jar"
    build_if_stale
    ;;
  run)
    build_if_stale
    master="local[*]"
    args=("$@")
    for ((i = 0; i < ${#args[@]}; i++)); do
      case "${args[$i]}" in
        --master) master="${args[$((i + 1))]:-}" ;;
        --help|-h|--dry-run)
          # nothing to train: no need for Spark
          exec "$(java_bin)" $(java_opts) $(log_opts "$@") -cp "$jar:$here/target/deps/*:$here/target/spark/*" lrsweep.cli.Main run "$@" ;;
      esac
    done
    exec "$(java_bin)" $(java_opts) $(log_opts "$@") -Xmx"${LRSWEEP_DRIVER_MEMORY:-4g}" \
      -cp "$here/target/spark/*:$here/target/deps/*" org.apache.spark.deploy.SparkSubmit --master "$master" --class lrsweep.cli.Main \
      --conf spark.driver.host="$SPARK_LOCAL_IP" \
      --conf "spark.executor.extraClassPath=$here/target/deps/*" \
      --conf spark.executor.extraJavaOptions="$(java_opts | tr '\n' ' ')" \
      "$jar" run "$@"
    ;;
  *)
    build_if_stale
    exec "$(java_bin)" $(java_opts) $(log_opts "$@") -cp "$jar:$here/target/deps/*:$here/target/spark/*" lrsweep.cli.Main "$command" "$@"
    ;;
esac
