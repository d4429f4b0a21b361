#!/usr/bin/env bash
# Set up, then run the whole test suite: unit tests, property tests, doctests of
# the library, the checks of the built book and its browser test, slow tests
# included. Extra arguments go to pytest.
# pytest's exit status passes through: 5 (no test collected) fails like any error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "tf,book,test"
export MPLBACKEND=Agg
.venv/bin/python -m pytest "$@"
