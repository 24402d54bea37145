#!/usr/bin/env bash
# Speed benchmark: lr-sweep against the PyTorch peer on the same machine and grids, plus a scale
# check. Builds the project and the helpers in src/bench/java, then runs src/bench/bench.py
# (`src/bench/bench.sh --help` lists its options). Run it on an otherwise idle machine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
src/bench/peer-deps.sh
./submit.sh build
mkdir -p target/bench
javac -nowarn -d target/bench -cp "target/lr-sweep.jar:target/deps/*:target/spark/*" src/bench/java/lrsweep/bench/*.java
# The helpers run as the driver does: its JVM flags, class-data archive and class path (the helpers
# appended, so that the archive applies), one argument per line.
source ./submit.sh
LRSWEEP_BENCH_JAVA=$(printf '%s\n' "$(java_bin)" $(java_opts) $(class_archive_opts) $(log_opts) -cp "$driver_cp:$root/target/bench")
export LRSWEEP_BENCH_JAVA
exec /usr/bin/python3 src/bench/bench.py "$@"
