#!/usr/bin/env bash
# deps.sh - installs the Debian 12 packages modelscale needs, if missing.
#   bash scripts/deps.sh        what building and running need
#   bash scripts/deps.sh bench  that, and wrk and gnuplot for bench/run
#   bash scripts/deps.sh test   that, and what the tests need: Check,
#                               libcurl, valgrind, python3, wrk, clang and
#                               its libFuzzer runtime, nginx, curl, jq (the
#                               README's examples),
#                               chromium (the browser tests), prometheus
#                               (for promtool), and kubectl and Node.js
#                               where there are none
# Runs apt-get as root, or through sudo when not root.  No service is
# started by the install (nginx would otherwise start on port 80).
set -euo pipefail

packages=(build-essential cmake pkg-config libmicrohttpd-dev libcjson-dev)
if [ "${1:-}" = bench ]; then
  packages+=(wrk gnuplot-nox python3)
fi
if [ "${1:-}" = test ]; then
  packages+=(check libcurl4-openssl-dev valgrind python3 wrk clang
             libclang-rt-14-dev nginx curl jq git chromium prometheus)
  # another kubectl or node may be installed already; Debian's would clash
  command -v kubectl >/dev/null || packages+=(kubernetes-client)
  command -v node >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
       grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || {
    echo "deps.sh: run as root to install: ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi
echo "deps.sh: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  own_policy=yes
fi
trap '[ "$own_policy" = yes ] && "${sudo[@]}" rm -f "$policy"' EXIT
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
  --no-install-recommends "${missing[@]}"
