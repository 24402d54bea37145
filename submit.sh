#!/usr/bin/env bash
# lr-sweep launcher: builds the project when needed and runs its driver from the project's resolved
# jars (through Spark's own SparkSubmit for a cluster master), so no Spark installation is needed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$here/target/lr-sweep.jar"
# what spark-submit runs on YARN and Kubernetes: the project and everything Spark does not provide
app_jar="$here/target/lr-sweep-app.jar"

usage() {
  cat <<'USAGE'
Usage: ./submit.sh <command> [options]

Commands:
  run [CONFIG] [--output DIR] [--master URL] [--deploy-mode client|cluster] [--conf K=V] [--jars A,B]
      [--dry-run] [--resume|--overwrite] [--verbose] [key=value ...]
        Run the learning-rate × schedule sweep CONFIG describes (default conf/sweep.conf) on
        Spark (default master local[*]) and write <output.dir>/<sweep.name>/ (a local path,
        hdfs://..., s3a://...).
        `./submit.sh run --help` explains every option.
  find-lr [CONFIG] [--output DIR] [--master URL] [--jars A,B] [--overwrite] [key=value ...]
        The learning-rate range test (fastai lr_find) on CONFIG's model and data: suggests a
        learning rate and writes the trace and a plot. `./submit.sh find-lr --help`.
  schedule --spec '<HOCON object>' --lr LR --points N [--run N] [--steps-per-epoch K] [--svg FILE] [--jars A,B]
        Print a schedule's learning rate at each point (its own unit, epochs by default; steps
        with --steps-per-epoch) as `t,lr` lines; --svg also draws them. `./submit.sh schedule --help`.
  report DIR
        Rebuild DIR/report.html, report.md and best.json from the sweep's Parquet tables.
  cluster start [--workers N] [--cores C] [--memory M] [--port P]
        Start a Spark standalone cluster on this machine (Spark's own Master and N Worker JVMs from
        the project's jars, on 127.0.0.1; default 2 workers × 1 core × 2g, port 7077); then
        `./submit.sh run --master spark://127.0.0.1:7077 ...`. Logs and PID files: $LRSWEEP_CLUSTER_DIR.
  cluster stop
        Stop exactly the processes `cluster start` started.
  cluster status
        List them.
  build
        Build target/lr-sweep.jar, its dependency folders and the class-data archive that speeds up
        start-up (done automatically when stale).
  help, --help
        This text.

Environment:
  LRSWEEP_DRIVER_MEMORY   driver JVM heap (default 4g; in local mode the trials run in it)
  LRSWEEP_JAVA_OPTS       more JVM options for the driver, after lr-sweep's own (e.g. -Xlog:gc)
  LRSWEEP_CLUSTER_DIR     work directory of `cluster` (default target/cluster)
  HADOOP_CONF_DIR         Hadoop's settings (core-site.xml: file systems, S3 endpoint, credentials
                          providers), put on the driver's classpath as spark-submit does
  JAVA_HOME               the Java (17 to 21) to use (default: java on PATH)

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

# Class-data sharing: the ~20,000 classes Spark, DL4J and ND4J load at start-up, mapped from an
# archive instead of parsed and verified again (~1.1 s off every run: src/bench/bench.sh). The
# archive is recorded once per build, from a one-trial sweep, and used only when it is newer than
# the jars.
# A JVM uses it only if its classpath starts with the recording's: every driver runs on driver_cp.
archive="$here/target/lr-sweep.jsa"
spark_cp="$here/target/spark/*:$here/target/deps/*"
driver_cp="$jar:$spark_cp"
# Hadoop reads core-site.xml and friends from the classpath, as spark-submit's launcher arranges;
# appended, so that the class-data archive (recorded without it) still applies
hadoop_cp="${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}"

class_archive_opts() {
  if [[ ! -f "$archive" || "$jar" -nt "$archive" ]]; then
    echo "lr-sweep: recording a class-data archive for faster start-ups (once per build, ~15 s)..." >&2
    local tmp
    tmp=$(mktemp -d)
    if "$(java_bin)" $(java_opts) -XX:ArchiveClassesAtExit="$tmp/lr-sweep.jsa" \
        -Dlog4j2.configurationFile="$here/conf/log4j2.properties" -cp "$driver_cp" \
        lrsweep.cli.Main run "$here/conf/sweep.conf" --master 'local[1]' --output "$tmp/out" \
        train.epochs=1 data.train-examples=256 data.validation-examples=64 \
        'sweep.learning-rates=[0.1]' 'sweep.schedules=[{type=constant}]' >"$tmp/log" 2>&1 \
        && [[ -f "$tmp/lr-sweep.jsa" ]]; then
      mv "$tmp/lr-sweep.jsa" "$archive"
    fi
    rm -rf "$tmp"
  fi
  # a stale or foreign archive (another JDK) is simply not used
  [[ -f "$archive" ]] && echo "-XX:SharedArchiveFile=$archive -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
  return 0
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# Java 17 to 21, the versions Spark 4.0 supports: from Java 23 on its Hadoop fails at start-up
# (Subject.getSubject). Read from the JDK's release file, which costs no JVM start.
check_java() {
  local bin home version
  bin=$(command -v "$(java_bin)") || { echo "lr-sweep: no java: install Java 17-21, or set JAVA_HOME" >&2; exit 2; }
  home=$(dirname "$(dirname "$(readlink -f "$bin")")")
  version=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$home/release" 2>/dev/null || true)
  if [[ -n "$version" ]] && (( version < 17 || version > 21 )); then
    echo "lr-sweep: $bin is Java $version; lr-sweep needs Java 17 to 21 (Spark 4.0's): set JAVA_HOME to one" >&2
    exit 2
  fi
}

# JVM flags: Spark's own Java 17 module options, kept in one place (pom.xml), plus what DL4J
# trains fastest with (measured: ParallelGC, no javacpp pointer GC), and a JIT that waits longer
# before compiling: start-up and output code runs briefly and its optimised compilation costs a
# core that trials need; the training loops are hot enough either way (measured at 64 trials:
# thresholds 3x, ~0.8 s less wall; the optimising tier's 3x more again, ~0.4 s less; 10x, no better).
# The Tier4 values below are 3x the defaults, and the scaling multiplies them too: 9x in effect.
java_opts() {
  sed -n 's:.*<spark.java.opts>\(.*\)</spark.java.opts>.*:\1:p' "$here/pom.xml"
  echo "-XX:+UseParallelGC -Dorg.bytedeco.javacpp.nopointergc=true -XX:CompileThresholdScaling=3" \
    "-XX:Tier4InvocationThreshold=15000 -XX:Tier4MinInvocationThreshold=1800 -XX:Tier4CompileThreshold=45000" \
    "-XX:Tier4BackEdgeThreshold=120000"
}

# Quiet logging unless --verbose (then Spark's own INFO defaults); the progress line (on stderr) is
# redrawn in place only when stderr is a terminal.
log_opts() {
  local arg tty=false
  [[ -t 2 ]] && tty=true
  echo "-Dlrsweep.stderr-tty=$tty"
  for arg in "$@"; do [[ "$arg" == --verbose ]] && return 0; done
  echo "-Dlog4j2.configurationFile=$here/conf/log4j2.properties"
}

# One OpenMP/BLAS thread per task: concurrent trials must not oversubscribe the cores.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

cluster_dir="${LRSWEEP_CLUSTER_DIR:-$here/target/cluster}"

# A standalone cluster from the project's resolved jars. The Worker builds executor classpaths
# from $SPARK_HOME/jars, so SPARK_HOME is a folder of links to the Spark jars and to those Spark
# shares with DL4J (slf4j, ...); DL4J itself reaches executors through spark.executor.extraClassPath,
# which `run` sets.
cluster() {
  local action="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$action" in
    start) cluster_start "$@" ;;
    stop) cluster_stop ;;
    status) cluster_status ;;
    *) echo "lr-sweep: cluster start|stop|status (see --help)" >&2; exit 2 ;;
  esac
}

