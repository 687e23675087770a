#!/usr/bin/env python3
"""soak.py - mixed valid load (wrk on loopback, GET and POST of 1 to 1,000
models, soak.lua) for SECONDS; fails on any non-2xx answer, socket error,
an unclean stop, or memory that grows the way a leak makes it grow.

A leak grows RSS all the time, in proportion to the requests served;
noise does not, and under load RSS is mostly noise: it counts the bodies
and answers in flight at the moment it is read, hundreds of KiB that
come and go.  So RSS is read only at rest.  The load runs in three parts
(a warm-up of a quarter of the run, at most 10 s, then two halves of the
rest), and after each, once the server has used no CPU for RESTING
seconds, its RSS and the requests it has served (from /metrics) are
read.  The growth over each half, per request served in it: the leak
rate is the smaller of the two, since a leak raises both and a one-time
step (an arena, a record number of bodies at once) only one.  It fails
at LEAK_BOUND bytes per request; one allocation leaked per request costs
at least 32 (glibc's smallest chunk on 64-bit).  The server runs with
glibc's malloc tuned to give back what is freed (TUNABLES: by default its
mmap threshold rises to the largest block freed, so the 150 kB answers
for 1,000 models would be heap kept at the highest count ever in
flight, and each thread's arena is a step of its own).
A request unanswered after 10 s (not wrk's 2 s: see TIMEOUT) counts as
a socket error.  docs/RELIABILITY.md has the figures with and without a
deliberate leak.

Usage: soak.py MODELSCALE_BINARY [SECONDS (default 20)] [CONNECTIONS (32)]
"""
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Server, report, request  # noqa: E402

LEAK_BOUND = 16    # bytes per request the leak rate must stay under
RESTING = 0.3      # seconds without CPU that count as at rest
# glibc's malloc made to give memory back as soon as it is free, so that
# RSS at rest is what is live: blocks of 64 KiB or more mapped on their
# own, one arena (a thread's own arena, made at a moment of contention,
# is a step of hundreds of KiB), the heap's free top given back above
# 64 KiB.  Only the test sets these; the server's code is the same.
TUNABLES = ("glibc.malloc.mmap_threshold=65536:glibc.malloc.arena_max=1:"
            "glibc.malloc.trim_threshold=65536")
# A request unanswered after this long is a socket error.  Not wrk's 2 s:
# a busy machine froze all 32 connections for 3 to 5 s here (a process
# that only slept 10 ms at a time overslept as long), and the answers
# came once it thawed: slow, not failed.
TIMEOUT = 10
HERE = os.path.dirname(os.path.abspath(__file__))


def served(port):
    """Requests the server has answered so far, from its /metrics; None
    if it did not say."""
    reply = request(port, "GET", "/metrics", timeout=5)
    if reply is None or reply.status != 200:
        return None
    counts = re.findall(r"^modelscale_requests_total\{[^}]*\} (\S+)$",
                        reply.body.decode(errors="replace"), re.M)
    return sum(float(c) for c in counts) if counts else None


def at_rest(srv):
    """(RSS KiB, requests served) once the server has used no CPU for
    RESTING seconds (at most 30 s of waiting); None if /metrics did not
    answer."""
    deadline = time.monotonic() + 30
    last = srv.cpu_seconds()
    while time.monotonic() < deadline:
        time.sleep(RESTING)
        now = srv.cpu_seconds()
        if now == last:
            break
        last = now
    count = served(srv.port)
    return None if count is None else (srv.rss_kib(), count)


def leak_rate(points):
    """The smaller of the two halves' growths of RSS, in bytes per
    request served in that half, of the points (RSS KiB, served) read at
    rest after the warm-up and after each half."""
    return min((points[i + 1][0] - points[i][0]) * 1024 /
               max(1, points[i + 1][1] - points[i][1]) for i in (0, 1))


def wrk_figures(out):
    """What wrk printed: requests, rate, p99, non-2xx, socket errors."""
    def find(pattern, default=None):
        m = re.search(pattern, out, re.M)
        return m.group(1) if m else default
    return {"requests": int(find(r"^\s*(\d+) requests in", "0")),
            "rate": float(find(r"^Requests/sec:\s+([\d.]+)", "0")),
            "p99": find(r"^\s+99%\s+(\S+)", "?"),
            "non2xx": int(find(r"Non-2xx or 3xx responses: (\d+)", "0")),
            "errors": find(r"^\s*(Socket errors:.*)$")}


def load(srv, seconds, conns):
    """One part of the load: wrk for seconds; what it printed, or None if
    it did not finish in time."""
    wrk = subprocess.Popen(
        [shutil.which("wrk") or "wrk", "-t2", f"-c{conns}",
         f"-d{seconds}s", "--latency", f"--timeout={TIMEOUT}s", "-s",
         os.path.join(HERE, "soak.lua"), srv.url],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        return wrk.communicate(timeout=seconds + 30)[0]
    except subprocess.TimeoutExpired:
        wrk.kill()
        wrk.communicate()
        return None


def main():
    binary = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    conns = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    if seconds < 8:
        print("soak.py: SECONDS must be 8 or more, for a trend")
        return 2
    warm = min(10, seconds // 4)
    half = (seconds - warm) // 2
    parts = [warm, half, seconds - warm - half]
    failures, figures, points = [], [], []
    with Server(binary, "--access-log", "off",
                env={"GLIBC_TUNABLES": TUNABLES}) as srv:
        for part in parts:
            out = load(srv, part, conns)
            if out is None:
                failures.append("wrk did not finish in time")
                break
            figures.append(wrk_figures(out))
            points.append(at_rest(srv))
        code, _ = srv.stop()
    total = sum(w["requests"] for w in figures)
    non2xx = sum(w["non2xx"] for w in figures)
    errors = [w["errors"] for w in figures if w["errors"]]
    rates = ", ".join(f"{w['rate']:.0f}" for w in figures)
    p99s = ", ".join(w["p99"] for w in figures)
    print(f"soak: {seconds} s ({' + '.join(map(str, parts))}), {conns} "
          f"connections: {total} requests ({rates}/s, p99 {p99s}), "
          f"non-2xx {non2xx}, socket errors: {'; '.join(errors) or 'none'}")
    if len(points) < 3 or None in points:
        failures.append("RSS and /metrics not read at rest after each part")
    else:
        leak = leak_rate(points)
        rest = ", ".join(f"{rss} KiB after {n:.0f}" for rss, n in points)
        print(f"memory at rest: {rest} requests; leak rate {leak:.2f} "
              f"bytes/request (bound {LEAK_BOUND}); exit code {code}")
        if leak >= LEAK_BOUND:
            failures.append(f"memory grows {leak:.1f} bytes per request")
    if non2xx:
        failures.append(f"{non2xx} non-2xx answers")
    failures.extend(errors)
    if code != 0:
        failures.append(f"exit code {code}")
    if total <= 0:
        failures.append("no requests")
    return report(6, failures)  # wrk in time, memory, and these four


if __name__ == "__main__":
    sys.exit(main())
