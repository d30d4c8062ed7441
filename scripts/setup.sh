#!/usr/bin/env bash
# Installs what the tests need beyond the Rust toolchain, when it is missing:
# Debian's chromium (browser tests), Node's packages for e2e/, and the
# independent holiday calendar (PyPI `chinesecalendar`) for the cross-check.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
if [ ${#need_apt[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -c "import chinese_calendar" 2>/dev/null || python3 -m pip install -q chinesecalendar==1.11.0
if [ -f e2e/package.json ]; then
  (cd e2e && npm ci --silent --no-audit --no-fund)
fi
