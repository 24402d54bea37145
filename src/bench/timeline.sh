#!/usr/bin/env bash
# Where a sweep's time goes outside training: runs the 64-trial sweep of src/bench/bench.sh once
# with Spark's and lr-sweep's log lines stamped in milliseconds since the JVM started, and prints
# when each phase ended, the time tasks spent in Spark's executor outside their training, and the
# whole process's wall time. Extra arguments go to `submit.sh run` (e.g. sweep.learning-rates=[0.1]).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
./submit.sh build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s%N)
LRSWEEP_JAVA_OPTS="-Dlog4j2.configurationFile=$root/src/bench/timeline.properties" ./submit.sh run conf/sweep.conf \
  --output "$work" \
  'sweep.learning-rates=[0.001,0.002,0.003,0.005,0.01,0.02,0.03,0.05,0.1,0.15,0.2,0.3,0.4,0.5,0.7,1.0]' "$@" \
  2>"$work/log" >/dev/null
wall=$(( ($(date +%s%N) - start) / 1000000 ))
train=$(/usr/bin/python3 -c "import json,sys; print(sum(r['train_millis'] for r in json.load(open(sys.argv[1]))['ranking']))" \
  "$work/sweep/best.json")
awk -v wall="$wall" -v train="$train" -v summary="$work/summary" '
  function at(label) { printf "%6d ms  %s\n", $1, label }
  / SweepJob: data: / { at("data read (JVM, config, data)") }
  / SparkContext: Running Spark version/ { at("Spark context starting") }
  / SweepJob: [0-9]+ trials to train/ { at("Spark context up") }
  / Executor: Running task .* in stage 0\.0 / && !first++ { at("first trial task started") }
  / Executor: Running task .* in stage 0\.0 / { split($0, a, "TID "); run[a[2] + 0] = $1 }
  / Executor: Finished task .* in stage 0\.0 / { split($0, a, "TID "); inside += $1 - run[a[2] + 0]; last = $1 }
  / DAGScheduler: Job 0 is finished/ { printf "%6d ms  last trial task ended\n", last }
  / DAGScheduler: Job [0-9]+ finished: foreachPartition at ParquetTable/ { at("a Parquet table written") }
  / BestModel: best-model.zip/ { at("best model retrained and saved") }
  / SparkContext: Successfully stopped SparkContext/ { at("Spark context stopped") }
  END {
    printf "%6d ms  process ended (wall time from submit.sh'"'"'s start)\n", wall
    printf "trial tasks: %d ms in Spark'"'"'s executors, of which %d ms training (train_millis): %d ms outside\n",
      inside, train, inside - train > summary
  }' "$work/log" | sort -n
cat "$work/summary"
