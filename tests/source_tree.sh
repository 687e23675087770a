#!/usr/bin/env bash
# source_tree.sh - tests never write into the source tree.  `record`
# writes to STATE what git sees there: the status of every file, a hash of
# the changes to tracked files, and a hash of each file git neither tracks
# nor ignores.  `check` fails, naming them, if any of that changed since.
# So a tree that was dirty before the tests is fine; a test that writes
# into docs/ (or leaves a file beside the sources) is not.  Outside a git
# checkout, or without git, it exits 77 (CTest: skipped).
# Usage: source_tree.sh record|check SOURCE_DIR STATE
set -euo pipefail
mode=$1 src=$2 state=$3

if ! command -v git >/dev/null ||
   ! git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "SKIP: $src is not a git checkout, so there is nothing to compare"
  exit 77
fi

snapshot() (
  cd "$src"
  git --no-optional-locks status --porcelain=v1 --untracked-files=all
  echo "changes: $(git --no-optional-locks diff HEAD --binary | sha256sum)"
  git --no-optional-locks ls-files --others --exclude-standard -z |
    xargs -0r sha256sum
)

case $mode in
record)
  snapshot >"$state"
  echo "recorded $(wc -l <"$state") lines of git's view of $src"
  ;;
check)
  [ -f "$state" ] || { echo "FAIL: nothing recorded in $state"; exit 1; }
  if diff -u "$state" <(snapshot) >"$state.diff"; then
    echo "the source tree is as it was before the tests"
    rm -f "$state.diff"
  else
    echo "FAIL: a test changed the source tree (- before, + after):"
    cat "$state.diff"
    exit 1
  fi
  ;;
*)
  echo "usage: source_tree.sh record|check SOURCE_DIR STATE" >&2
  exit 2
  ;;
esac
