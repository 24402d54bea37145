#!/usr/bin/env bash
# The runner's cost per trial outside training, one Spark job against a job per trial (tpe):
# src/bench/overhead.sh [rounds (6)] [items per round (200)]. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source src/bench/helpers.sh
mapfile -t java <<<"$LRSWEEP_BENCH_JAVA"
exec "${java[@]}" lrsweep.bench.JobOverhead "$@"
