#!/usr/bin/env bash
# Builds the abi3 wheel with maturin, linked by zig against glibc 2.17 (manylinux2014) as the Node
# addons are, and prints its path. The build tools live in their own venv under target/python.
set -euo pipefail
cd "$(dirname "$0")/.."
target=../target/python
venv=$target/build-venv
if [ ! -x "$venv/bin/maturin" ] || ! "$venv/bin/python" -m ziglang version >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements-build.txt
fi
rm -rf "$target/wheels"
# maturin finds zig as `python -m ziglang`, through the venv's python on PATH.
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/maturin" build --release --locked --quiet --zig --compatibility manylinux2014 --out "$target/wheels" >&2
ls "$PWD/$target"/wheels/omni_sniffer-*.whl
