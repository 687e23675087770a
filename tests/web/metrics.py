#!/usr/bin/env python3
"""metrics.py - GET /metrics from the real server: promtool (Debian's
prometheus package) must find nothing wrong with it, and a strict parser
here holds its numbers to the requests this test made.

Usage: metrics.py MODELSCALE_BINARY
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Client, Server, report  # noqa: E402

SAMPLE = re.compile(r'^([a-z_:][a-z0-9_:]*)(\{([a-z_]+="[^"\\]*"'
                    r'(,[a-z_]+="[^"\\]*")*)\})? (-?[0-9.e+]+|\+Inf)$')


def parse(text):
    """{(name, labels): value}; raises on any line that is not a sample,
    a HELP or a TYPE line."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        m = SAMPLE.match(line)
        if m is None:
            raise ValueError(f"not a sample: {line!r}")
        samples[(m.group(1), m.group(3) or "")] = float(m.group(5))
    return samples


def main():
    failures, checks = [], 0
    srv = Server(sys.argv[1], "--access-log", "off")
    try:
        # One connection, so that each request is counted before /metrics
        # is asked (see Client).
        client = Client(srv.port)
        for _ in range(5):
            client.request("GET", "/compare")
        client.request("GET", "/nowhere")
        client.request("POST", "/compare", b"{}", "application/json")
        r = client.request("GET", "/metrics")
        client.close()
        text = r.body.decode()
        checks += 1
        if r.status != 200 or not r.headers.get(
                "content-type", "").startswith("text/plain; version=0.0.4"):
            failures.append(f"/metrics: {r.status} {r.headers}")
        checks += 1
        promtool = shutil.which("promtool")
        if promtool is None:
            failures.append("promtool is missing (bash scripts/deps.sh test)")
        else:
            run = subprocess.run([promtool, "check", "metrics"], input=text,
                                 capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"promtool: {run.stdout}{run.stderr}")
        checks += 1
        try:
            s = parse(text)
        except ValueError as e:
            failures.append(str(e))
            return report(checks, failures)
        get = 'method="GET",route="/compare"'
        want = {
            ("modelscale_requests_total", get + ',status="200"'): 5,
            ("modelscale_requests_total",
             'method="",route="none",status="404"'): 1,
            ("modelscale_requests_total",
             'method="POST",route="/compare",status="422"'): 1,
            ("modelscale_request_duration_seconds_count", get): 5,
            ("modelscale_request_duration_seconds_bucket",
             get + ',le="+Inf"'): 5,
            ("modelscale_requests_in_flight", ""): 1,  # this request
            ("modelscale_build_info", 'version="0.1.0"'): 1,
        }
        for key, value in want.items():
            checks += 1
            if s.get(key) != value:
                failures.append(f"{key}: {s.get(key)}, want {value}")
        checks += 1
        buckets = [v for (n, l), v in s.items()
                   if n == "modelscale_request_duration_seconds_bucket" and
                   l.startswith(get)]
        if buckets != sorted(buckets) or len(buckets) != 16:
            failures.append(f"buckets not cumulative: {buckets}")
        checks += 1
        if not s.get(("process_start_time_seconds", ""), 0) > 1.7e9:
            failures.append("no process start time")
    finally:
        srv.close()
    return report(checks, failures)


if __name__ == "__main__":
    sys.exit(main())
