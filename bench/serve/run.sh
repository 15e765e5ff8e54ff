#!/usr/bin/env bash
# The benchmark of `poorwsgi serve --workers 2` against one process (not a
# test; see docs/serve.md). Installs wrk from Debian when it is missing, then
# runs run.ts. Settings: bash bench/serve/run.sh --help
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
if [ ! -x "$root/node_modules/.bin/tsx" ]; then (cd "$root" && npm ci --no-audit --no-fund); fi
cd "$root"
exec node --import tsx bench/serve/run.ts "$@"
