#!/usr/bin/env bash
# The main job: set up, then draw the course's metric figures on demo data in
# English, French and Chinese (into _build/figures). The book build replaces
# this once the book exists.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh ""
.venv/bin/medcourse figures --out _build/figures "$@"
