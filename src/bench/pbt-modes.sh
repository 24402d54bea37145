#!/usr/bin/env bash
# A population that fits the slots, one job against a job per interval: src/bench/pbt-modes.sh [--repeat 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./submit.sh build
exec /usr/bin/python3 src/bench/pbt_modes.py "$@"
