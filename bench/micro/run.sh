#!/usr/bin/env bash
# The micro-benchmarks (not a test; see docs/performance.md). Installs this
# folder's packages and the repository's, then runs run.ts pinned to one CPU.
# Arguments go to run.ts: filters (substrings of "group: case"), --out=FILE,
# --samples=N, --sample-ms=N, --warmup-ms=N, --sets=LIST (the router-set cases:
# github,10,100,1000,10000 or all; they read the heap after gc(), hence --expose-gc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -x "$root/node_modules/.bin/tsx" ]; then (cd "$root" && npm ci --no-audit --no-fund); fi
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
cd "$here"
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c "${BENCH_CPU:-0}"); fi
exec "${pin[@]}" node --expose-gc --import tsx run.ts "$@"
