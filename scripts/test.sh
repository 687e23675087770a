#!/usr/bin/env bash
# test.sh - from a fresh Debian 12 machine: install what is missing,
# then build and test three times:
#   build/       every test: unit suites, the real server over HTTP (also
#                under valgrind), hostile requests, slow clients, a soak,
#                a graceful stop, the reference snippet as an oracle, the
#                OpenAPI lint and contract, and the page in chromium
#   build-asan/  the same suites built with ASan and UBSan
#   build-fuzz/  each libFuzzer harness for FUZZ_SECONDS (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh test
# The OpenAPI linter, ajv and playwright-core, as the lockfile pins them.
npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMODELSCALE_SANITIZE=ON
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan --output-on-failure

CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMODELSCALE_FUZZ=ON -DMODELSCALE_SANITIZE=ON -DBUILD_TESTING=OFF \
  -DFUZZ_SECONDS="${FUZZ_SECONDS:-20}"
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure
