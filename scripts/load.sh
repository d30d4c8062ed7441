#!/usr/bin/env bash
# Load test (not part of CI): builds the release binary, generates a synthetic
# ledger (default 10,000 problems) into a temporary SQLite file — and into a
# fresh PostgreSQL database when TEST_DATABASE_URL is set — starts two
# `rectify serve` processes on 127.0.0.1 sharing that database, logs in, and
# drives bounded load with wrk against both processes:
#   /api/v1/problems?q=…   /api/v1/problems/{id}   /api/v1/public/problems
# printing requests/s and latency percentiles; then stops the servers and
# removes what it created.
#
# Environment (all optional):
#   LOAD_PROBLEMS=10000  LOAD_REPORTS=3  LOAD_SECONDS=20 (≤30 per endpoint)
#   LOAD_CONNECTIONS=16 (per server)  LOAD_THREADS=1 (wrk threads per server)
#   LOAD_PORT=18480 (the two servers use LOAD_PORT and LOAD_PORT+1)
#   LOAD_BACKENDS="sqlite postgres"  TEST_DATABASE_URL=postgres://…/db
#   CARGO_TARGET_DIR (where the release binary is built)
set -euo pipefail
cd "$(dirname "$0")/.."

PROBLEMS=${LOAD_PROBLEMS:-10000}
REPORTS=${LOAD_REPORTS:-3}
SECONDS_PER=${LOAD_SECONDS:-20}
if [ "$SECONDS_PER" -gt 30 ]; then SECONDS_PER=30; fi
CONNS=${LOAD_CONNECTIONS:-16}
THREADS=${LOAD_THREADS:-1}
PORT=${LOAD_PORT:-18480}
BACKENDS=${LOAD_BACKENDS:-sqlite postgres}
TODAY=${RECTIFY_TODAY:-2026-06-15}
TARGET=${CARGO_TARGET_DIR:-target}
BIN="$TARGET/release/rectify"
WORK=$(mktemp -d -t rectify-load.XXXXXX)
PIDS=()
PG_DB=""

log() { printf '\n== %s ==\n' "$*"; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
  fi
fi

log "building the release binary"
cargo build --release -p rectify-cli --bin rectify --features dev

stop_servers() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

wait_healthy() {
  local url=$1
  for _ in $(seq 1 120); do
    if curl -fsS "$url/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "server at $url did not become healthy" >&2
  return 1
}

# run_wrk NAME SCRIPT PATH: wrk on both servers at the same time.
run_wrk() {
  local name=$1 script=$2 path=$3
  local outs=() wpids=()
  for i in 0 1; do
    local base="http://127.0.0.1:$((PORT + i))"
    local out="$WORK/wrk-${name//[^a-z]/_}-$i.txt"
    local args=(-t"$THREADS" -c"$CONNS" -d"${SECONDS_PER}s" --timeout 10s --latency)
    if [ -n "$script" ]; then args+=(-s "$script" "$base"); else args+=("$base$path"); fi
    if [ -n "$COOKIE" ] && [ -z "$script" ]; then args+=(-H "Cookie: $COOKIE"); fi
    outs+=("$out")
    LOAD_PATH="$path" LOAD_PREFIX="$path" LOAD_MAX_ID="$MAX_ID" LOAD_COOKIE="$COOKIE" \
      wrk "${args[@]}" >"$out" 2>&1 &
    wpids+=("$!")
  done
  wait "${wpids[@]}" || true
  for i in 0 1; do
    local out=${outs[$i]}
    local rps p50 p90 p99 errs non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    p50=$(awk '$1=="50%" {print $2}' "$out")
    p90=$(awk '$1=="90%" {print $2}' "$out")
    p99=$(awk '$1=="99%" {print $2}' "$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$out")
    errs=$(awk '/Socket errors/ {print $0}' "$out")
    printf '%-10s %-28s server %d: %9s req/s  p50 %8s  p90 %8s  p99 %8s  non-2xx %s %s\n' \
      "$BACKEND" "$name" "$((i + 1))" "${rps:-?}" "${p50:-?}" "${p90:-?}" "${p99:-?}" "${non2xx:-0}" "$errs"
    if [ -z "$rps" ]; then cat "$out"; fi
  done
}

run_backend() {
  BACKEND=$1
  local url=$2
  log "$BACKEND: generating $PROBLEMS problems × $REPORTS reports"
  RECTIFY_TODAY=$TODAY RECTIFY_LOG=warn "$BIN" dev generate --problems "$PROBLEMS" \
    --reports-per-problem "$REPORTS" --petitions 0 --seed 1 --db "$url"
  printf '%s\n' 'load-test-password-2026' | RECTIFY_LOG=warn "$BIN" user add --db "$url" \
    --username loadtest --role office --password-stdin >/dev/null

  log "$BACKEND: starting 2 servers on 127.0.0.1:$PORT and 127.0.0.1:$((PORT + 1))"
  for i in 0 1; do
    RECTIFY_TODAY=$TODAY RECTIFY_LOG=warn RECTIFY_NODE_ID="load-$i" \
      "$BIN" serve --db "$url" --listen "127.0.0.1:$((PORT + i))" >"$WORK/serve-$BACKEND-$i.log" 2>&1 &
    PIDS+=("$!")
  done
  wait_healthy "http://127.0.0.1:$PORT"
  wait_healthy "http://127.0.0.1:$((PORT + 1))"

  # One login; the session lives in the database, so both servers accept it.
  local headers="$WORK/login-headers.txt"
  curl -fsS -o /dev/null -D "$headers" -H 'Content-Type: application/json' \
    -d '{"username":"loadtest","password":"load-test-password-2026"}' \
    "http://127.0.0.1:$PORT/api/v1/session"
  COOKIE=$(grep -i '^set-cookie: rectify_session=' "$headers" | head -n1 | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/' | tr -d '\r')
  if [ -z "$COOKIE" ]; then echo "login failed" >&2; cat "$headers" >&2; return 1; fi
  curl -fsS -H "Cookie: $COOKIE" "http://127.0.0.1:$((PORT + 1))/api/v1/me" >/dev/null
  MAX_ID=$(curl -fsS -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/api/v1/problems?per_page=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  # Let the warning job that runs at start-up finish before measuring.
  sleep 3

  log "$BACKEND: load, ${SECONDS_PER}s per endpoint, $CONNS connections per server ($MAX_ID problems)"
  run_wrk "problems?q=…" scripts/load/search.lua /api/v1/problems
  run_wrk "problems/{id}" scripts/load/random_id.lua /api/v1/problems/
  COOKIE="" run_wrk "public/problems" "" /api/v1/public/problems
  stop_servers
}

for b in $BACKENDS; do
  case $b in
    sqlite)
      run_backend sqlite "sqlite:$WORK/load.db"
      ;;
    postgres)
      if [ -z "${TEST_DATABASE_URL:-}" ]; then
        log "postgres: skipped (TEST_DATABASE_URL not set)"
        continue
      fi
      PG_ADMIN_URL=${TEST_DATABASE_URL%%\?*}
      PG_DB="rectify_load_$$"
      psql "$PG_ADMIN_URL" -q -c "CREATE DATABASE $PG_DB" >/dev/null
      run_backend postgres "${PG_ADMIN_URL%/*}/$PG_DB"
      psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
      PG_DB=""
      ;;
    *) echo "unknown backend $b" >&2 ;;
  esac
done
log "done"
