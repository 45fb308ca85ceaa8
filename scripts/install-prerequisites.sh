#!/usr/bin/env bash
# Installs what InteropLint's tests and samples need beyond a fresh Debian 12 machine with the
# .NET SDK: libclang and clang's builtin headers, clang-14 (the floor tests/InteropLint.Perf measures the
# scanner against), cmake and a C compiler for native/, the
# development headers of the real libraries the tests read, and the real system headers of the
# foreign targets (MinGW-w64 for win-x64/win-x86, the arm64 C library for linux-arm64).
# Idempotent: does nothing when every package is already installed.
set -euo pipefail
packages=(
  cmake gcc libclang1-14 libclang-common-14-dev clang-14
  zlib1g-dev libsqlite3-dev liblzma-dev libbz2-dev libxml2-dev libpng-dev libssl-dev
  libsdl2-dev libgit2-dev libvlc-dev libsodium-dev libpcap-dev libcurl4-openssl-dev
  libldap2-dev libusb-1.0-0-dev libarchive-dev
  mingw-w64-x86-64-dev mingw-w64-i686-dev libc6-dev-arm64-cross
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
