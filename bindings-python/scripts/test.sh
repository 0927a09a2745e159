#!/usr/bin/env bash
# The Python binding as a user gets it: the wheel (wheel.sh) installed into a fresh virtual
# environment (not the source tree), then the pytest contract suite on the shared fixtures and
# `mypy --strict` on the stubs, both against the installed package.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=../target/python/test-venv
wheel=$(bash scripts/wheel.sh)
echo "python: built $(basename "$wheel")" >&2
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" -r requirements-test.txt
# From tests/, so that `import omni_sniffer` can only be the installed wheel.
(cd tests && "../$venv/bin/python" -m pytest -q -p no:cacheprovider .)
# The stubs and the package's Python as written, then a user's code against the installed package.
"$venv/bin/python" -m mypy --strict python/omni_sniffer
"$venv/bin/python" -m mypy --strict tests/typed_use.py
