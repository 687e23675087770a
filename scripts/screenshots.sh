#!/usr/bin/env bash
# screenshots.sh - regenerates the pictures of the page that README.md and
# docs/API.md show: docs/page-parameter.png (the network),
# page-breakdown.png (where Mixtral 8x7B's parameters live),
# page-compare.png and page-reference.png (the comparison, its chart with
# the reference catalog), page-phone.png (the comparison at phone width),
# page-scaling.png (diminishing returns) and page-run.png (will it run?,
# on two L4s).  The tests never write into docs/; a maintainer runs this
# on demand, after changing the page, and commits the result.
#
# It runs the browser tests (tests/web/browser.mjs, parameter.mjs,
# scaling.mjs, run.mjs) with SCREENSHOT_DIR=docs: each starts the server
# on a free loopback port, drives Debian's chromium headless through
# playwright-core, and takes each picture in the middle of its checks, so
# every picture is of a page that passed them (a failing check stops the
# script, and leaves the old pictures where it got no further).  Each
# picture is of its element at 1280 px wide; the phone's is its 390x900
# viewport, and will it run?'s the 1280x900 viewport from its heading
# down.
#
# Needs what the browser tests need: chromium and Node.js (bash
# scripts/deps.sh test installs them) and tests/web/node_modules (npm ci,
# run here if it is missing).  The server is MODELSCALE_BIN if set, else
# one built here in build-screenshots/ (Release, no tests).
#   bash scripts/screenshots.sh
#   MODELSCALE_BIN=build/modelscale bash scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d tests/web/node_modules ]; then
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
fi
bin=${MODELSCALE_BIN:-}
if [ -z "$bin" ]; then
  cmake -S . -B build-screenshots -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_TESTING=OFF >/dev/null
  cmake --build build-screenshots -j"$(nproc)" --target modelscale \
    >/dev/null
  bin=build-screenshots/modelscale
fi
for file in browser parameter scaling run; do
  MODELSCALE_BIN=$(readlink -f "$bin") SCREENSHOT_DIR=$PWD/docs \
    node --test "tests/web/$file.mjs"
done
ls -l docs/page-*.png
git status --short -- 'docs/page-*.png' 2>/dev/null || true
