#!/usr/bin/env bash
# The test command: formatting and clippy with -D warnings, every Rust test
# (unit, conformance on SQLite, and on PostgreSQL when TEST_DATABASE_URL is
# set — required when CI is set), the calendar cross-check against an
# independent source, and the browser tests in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
fi
echo "PostgreSQL conformance: ${TEST_DATABASE_URL:-skipped (TEST_DATABASE_URL not set)}"
echo "== format and lints =="
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --features rectify-cli/dev -- -D warnings
cargo build --workspace --all-targets --features rectify-cli/dev
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --features rectify-cli/dev --no-fail-fast
else
  cargo test --workspace --features rectify-cli/dev --no-fail-fast
fi
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
echo "== calendar cross-check (chinesecalendar) =="
"$TARGET_DIR"/debug/rectify calendar dump --from 2019-01-01 --to 2026-12-31 | python3 scripts/calendar_crosscheck.py
echo "== the 公示 notice in LibreOffice (docx -> PDF) =="
./scripts/notice_pdf_check.sh
if [ -f e2e/run.sh ]; then
  echo "== browser tests (chromium) =="
  RECTIFY_BIN="$TARGET_DIR/debug/rectify" ./e2e/run.sh
fi
