#!/usr/bin/env bash
# serve.sh - from a fresh Debian 12 machine: install what is missing,
# build a release binary, and serve the built-in catalog on port 8080.
# Arguments go to modelscale (e.g. --port 9000 --bind 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
cmake --build build-release -j"$(nproc)"
exec build-release/modelscale "$@"
