#!/usr/bin/env bash
# Checks that the 公示 notice docx opens in LibreOffice: writes a sample
# notice (crates/office/examples/notice_docx.rs), converts it to PDF with
# `libreoffice --headless --convert-to pdf` and looks for every part of the
# notice in the PDF's text (`pdftotext`). Skips (exit 0) when LibreOffice is
# not installed; needs `pdftotext` (poppler-utils) when it is.
set -euo pipefail

cd "$(dirname "$0")/.."
if ! command -v libreoffice >/dev/null 2>&1; then
    # CI installs it (scripts/setup.sh): there a missing LibreOffice fails.
    if [ -n "${CI:-}" ]; then
        echo "notice_pdf_check: libreoffice is required in CI (scripts/setup.sh installs it)" >&2
        exit 1
    fi
    echo "notice_pdf_check: libreoffice not installed, skipped" >&2
    exit 0
fi
if ! command -v pdftotext >/dev/null 2>&1; then
    echo "notice_pdf_check: pdftotext (poppler-utils) is needed" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --quiet -p rectify-office --example notice_docx -- "$work/notice.docx" >/dev/null
# A private profile, so a running LibreOffice or a missing home does not interfere.
libreoffice --headless "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work" "$work/notice.docx" >/dev/null 2>&1
pdftotext -layout "$work/notice.pdf" "$work/notice.txt"
# Line breaks and spaces fall where the layout puts them: compare without them.
text="$(tr -d ' \n\f' <"$work/notice.txt")"

failed=0
for want in \
    "关于督察反馈问题（二）整改完成情况的公示" \
    "一、反馈问题" \
    "高新区污水处理厂出水总磷超标" \
    "二、整改责任单位" \
    "高新区管委会、市住建局" \
    "三、整改目标和措施" \
    "四、完成时限" \
    "五、整改完成情况" \
    "整改进度100%" \
    "提标改造验收意见.pdf" \
    "六、公示期" \
    "2026年12月1日至2026年12月7日（5个工作日）" \
    "七、意见反馈" \
    "监督电话：0734-8888888" \
    "电子邮箱：zgb@example.gov.cn" \
    "通信地址：衡阳市华新开发区华新大道1号" \
    "衡阳市生态环境保护督察整改工作领导小组办公室" \
    "2026年12月1日"; do
    if [[ "$text" != *"$want"* ]]; then
        echo "notice_pdf_check: missing in the PDF: $want" >&2
        failed=1
    fi
done
if [[ $failed -ne 0 ]]; then
    exit 1
fi
echo "notice_pdf_check: the notice converts to PDF with every part"
