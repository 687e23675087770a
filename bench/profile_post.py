#!/usr/bin/env python3
"""profile_post.py - where the CPU of POST /compare of 7 models goes, in
µs per request: modelscale with its defaults (access log on, stdout
drained through a pipe by cat) and bench/ceiling_post.c, each sampled by
`perf record -e cpu-clock` (this VM has no hardware counters) with DWARF
call graphs while `wrk -t2 -c32` posts to it on loopback.  A function's
figure is its share of the samples, callees included, times the CPU the
samples stand for, over the requests wrk made; perf's own unwinding adds
a little to every figure.

Usage: profile_post.py MODELSCALE CEILING_POST [OUT]
(env: DURATION=5; OUT defaults to /tmp/modelscale-profile, which gets
each server's perf.data and the table, profile.md)
"""
import os
import re
import subprocess
import sys

import access_log
import bench

FREQ = 999
MODELSCALE = ["on_request", "begin", "admit_body", "take_body", "dispatch",
              "run_route", "h_compare_post", "json_codec_parse",
              "cJSON_ParseWithLengthOpts", "json_codec_decode_compare",
              "compare_request_run", "compare_run",
              "json_codec_encode_compare", "numfmt_double", "respond",
              "add_headers", "on_completed", "log_request",
              "access_log_write", "metrics_begin", "metrics_end",
              "body_budget_release"]
CEILING = ["on_request", "append", "respond", "answer", "read_models",
           "cJSON_ParseWithLengthOpts", "compare_run", "build",
           "numfmt_double", "cJSON_PrintPreallocated", "cJSON_Delete",
           "cJSON_CreateRaw", "on_completed"]
PARENTS = {"modelscale": ["dispatch", "h_compare_post",
                          "json_codec_encode_compare", "begin",
                          "on_completed", "add_headers"],
           "ceiling_post": ["on_request", "answer"]}
SHARED = ["MHD_queue_response", "__libc_sendmsg", "__libc_recv",
          "epoll_wait", "malloc", "cfree@GLIBC_2.2.5", "__libc_calloc"]


def report(data, *args):
    """perf report's rows: (percent, name)."""
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "-g",
                          "none", *args], capture_output=True,
                         text=True).stdout
    count = int(re.search(r"Event count \(approx\.\): (\d+)", out).group(1))
    rows = []
    for line in out.splitlines():
        line = re.sub(r"\s+-\s+-$", "", line.rstrip())  # the IPC columns
        m = re.match(r"\s+([\d.]+)%\s+(?:[\d.]+%\s+)?(.+)$", line)
        if m:
            rows.append((float(m.group(1)), m.group(2).strip()))
    return count, rows


def profile(name, proc, port, body, folder):
    """Samples proc while wrk posts body; returns (requests, ns, data)."""
    data = os.path.join(folder, f"{name}.data")
    bench.settle(proc.pid)
    wrk = ["wrk", "-t2", "-c32", f"-d{bench.DURATION}s", "-s",
           os.path.join(bench.HERE, "post.lua"),
           f"http://127.0.0.1:{port}/compare"]
    out = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F",
                          str(FREQ), "--call-graph", "dwarf,8192", "-p",
                          str(proc.pid), "-o", data, "--", *wrk],
                         capture_output=True, text=True,
                         env={**os.environ, "BODY": body},
                         timeout=bench.DURATION + 60).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return requests, data


def callees(data, per, parents):
    """Markdown rows: for each parent, the µs per request of each function
    it calls directly, from the call graphs of every sample; per is the
    sampled µs per request of all of them."""
    out = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym"],
                         capture_output=True, text=True).stdout
    stacks = []
    for sample in out.split("\n\n"):
        frames = [re.sub(r"(\.(constprop|isra|part)\.\d+)+$", "",
                         (line.split(None, 1) + ["?"])[1])
                  for line in sample.strip().splitlines()]
        if frames:
            stacks.append(frames)  # innermost first
    per_sample = per / max(1, len(stacks))
    lines = ["", "| function | its callees, µs/request |", "|---|---|"]
    for parent in parents:
        counts = {}
        for frames in stacks:
            if parent in frames:
                i = frames.index(parent)
                callee = frames[i - 1] if i > 0 else "(self)"
                counts[callee] = counts.get(callee, 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:8]
        lines.append(f"| {parent} | " + ", ".join(
            f"{c} {n * per_sample:.2f}" for c, n in top) + " |")
    return lines


def table(name, requests, data, functions, parents):
    """Markdown rows: CPU µs per request by shared object and function."""
    ns, dsos = report(data, "--no-children", "--sort", "dso")
    _, symbols = report(data, "--children", "--sort", "symbol")
    per = ns / 1e3 / requests
    lines = [f"{name}: {requests:,} requests, {per:.1f} µs of sampled CPU "
             "per request", "", "| shared object (self) | µs/request |",
             "|---|--:|"]
    lines += [f"| {d} | {pct * per / 100:.2f} |" for pct, d in dsos
              if pct >= 0.5]
    lines += ["", "| function (with callees) | µs/request |", "|---|--:|"]
    found = {}
    for pct, sym in symbols:
        sym = sym.replace("[.] ", "").replace("[k] ", "")
        sym = re.sub(r"(\.(constprop|isra|part)\.\d+)+$", "", sym)
        found.setdefault(sym, pct)
    for f in functions + SHARED:
        if f in found:
            lines.append(f"| {f} | {found[f] * per / 100:.2f} |")
    return lines + callees(data, per, parents)


def main():
    modelscale, ceiling_post = sys.argv[1:3]
    folder = sys.argv[3] if len(sys.argv) > 3 else "/tmp/modelscale-profile"
    os.makedirs(folder, exist_ok=True)
    bench.DURATION = int(os.environ.get("DURATION", "5"))
    body = bench.bodies(folder)[7]
    proc, cat, port = access_log.start_piped(modelscale, True)
    try:
        requests, data = profile("modelscale", proc, port, body, folder)
    finally:
        bench.stop(proc)
        cat.wait(10)
    lines = table("modelscale (defaults, log on, stdout to cat)", requests,
                  data, MODELSCALE, PARENTS["modelscale"])
    port = bench.free_port()
    proc = bench.start([ceiling_post, str(port)], port)
    try:
        requests, data = profile("ceiling_post", proc, port, body, folder)
    finally:
        bench.stop(proc)
    lines += [""] + table("ceiling_post", requests, data, CEILING,
                          PARENTS["ceiling_post"])
    print("\n".join(lines))
    with open(os.path.join(folder, "profile.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
