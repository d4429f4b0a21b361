#!/usr/bin/env bash
# Set up a fresh machine for medcourse: a virtual environment in .venv with the
# package and the extras named in the first argument (default: tf,test; "" for
# none), and, where we are root, Debian's CJK font (Chinese figures render with real
# glyphs) and, for the tests, Chromium and chromedriver (the book's browser test).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1-tf,test}"

# Debian packages: the CJK font for Chinese figures, and Chromium with its driver for
# the browser test of the book (only when the test extra is asked for).
packages=()
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  packages+=(fonts-noto-cjk fontconfig)
fi
if [[ ",$extras," == *",test,"* ]] && ! command -v chromedriver >/dev/null; then
  packages+=(chromium chromium-driver)
fi
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "== not root: cannot install ${packages[*]} (Chinese figures fall back to English" \
         "labels; the browser test is skipped)" >&2
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

# The book's formulas: MathJax 3 served from the site itself (readers offline or
# behind a firewall still see formulas). Fetched from the npm registry when npm is
# there; otherwise the site loads MathJax from its CDN.
mathjax="_build/vendor/mathjax"
if [[ ",$extras," == *",book,"* ]] && [ ! -f "$mathjax/tex-chtml.js" ] && command -v npm >/dev/null; then
  echo "== fetching MathJax 3.2.2 for the book"
  tmp="$(mktemp -d)"
  if (cd "$tmp" && npm pack --silent mathjax@3.2.2 >/dev/null 2>&1 && tar -xzf mathjax-3.2.2.tgz); then
    mkdir -p "$mathjax/output/chtml/fonts"
    cp "$tmp/package/es5/tex-chtml.js" "$mathjax/"
    cp -r "$tmp/package/es5/output/chtml/fonts/woff-v2" "$mathjax/output/chtml/fonts/"
    cp "$tmp/package/LICENSE" "$mathjax/LICENSE"
  else
    echo "== could not fetch MathJax; the site will load it from its CDN" >&2
  fi
  rm -rf "$tmp"
fi
