#!/usr/bin/env bash
# The HTTP benchmark (not a test; see docs/performance.md). Installs what it
# needs (wrk from Debian, this folder's packages, the repository's own), then
# runs run.ts. Settings: bash bench/http/run.sh --help
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk
  else
    echo "wrk is missing: apt-get install wrk (as root)" >&2
    exit 1
  fi
fi
command -v taskset >/dev/null 2>&1 || { echo "taskset is missing (util-linux)" >&2; exit 1; }
if [ "$(nproc)" -lt 2 ]; then
  echo "warning: $(nproc) CPU: server and wrk share it, the numbers mean little" >&2
fi

# poorwsgi runs from ../../src with the repository's tsx, which every server is started with
if [ ! -x "$root/node_modules/.bin/tsx" ]; then (cd "$root" && npm ci --no-audit --no-fund); fi
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

cd "$here"
exec node --import tsx run.ts "$@"
