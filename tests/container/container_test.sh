#!/usr/bin/env bash
# container_test.sh - builds the image and tests it for real: run read-only
# with every capability dropped, it must answer /healthz, /compare (the same
# bytes as the binary under test) and an error, and hold to the framing and
# hostile catalogs, with the libmicrohttpd 1.0 it is built with; run as a
# non-root user;
# pass its own healthcheck; stop on SIGTERM within 2 s with exit code 0;
# and be at most 80 MB.  Uses docker when an engine answers, else podman
# (set up by ../shared/containers/setup.sh where nothing else works).
# Where it finds neither, it exits 77, which CTest reports as skipped,
# with the reason; with CI set (CI machines must run it) it fails instead.
# Loopback only; the container is removed whatever happens.
# Usage: container_test.sh MODELSCALE_BINARY
set -euo pipefail
bin=$(readlink -f "$1")
cd "$(dirname "$0")/../.."

if docker info >/dev/null 2>&1; then
  engine=docker build_flags=()
else
  if [ -z "${CONTAINERS_CONF:-}" ]; then
    setup=../shared/containers/setup.sh
    if [ ! -x "$setup" ]; then
      why="no container engine: docker info fails, CONTAINERS_CONF is not"
      why+=" set, and there is no $setup to set up podman"
      [ -n "${CI:-}" ] && { echo "FAIL: $why (CI is set)"; exit 1; }
      echo "SKIP: $why"
      exit 77
    fi
    # The base images of the Dockerfile's suite (debian:trixie), which
    # setup.sh builds only when asked by SUITE: its default is bookworm.
    suite=$(sed -n 's/^FROM debian:\([a-z]*\).*/\1/p' Dockerfile | head -1)
    eval "$(SUITE="${suite:-bookworm}" "$setup")"
  fi
  engine=podman build_flags=(--pull=never --format docker)
fi
image=modelscale:test name=modelscale-test-$$
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
local_log=$(mktemp) local_pid=
trap '$engine rm -f "$name" >/dev/null 2>&1 || true
      [ -n "$local_pid" ] && kill "$local_pid" 2>/dev/null
      rm -f "$local_log"' EXIT

failed=0 passed=0
check() {  # check DESCRIPTION CONDITION...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $what"
  else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

echo "building with $engine"
source_url=$(git remote get-url origin 2>/dev/null || echo local)
"$engine" build "${build_flags[@]}" --build-arg SOURCE="$source_url" \
  -t "$image" . >/tmp/container-build-$$.log 2>&1 ||
  { tail -30 /tmp/container-build-$$.log; echo "FAIL: build"; exit 1; }
rm -f /tmp/container-build-$$.log
size=$("$engine" image inspect "$image" --format '{{.Size}}')
echo "image size: $((size / 1000)) kB ($(awk -v s="$size" 'BEGIN {printf "%.1f", s / 1e6}') MB)"
check "image is at most 80 MB" test "$size" -le 80000000

"$engine" run -d --name "$name" --read-only --cap-drop=ALL \
  -p "127.0.0.1:$port:8080" "$image" >/dev/null
up=no
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && { up=yes; break; }
  sleep 0.1
done
check "/healthz answers" test "$up" = yes

# the same bytes as the binary under test gives
"$bin" --bind 127.0.0.1 --port 0 --access-log off >"$local_log" 2>&1 &
local_pid=$!
for _ in $(seq 100); do grep -q listening "$local_log" && break; sleep 0.05; done
local_port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$local_log")
want=$(curl -s "http://127.0.0.1:$local_port/compare")
got=$(curl -s "http://127.0.0.1:$port/compare")
check "/compare is the reference answer" test "$got" = "$want"
check "the answer has the reference summary" \
  grep -q 'Largest model is 228,333,333,333x bigger than smallest' <<<"$got"
error=$(curl -s -w ' %{http_code} %{content_type}' \
  "http://127.0.0.1:$port/compare?models=gpt-9")
check "an error is problem+json 404" \
  grep -q '"status":404.* 404 application/problem+json$' <<<"$error"

# What a hostile client sends, against the image, whose libmicrohttpd
# (Debian 13's 1.0) refuses what 0.9.75 hides from the server.
mhd=$("$engine" exec "$name" /usr/local/bin/modelscale --version |
      sed -n 's/.*libmicrohttpd \([0-9.]*\),.*/\1/p')
echo "the image's libmicrohttpd: $mhd"
check "the image has libmicrohttpd 1.0 or later" test "${mhd%%.*}" -ge 1
check "the framing catalog passes against the image" \
  python3 -B tests/reliability/framing.py --port "$port" --libmicrohttpd "$mhd"
check "the hostile catalog passes against the image" \
  python3 -B tests/reliability/hostile_requests.py --port "$port"

pid=$("$engine" inspect "$name" --format '{{.State.Pid}}')
uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
echo "server process uid: $uid"
check "the server does not run as root" test "$uid" != 0
check "its own healthcheck passes" \
  "$engine" exec "$name" /usr/local/bin/modelscale healthcheck
[ "$engine" = podman ] &&
  check "podman healthcheck run passes" podman healthcheck run "$name"

start=$(date +%s.%N)
"$engine" stop -t 10 "$name" >/dev/null
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
code=$("$engine" inspect "$name" --format '{{.State.ExitCode}}')
echo "stop: exit code $code after $took s"
check "it exits 0 on SIGTERM" test "$code" = 0
check "it stops within 2 s" awk -v t="$took" 'BEGIN {exit !(t < 2)}'

echo "$passed passed, $failed failed"
exit $(( failed > 0 ))
