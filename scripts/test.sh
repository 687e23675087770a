#!/usr/bin/env bash
# test.sh - from a fresh Debian 12 machine: install what is missing,
# build, and run every test (unit suites, the real server over HTTP, the
# same under valgrind, and the reference snippet as an oracle).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
