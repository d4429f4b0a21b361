#!/usr/bin/env bash
# The main job: set up, then build the book's editions (English, French, Chinese:
# every one with a book/<lang>/_toc.yml) on demo data into one static site,
# _build/site/ (open _build/site/index.html). Warnings are errors; a page whose
# code raises fails the build. Extra arguments go to `medcourse book build`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "tf,book"
.venv/bin/medcourse book build "$@"
