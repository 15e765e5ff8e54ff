#!/usr/bin/env bash
# The demo from a fresh clone: installs what it needs, then serves
# examples/simple.ts on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node_modules/.bin/tsx examples/simple.ts
