#!/usr/bin/env bash
# Importer accuracy over the corpus of real published documents
# (crates/import/tests/corpus): a table per document and per set.
#   CORPUS_VERBOSE=1     print every mismatch
#   CORPUS_MIN_DEV=N     fail when the dev set scores below N percent
#   CORPUS_MIN_HELDOUT=N fail when the held-out set scores below N percent
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test -p rectify-import --test corpus -- --nocapture "$@"
