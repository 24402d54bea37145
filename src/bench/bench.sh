#!/usr/bin/env bash
# Speed benchmark: lr-sweep against the PyTorch peer on the same machine and grids, plus a scale
# check. Builds the project and the helpers in src/bench/java, then runs src/bench/bench.py
# (`src/bench/bench.sh --help` lists its options). Run it on an otherwise idle machine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
src/bench/peer-deps.sh
source src/bench/helpers.sh
exec /usr/bin/python3 src/bench/bench.py "$@"
