#!/usr/bin/env bash
# soak.sh - mixed valid load (wrk on loopback, GET and POST of 1 to 1,000
# models) for SECONDS; fails on any non-2xx answer, socket error, resident
# memory growing by 1 MiB or more after the warm-up, or an unclean stop.
# RSS swings by about a megabyte from moment to moment (an answer for 1,000
# models is a 150 kB buffer), so growth is measured peak against peak: the
# highest RSS in a window after the warm-up against the highest after it.
# Usage: soak.sh MODELSCALE_BINARY [SECONDS (default 20)] [CONNECTIONS (32)]
set -euo pipefail

bin=$1
seconds=${2:-20}
conns=${3:-32}
warm=$(( seconds >= 60 ? 10 : seconds / 4 ))
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp) out=$(mktemp)

"$bin" --bind 127.0.0.1 --port 0 --access-log off >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -f "$log" "$out"' EXIT
for _ in $(seq 200); do
  grep -q listening "$log" && break
  sleep 0.05
done
port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$log" | head -1)
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }

wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$here/soak.lua" \
  "http://127.0.0.1:$port" >"$out" &
load=$!
sleep "$warm"
start_rss=0 max_rss=0 t=0
while kill -0 $load 2>/dev/null; do
  now=$(rss)
  if (( t < warm )); then
    (( now > start_rss )) && start_rss=$now
  else
    (( now > max_rss )) && max_rss=$now
  fi
  t=$((t + 1))
  sleep 1
done
wait $load
kill -TERM $pid
code=0
wait $pid || code=$?

requests=$(awk '/requests in/ {print $1}' "$out")
rate=$(awk '/Requests\/sec/ {print $2}' "$out")
p99=$(awk '$1 == "99%" {print $2}' "$out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
errors=$(awk '/Socket errors/ {print}' "$out")
growth=$(( max_rss - start_rss ))
echo "soak: ${seconds} s, $conns connections: $requests requests" \
     "($rate/s, p99 $p99), non-2xx ${non2xx:-0}," \
     "socket errors: ${errors:-none}"
echo "memory: at most ${start_rss} KiB from ${warm} s to $((2 * warm)) s," \
     "at most ${max_rss} KiB after (growth ${growth} KiB); exit code $code"

failed=0
[ "${non2xx:-0}" = 0 ] || { echo "FAIL: non-2xx answers"; failed=$((failed+1)); }
[ -z "$errors" ] || { echo "FAIL: $errors"; failed=$((failed+1)); }
(( growth < 1024 )) || { echo "FAIL: memory grew ${growth} KiB"; failed=$((failed+1)); }
[ "$code" = 0 ] || { echo "FAIL: exit code $code"; failed=$((failed+1)); }
[ "${requests:-0}" -gt 0 ] || { echo "FAIL: no requests"; failed=$((failed+1)); }
echo "$((5 - failed)) passed, $failed failed"
exit $(( failed > 0 ))
