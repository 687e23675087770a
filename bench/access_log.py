#!/usr/bin/env python3
"""access_log.py - what the access log costs when stdout is drained
through a pipe, as a container runtime drains it: modelscale's stdout
goes to `cat > /dev/null`, and `wrk -t2 -c32` asks GET /compare on
loopback, with the default log on and with `--access-log false`, in
ROUNDS interleaved rounds (the order alternates from round to round), a
fresh server for each run.

Per run: requests/s, the server's CPU per request (/proc/PID/stat
utime+stime, every thread), the reader's CPU per request
(/proc/PID/schedstat, in ns: cat is one thread, and its share is too
small for clock ticks once lines are batched), and how many requests
each of the server's write() calls and each of the reader's read() calls
carried (/proc/PID/io, syscw and syscr).

Usage: access_log.py [--out FILE.md] MODELSCALE [MODELSCALE...]
(env: ROUNDS=6, DURATION=5).  Given several binaries (before and after a
change, say), each round measures each of them, so that they share the
machine's drift.  bench.py imports measure_log() for bench/run's
access-log ratio.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

import bench

ROUNDS = int(os.environ.get("ROUNDS", "6"))
PATH = "/compare"


def reader_ns(pid):
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0])


def io_calls(pid):
    calls = {}
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            key, value = line.split(":")
            calls[key] = int(value)
    return calls["syscr"], calls["syscw"]


def start_piped(binary, log):
    """modelscale with its stdout drained by cat; returns both."""
    port = bench.free_port()
    r, w = os.pipe()
    cat = subprocess.Popen(["cat"], stdin=r, stdout=subprocess.DEVNULL)
    try:
        argv = [binary, "--bind", "127.0.0.1", "--port", str(port),
                "--access-log", "true" if log else "false"]
        proc = subprocess.Popen(argv, stdout=w, stderr=subprocess.DEVNULL)
    finally:
        os.close(r)
        os.close(w)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, cat, port
        except OSError:
            time.sleep(0.02)
    bench.stop(proc)
    raise RuntimeError(f"{binary} did not start")


def measure_log(binary, log, conns=32, path=PATH, extra=(), env=None):
    """One wrk run against a fresh piped server; returns its figures."""
    proc, cat, port = start_piped(binary, log)
    try:
        bench.settle(proc.pid)
        ticks = bench.cpu_ticks(proc.pid)
        ns = reader_ns(cat.pid)
        _, writes = io_calls(proc.pid)
        reads, _ = io_calls(cat.pid)
        result = bench.wrk(port, path, conns, list(extra), env or {})
        bench.settle(proc.pid)
        n = max(1, result["requests"])
        result["cpu_us"] = (bench.cpu_ticks(proc.pid) - ticks) / \
            bench.TICK * 1e6 / n
        result["reader_us"] = (reader_ns(cat.pid) - ns) / 1e3 / n
        writes = io_calls(proc.pid)[1] - writes
        reads = io_calls(cat.pid)[0] - reads
        result["per_write"] = n / writes if writes else float("nan")
        result["per_read"] = n / reads if reads else float("nan")
        result["rss_kib"] = bench.rss_kib(proc.pid)
    finally:
        bench.stop(proc)
        cat.wait(10)
    return result


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def calls(runs, key):
    """Requests per call, or a dash where there were no calls."""
    values = [r[key] for r in runs if r[key] == r[key]]  # not NaN
    return f"{statistics.median(values):,.1f}" if values else "–"


def report(runs):
    """The table of medians, log on against off."""
    on, off = runs[True], runs[False]
    lines = ["| access log | req/s | server CPU µs/req | reader CPU µs/req "
             "| requests per server write | requests per reader read |",
             "|---|--:|--:|--:|--:|--:|"]
    for name, r in (("on (default)", on), ("off", off)):
        lines.append(f"| {name} | {median(r, 'rps'):,.0f} | "
                     f"{median(r, 'cpu_us'):.2f} | "
                     f"{median(r, 'reader_us'):.3f} | "
                     f"{calls(r, 'per_write')} | "
                     f"{calls(r, 'per_read')} |")
    ratio = median(on, "cpu_us") / median(off, "cpu_us")
    lines += ["", f"Server CPU per request, log on over log off: "
              f"{ratio:.3f} (target: at most 1.05). Every round, on/off: " +
              ", ".join(f"{a['cpu_us']:.2f}/{b['cpu_us']:.2f}"
                        for a, b in zip(on, off))]
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    bench.DURATION = int(os.environ.get("DURATION", "5"))
    runs = {b: {True: [], False: []} for b in args.binaries}
    for rnd in range(ROUNDS):
        order = (True, False) if rnd % 2 == 0 else (False, True)
        for binary in args.binaries:
            for log in order:
                runs[binary][log].append(measure_log(binary, log))
            print(f"round {rnd + 1} of {ROUNDS}, {binary}: on "
                  f"{runs[binary][True][-1]['cpu_us']:.2f} µs, off "
                  f"{runs[binary][False][-1]['cpu_us']:.2f} µs", flush=True)
    lines = [f"`wrk -t2 -c32 -d{bench.DURATION}s` GET {PATH}, stdout "
             f"through a pipe to cat, {ROUNDS} interleaved rounds, "
             "medians."]
    for binary in args.binaries:
        lines += ["", f"`{binary}`:", ""] + report(runs[binary])
    print("\n".join(lines))
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