cluster_start() {
  local workers=2 cores=1 memory=2g port=7077
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --workers|--cores|--memory|--port)
        [[ $# -ge 2 ]] || { echo "lr-sweep: cluster start $1 needs a value (see --help)" >&2; exit 2; }
        case "$1" in
          --workers) workers="$2" ;;
          --cores) cores="$2" ;;
          --memory) memory="$2" ;;
          --port) port="$2" ;;
        esac
        shift 2 ;;
      *) echo "lr-sweep: unknown cluster option '$1' (see --help)" >&2; exit 2 ;;
    esac
  done
  if [[ -n "$(cluster_pids)" ]]; then
    echo "lr-sweep: a cluster started from $cluster_dir is running; './submit.sh cluster stop' first" >&2
    exit 2
  fi
  build_if_stale
  # only what an earlier start left, never a directory the user pointed at wholesale
  rm -rf "$cluster_dir/spark-home" "$cluster_dir"/worker-* "$cluster_dir"/*.log "$cluster_dir"/*.pid
  mkdir -p "$cluster_dir/spark-home/jars"
  ln -s "$here"/target/spark/*.jar "$here"/target/deps/*.jar "$cluster_dir/spark-home/jars/"
  local cp="$cluster_dir/spark-home/jars/*"
  local -a env=(SPARK_HOME="$cluster_dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
    SPARK_LOG_DIR="$cluster_dir" SPARK_WORKER_DIR="$cluster_dir")
  env "${env[@]}" setsid "$(java_bin)" $(java_opts) -Xmx512m -cp "$cp" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
    >"$cluster_dir/master.log" 2>&1 &
  echo $! >"$cluster_dir/master.pid"
  local i
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$cluster_dir/worker-$i"
    env "${env[@]}" setsid "$(java_bin)" $(java_opts) -Xmx512m -cp "$cp" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --work-dir "$cluster_dir/worker-$i" --webui-port 0 "spark://127.0.0.1:$port" \
      >"$cluster_dir/worker-$i.log" 2>&1 &
    echo $! >"$cluster_dir/worker-$i.pid"
  done
  # ready when every worker has registered with the master
  local waited=0
  until [[ $(grep -c "Registering worker" "$cluster_dir/master.log" 2>/dev/null) -ge $workers ]]; do
    if (( waited >= 60 )) || [[ -z "$(cluster_pids)" ]]; then
      echo "lr-sweep: the cluster did not come up in 60 s; logs in $cluster_dir" >&2
      cluster_stop >/dev/null
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "cluster up: spark://127.0.0.1:$port, $workers workers × $cores cores × $memory (logs: $cluster_dir)"
}

cluster_pids() {
  local f
  for f in "$cluster_dir"/*.pid; do
    [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
  done
  return 0
}

cluster_status() {
  local f
  for f in "$cluster_dir"/*.pid; do
    [[ -f "$f" ]] || continue
    if kill -0 "$(cat "$f")" 2>/dev/null; then state=running; else state=gone; fi
    echo "$(basename "$f" .pid) pid $(cat "$f") $state"
  done
}

# Stops the Master and Workers this script started: each runs in its own process group (setsid),
# which also holds the executors a Worker launched, so the whole group is signalled.
cluster_stop() {
  local f pid
  for f in "$cluster_dir"/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    kill -0 "$pid" 2>/dev/null && kill -TERM -- "-$pid" 2>/dev/null
  done
  for _ in $(seq 1 20); do
    [[ -z "$(cluster_pids)" ]] && break
    sleep 0.5
  done
  for f in "$cluster_dir"/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
    rm -f "$f"
  done
  echo "cluster stopped"
}

# Sourced (src/bench/bench.sh does, to run its helpers with the driver's JVM flags): define only.
[[ "${BASH_SOURCE[0]}" != "$0" ]] && return 0

command="${1:-help}"
[[ $# -gt 0 ]] && shift
check_java

case "$command" in
  help|--help|-h)
    usage
    ;;
  build)
    [[ "${1:-}" == --help || "${1:-}" == -h ]] && { usage; exit 0; }
    rm -f "$jar"
    build_if_stale
    class_archive_opts >/dev/null
    ;;
  cluster)
    [[ "${1:-}" == --help || "${1:-}" == -h ]] && { usage; exit 0; }
    cluster "$@"
    ;;
  run|find-lr)
    build_if_stale
    master="local[*]"
    deploy_mode=client
    args=("$@")
    # without a config file argument, the one next to this script: `run` works from any directory
    config_given=false
    for ((i = 0; i < ${#args[@]}; i++)); do
      case "${args[$i]}" in
        --master|--deploy-mode|--conf|--jars|--output) i=$((i + 1)) ;;
        -*|*=*) ;;
        *) config_given=true ;;
      esac
    done
    $config_given || args=("$here/conf/sweep.conf" "${args[@]}")
    app_args=()     # for lr-sweep's Main, with a cluster master
    submit_opts=()  # for Spark's SparkSubmit, with a cluster master: spark.yarn.* must reach YARN's client
    config=""       # the config file argument, if any
    # Run in this JVM (local mode, --dry-run, --help), Main takes the arguments itself (--conf too,
    # as system properties), all but --jars: those jars go on the JVM's classpath instead.
    extra_cp=""
    local_args=()
    for ((i = 0; i < ${#args[@]}; i++)); do
      if [[ "${args[$i]}" == --jars ]]; then
        i=$((i + 1))
        jars="${args[$i]:-}"
        extra_cp+=":${jars//,/:}"
      else
        local_args+=("${args[$i]}")
      fi
    done
    for ((i = 0; i < ${#args[@]}; i++)); do
      arg="${args[$i]}"
      value="${args[$((i + 1))]:-}"
      case "$arg" in
        --help|-h|--dry-run)
          # nothing to train: no need for Spark (but a schedule's class from --jars is checked)
          exec "$(java_bin)" $(java_opts) $(log_opts "$@") -cp "$jar:$here/target/deps/*:$here/target/spark/*$extra_cp" \
            lrsweep.cli.Main "$command" "${local_args[@]}" ;;
        --master|--deploy-mode|--conf|--jars|--output)
          [[ -n "$value" ]] || { echo "lr-sweep: $arg needs a value (see --help)" >&2; exit 2; }
          i=$((i + 1))
          case "$arg" in
            --master)
              master="$value"
              case "$master" in
                local|local\[*|local-cluster\[*|spark://*|yarn|k8s://*) ;;
                *) echo "lr-sweep: unknown Spark master '$master': local[*], local[N], spark://host:port, yarn or k8s://..." >&2; exit 2 ;;
              esac ;;
            --deploy-mode)
              deploy_mode="$value"
              [[ "$deploy_mode" == client || "$deploy_mode" == cluster ]] \
                || { echo "lr-sweep: --deploy-mode takes client or cluster (see --help)" >&2; exit 2; }
              continue ;;
            --conf)
              submit_opts+=(--conf "$value")
              continue ;;
            --jars)
              # more jars for the driver and executors: with SparkSubmit as its --jars (shipped to a
              # cluster), in local mode on the driver's classpath (extra_cp)
              submit_opts+=(--jars "$value")
              continue ;;
          esac
          app_args+=("$arg" "$value")
          continue ;;
        -*|*=*) ;;
        *) [[ -z "$config" ]] && config="$arg" ;;
      esac
      app_args+=("$arg")
    done
    if [[ "$master" == local* ]]; then
      [[ "$deploy_mode" == client ]] || { echo "lr-sweep: --deploy-mode cluster needs a cluster master (--master yarn, ...)" >&2; exit 2; }
      # In local mode the trials run in the driver JVM, which has every class on its classpath:
      # SparkSubmit's own start-up (~0.3 s, measured) would do nothing this run needs.
      exec "$(java_bin)" $(java_opts) $(class_archive_opts) $(log_opts "$@") -Xmx"${LRSWEEP_DRIVER_MEMORY:-4g}" ${LRSWEEP_JAVA_OPTS:-} \
        -Dspark.driver.host="$SPARK_LOCAL_IP" -Dlrsweep.launcher="$0" -cp "$driver_cp$hadoop_cp$extra_cp" lrsweep.cli.Main "$command" "${local_args[@]}"
    fi
    if [[ "$master" == spark://* ]]; then
      # a standalone cluster of this machine (cluster start): executors take DL4J from target/deps
      [[ "$deploy_mode" == client ]] || { echo "lr-sweep: with a standalone master the driver runs here (client mode)" >&2; exit 2; }
      exec "$(java_bin)" $(java_opts) $(class_archive_opts) $(log_opts "$@") -Xmx"${LRSWEEP_DRIVER_MEMORY:-4g}" ${LRSWEEP_JAVA_OPTS:-} \
        -Dlrsweep.launcher="$0" -cp "$driver_cp$hadoop_cp" org.apache.spark.deploy.SparkSubmit --master "$master" --class lrsweep.cli.Main \
        --conf spark.driver.host="$SPARK_LOCAL_IP" \
        --conf "spark.executor.extraClassPath=$here/target/deps/*" \
        --conf spark.executor.extraJavaOptions="$(java_opts | tr '\n' ' ')" \
        "${submit_opts[@]}" "$jar" "$command" "${app_args[@]}"
    fi
    # YARN, Kubernetes: the one application jar carries everything Spark does not provide
    [[ -f "$app_jar" ]] || { echo "lr-sweep: $app_jar is missing: ./submit.sh build" >&2; exit 1; }
    cluster_opts=()
    if [[ "$master" == yarn && " ${submit_opts[*]} " != *" spark.yarn.jars="* && " ${submit_opts[*]} " != *" spark.yarn.archive="* ]]; then
      # no Spark installation to take them from: containers get this project's Spark jars, uploaded
      # with each submission (spark.yarn.jars=hdfs:///... avoids that: README, "On YARN")
      cluster_opts+=(--conf "spark.yarn.jars=$here/target/spark/*.jar")
    fi
    if [[ "$deploy_mode" == cluster ]]; then
      # the driver runs in the cluster: the config file (and the quiet log settings) travel with it
      # through --files, into its working directory
      [[ -f "$config" ]] || { echo "lr-sweep: config file $config not found (see --help)" >&2; exit 2; }
      for ((i = 0; i < ${#app_args[@]}; i++)); do
        [[ "${app_args[$i]}" == "$config" ]] && { app_args[$i]=$(basename "$config"); break; }
      done
      cluster_opts+=(--files "$config,$here/conf/log4j2.properties" --driver-memory "${LRSWEEP_DRIVER_MEMORY:-4g}"
        --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=log4j2.properties -Dlrsweep.launcher=$0 $(java_opts | tr '\n' ' ')")
    fi
    exec "$(java_bin)" $(java_opts) $(class_archive_opts) $(log_opts "$@") -Xmx"${LRSWEEP_DRIVER_MEMORY:-4g}" ${LRSWEEP_JAVA_OPTS:-} \
      -Dlrsweep.launcher="$0" -cp "$driver_cp$hadoop_cp" org.apache.spark.deploy.SparkSubmit --master "$master" --class lrsweep.cli.Main \
      --deploy-mode "$deploy_mode" --conf spark.executor.extraJavaOptions="$(java_opts | tr '\n' ' ')" \
      "${cluster_opts[@]}" "${submit_opts[@]}" "$app_jar" "$command" "${app_args[@]}"
    ;;
  report|schedule)
    build_if_stale
    exec "$(java_bin)" $(java_opts) $(log_opts "$@") -cp "$jar:$here/target/deps/*:$here/target/spark/*$hadoop_cp" lrsweep.cli.Main "$command" "$@"
    ;;
  *)
    echo "lr-sweep: unknown command '$command'; commands: run, find-lr, report, schedule, cluster, build, help (see --help)" >&2
    exit 2
    ;;
esac
