#!/usr/bin/env bash
# The Python table (`pnpm bench` runs it after the Node one): the wheel (wheel.sh) installed into a
# fresh virtual environment beside GitPython and pygit2, then bench.py on the shared fixtures.
#   bindings-python/scripts/bench.sh [--quick] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=../target/python/bench-venv
wheel=$(bash scripts/wheel.sh)
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" -r requirements-bench.txt
"$venv/bin/python" bench.py "$@"
