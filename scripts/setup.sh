#!/usr/bin/env bash
# Set up a fresh machine for medcourse: a virtual environment in .venv with the
# package and the extras named in the first argument (default: tf,test; "" for
# none), and, where we are
# root, Debian's CJK font so that Chinese figures render with real glyphs.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1-tf,test}"

if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing fonts-noto-cjk (Chinese figures)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig >/dev/null
  else
    echo "== no CJK font and no root: Chinese figures will fall back to English labels" >&2
  fi
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "$extras" ]; then target=".[$extras]"; else target="."; fi
echo "== installing medcourse from $target"
.venv/bin/python -m pip install --quiet --editable "$target"
