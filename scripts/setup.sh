#!/usr/bin/env bash
# Installs what the tests need beyond the Rust toolchain, when it is missing:
# Debian's chromium (browser tests), Node's packages for e2e/, and the
# independent holiday calendar (PyPI `chinesecalendar`) for the cross-check.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v python3 >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-pip >/dev/null
fi
python3 -c "import chinese_calendar" 2>/dev/null || python3 -m pip install -q chinesecalendar==1.11.0
# LibreOffice (writer, no GUI) and poppler's pdftotext: the 公示 notice's docx
# is converted to PDF and read back (scripts/notice_pdf_check.sh).
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui poppler-utils >/dev/null
fi
# Chromium, Node.js and CJK fonts for the browser tests (e2e/run.sh installs the npm packages).
if [ -f e2e/setup.sh ]; then
  $SUDO bash e2e/setup.sh >/dev/null
fi
