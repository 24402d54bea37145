#!/usr/bin/env bash
# Population-based training against the full grid at the same horizon: src/bench/pbt.sh [--seeds 1,2,3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./submit.sh build
exec /usr/bin/python3 src/bench/pbt.py "$@"
