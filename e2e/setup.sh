#!/usr/bin/env bash
# Installs what the browser tests need on a Debian machine: Chromium and
# Node.js (with npm). Idempotent.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# CJK fonts, so that screenshots show Chinese instead of boxes.
fc-list 2>/dev/null | grep -qi "CJK\|WenQuanYi\|Droid Sans Fallback" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
chromium --version
node --version
