#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, checks
# types and lint, then runs every test with Node's runner (TAP summary last).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# e2e tests drive the examples with curl and Python requests, as real clients
need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3 python3-requests)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${need[@]}"
  else
    echo "missing: ${need[*]} (install them, or run as root)" >&2
    exit 1
  fi
fi
# the browser upload test drives Debian's Chromium through playwright-core (never a downloaded browser);
# without root it is not installed here and that test fails saying so
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq chromium
fi
if ! python3 -c 'import requests, pytest' 2>/dev/null; then
  # the machine's python3 normally has both; Debian's packages serve /usr/bin/python3
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq python3-requests python3-pytest || true
  fi
fi

npx tsc --noEmit -p tsconfig.json
npx biome check src test examples
shopt -s globstar nullglob
exec node --import tsx --test --test-reporter=tap test/**/*.test.ts
