#!/usr/bin/env bash
# TPE + halving against the Optuna peer on the same space: src/bench/search.sh [--seeds 1,2,3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
src/bench/peer-deps.sh
./submit.sh build
exec /usr/bin/python3 src/bench/search.py "$@"
