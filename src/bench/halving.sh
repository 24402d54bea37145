#!/usr/bin/env bash
# Successive halving against the full grid on the same space: src/bench/halving.sh [--seeds 1,2,3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./submit.sh build
exec /usr/bin/python3 src/bench/halving.py "$@"
