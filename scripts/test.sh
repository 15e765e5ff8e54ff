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
# the WebSocket tests chat with the example through Python's websocket-client
/usr/bin/python3 -c 'import websocket' 2>/dev/null || need+=(python3-websocket)
# the Redis nonce-count store is tested against a real server, started on a free port
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# poorwsgi serve is tested behind a real nginx, started on loopback with its own configuration
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
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
if ! python3 -c 'import requests, pytest, jsonschema' 2>/dev/null; then
  # the machine's python3 normally has them; Debian's packages serve /usr/bin/python3
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq python3-requests python3-pytest python3-jsonschema || true
  fi
fi

npx tsc --noEmit -p tsconfig.json
npx biome check src test examples
shopt -s globstar nullglob
# Line coverage of src/ (mapped back through the source maps tsx writes, child
# processes included) may only rise: c8 fails the run below the floor, which
# is what the suite reached when it was set. Its report is a JSON summary in
# coverage/, so the runner's summary stays the last thing printed; the raw
# V8 data (about 160 MB) is removed afterwards.
# every test cleans up after itself: what a run leaves in the temp directory fails it
tmp="${TMPDIR:-/tmp}"
left_before=$(find "$tmp" -maxdepth 1 -name 'poorwsgi*' 2>/dev/null | sort)
status=0
node_modules/.bin/c8 --check-coverage --lines 98.5 --include='src/**' --exclude-after-remap \
  --reporter=json-summary --report-dir=coverage --temp-directory=coverage/tmp \
  node --import tsx --test --test-reporter=tap test/**/*.test.ts || status=$?
rm -rf coverage/tmp
left=$(comm -13 <(printf '%s\n' "$left_before") <(find "$tmp" -maxdepth 1 -name 'poorwsgi*' 2>/dev/null | sort) | sed '/^$/d')
if [ -n "$left" ]; then
  printf 'left in the temp directory by the tests:\n%s\n' "$left" >&2
  status=1
fi
exit "$status"
