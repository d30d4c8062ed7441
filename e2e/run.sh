#!/usr/bin/env bash
# Runs the browser tests: builds the binary if needed, installs the pinned
# npm dependencies (playwright-core only; no browser download), runs node's
# test runner. Chromium comes from Debian (see setup.sh).
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${RECTIFY_BIN:-}" ]; then
  (cd .. && cargo build -q -p rectify-cli)
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "chromium not found: run e2e/setup.sh first" >&2
  exit 1
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
mkdir -p artifacts
node --test --test-concurrency=1 --test-reporter=spec tests/
