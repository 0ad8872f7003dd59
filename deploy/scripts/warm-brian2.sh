#!/usr/bin/env bash
# Compiles Brian2's Cython code for the neuron, synapse and recording models the PyNN tests use, into
# CYTHON_CACHE_DIR (default ~/.cython), so test jobs find it compiled. Safe to re-run: a warm cache is reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/nmpi-warm-brian2.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
/usr/bin/python3 "$root/deploy/local/examples/network.py" brian2
