#!/usr/bin/env python3
"""soak.py - mixed valid load (wrk on loopback, GET and POST of 1 to 1,000
models, soak.lua) for SECONDS; fails on any non-2xx answer, socket error,
an unclean stop, or memory that grows the way a leak makes it grow.

A leak grows RSS all the time, in proportion to the requests served;
noise does not.  Two things keep the noise down.  The server runs with
glibc's mmap threshold fixed at 64 KiB (GLIBC_TUNABLES; by default it
rises to the largest block freed), so that the 150 kB answers for 1,000
models are mappings returned on free, not heap kept resident at the
highest count ever in flight: without it RSS crept up by up to 20 bytes
per request under a busy machine with no leak at all.  And one reading
is never compared with another: after a warm-up (a quarter of the run,
at most 10 s), RSS and the requests served (from /metrics) are sampled
every 250 ms, and the samples are cut into thirds.  The growth from the
median of the first third to that of the middle one, and from there to
the last, each per request served in between: the leak rate is the
smaller of the two, since a leak raises both and a one-time step (an
arena, a cache filling) only one.  It fails at LEAK_BOUND bytes per
request; one allocation leaked per request costs at least 32 (glibc's
smallest chunk on 64-bit).  The least-squares slope of RSS against
requests served over the same samples is printed beside it.
A request unanswered after 10 s (not wrk's 2 s: see TIMEOUT) counts as
a socket error.  docs/RELIABILITY.md has the figures with and without a
deliberate leak.

Usage: soak.py MODELSCALE_BINARY [SECONDS (default 20)] [CONNECTIONS (32)]
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Server, report, request  # noqa: E402

LEAK_BOUND = 16    # bytes per request the leak rate must stay under
INTERVAL = 0.25    # seconds between RSS samples
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


def sample(srv, start, stop, out):
    """Appends (seconds since start, RSS KiB, requests served) to out
    every INTERVAL until stop is set."""
    while not stop.wait(INTERVAL):
        rss = srv.rss_kib()
        count = served(srv.port)
        if rss and count is not None:
            out.append((time.monotonic() - start, rss, count))


def slope(points):
    """Least-squares slope of (x, y) points."""
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def trend(samples):
    """(leak rate, least-squares slope, the thirds' RSS medians in KiB) of
    samples (time, RSS KiB, requests served); the rates in bytes of RSS
    per request served."""
    n = len(samples) // 3
    thirds = [samples[:n], samples[n:2 * n], samples[2 * n:3 * n]]
    rss = [statistics.median(s[1] for s in t) for t in thirds]
    count = [statistics.median(s[2] for s in t) for t in thirds]
    steps = [(rss[i + 1] - rss[i]) * 1024 / max(1, count[i + 1] - count[i])
             for i in (0, 1)]
    fit = slope([(s[2], s[1] * 1024) for s in samples])
    return min(steps), fit, rss


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


def main():
    binary = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    conns = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    if seconds < 8:
        print("soak.py: SECONDS must be 8 or more, for a trend")
        return 2
    warm = min(10, seconds / 4)
    failures = []
    samples = []
    with Server(binary, "--access-log", "off",
                env={"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=65536"}
                ) as srv:
        wrk = subprocess.Popen(
            [shutil.which("wrk") or "wrk", "-t2", f"-c{conns}",
             f"-d{seconds}s", "--latency", f"--timeout={TIMEOUT}s", "-s",
             os.path.join(HERE, "soak.lua"), srv.url],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        start = time.monotonic()
        stop = threading.Event()
        time.sleep(warm)
        sampler = threading.Thread(target=sample,
                                   args=(srv, start, stop, samples))
        sampler.start()
        try:
            out = wrk.communicate(timeout=seconds + 30)[0]
        except subprocess.TimeoutExpired:
            wrk.kill()
            out = wrk.communicate()[0]
            failures.append("wrk did not finish in time")
        stop.set()
        sampler.join()
        code, _ = srv.stop()
    w = wrk_figures(out)
    # samples taken once wrk had stopped are not under load
    samples = [s for s in samples if s[0] <= seconds]
    print(f"soak: {seconds} s, {conns} connections: {w['requests']} "
          f"requests ({w['rate']:.0f}/s, p99 {w['p99']}), non-2xx "
          f"{w['non2xx']}, socket errors: {w['errors'] or 'none'}")
    if len(samples) < 12:
        failures.append(f"too few samples of RSS and /metrics "
                        f"({len(samples)})")
    else:
        leak, fit, medians = trend(samples)
        print(f"memory: {len(samples)} samples from {warm:.0f} s, medians "
              f"of the thirds {medians[0]:.0f}, {medians[1]:.0f}, "
              f"{medians[2]:.0f} KiB; leak rate {leak:.2f} bytes/request "
              f"(bound {LEAK_BOUND}), least-squares slope {fit:.2f} "
              f"bytes/request; exit code {code}")
        if leak >= LEAK_BOUND:
            failures.append(f"memory grows {leak:.1f} bytes per request")
    if w["non2xx"]:
        failures.append(f"{w['non2xx']} non-2xx answers")
    if w["errors"]:
        failures.append(w["errors"])
    if code != 0:
        failures.append(f"exit code {code}")
    if w["requests"] <= 0:
        failures.append("no requests")
    return report(6, failures)  # wrk in time, memory, and these four


if __name__ == "__main__":
    sys.exit(main())
