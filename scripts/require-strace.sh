#!/usr/bin/env bash
# The system-call budget test (crates/omni-sniffer/tests/syscalls.rs) counts with strace. A fresh
# Debian or Ubuntu machine gets it from its package manager; anywhere else, say what is missing.
set -euo pipefail
command -v strace >/dev/null && exit 0
if command -v apt-get >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing strace (the system-call budget test counts with it)" >&2
  $sudo apt-get update -qq && $sudo apt-get install -y -qq strace >/dev/null && exit 0
fi
echo "strace is missing: install it (Debian/Ubuntu: apt-get install strace); the system-call budget test needs it" >&2
exit 1
