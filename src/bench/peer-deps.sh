#!/usr/bin/env bash
# Installs what the Python peers (../shared/peer, run with /usr/bin/python3 by bench.sh and
# search.sh) need and no script of the project would otherwise install: a fresh machine lacks them.
# Installs only what is missing, as .ci/run does for Chromium, so a prepared machine pays nothing.
#   python3-torch, python3-optuna   the peers' training and search
#   dataset-fashion-mnist           the peers' data (lr-sweep bundles its own sample)
#   an OpenBLAS build               without one PyTorch falls back to the reference BLAS and a
#                                   peer run takes minutes instead of seconds
set -euo pipefail

installed() { # one package, or a dpkg-query pattern: is any match installed?
  dpkg-query -W -f='${db:Status-Abbrev}\n' "$1" 2>/dev/null | grep -q '^ii'
}

missing=()
for p in python3-torch python3-optuna dataset-fashion-mnist; do
  installed "$p" || missing+=("$p")
done
# any of Debian's builds (pthread, openmp, serial) will do: the peers set OPENBLAS_NUM_THREADS=1
installed 'libopenblas0-*' || missing+=(libopenblas0-pthread)

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "peer-deps: installing ${missing[*]}" >&2
  sudo=$([[ $(id -u) -eq 0 ]] || echo sudo)
  $sudo apt-get update -q && $sudo apt-get install -y -q "${missing[@]}"
fi
