#!/usr/bin/env python3
"""count_files.py - `modelscale count FILE` on every architecture of
tests/data/architectures/: each must print the exact count its
expected.json gives (and the active parameters of a mixture of experts),
from a file and from standard input (`-`), and a bad file must fail with
one line naming the field.

Usage: count_files.py MODELSCALE_BINARY DATA_FOLDER
"""
import json
import os
import re
import subprocess
import sys

ROW = re.compile(r"^(total|active) +: +\S+ parameters \(([\d,]+)\)$", re.M)


def counts(output):
    """The total and active figures of a table, as integers."""
    return {k: int(v.replace(",", "")) for k, v in ROW.findall(output)}


def run(binary, path, stdin=None):
    return subprocess.run([binary, "count", path], input=stdin,
                          capture_output=True, timeout=30)


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    with open(os.path.join(folder, "expected.json")) as f:
        expected = json.load(f)
    failed = 0
    files = sorted(n for n in os.listdir(folder) if n.endswith(".json")
                   and not n.endswith("expected.json"))
    if sorted(e["id"] + ".json" for e in expected) != files:
        print(f"FAIL: expected.json does not list every file of {folder}")
        failed += 1
    for e in expected:
        path = os.path.join(folder, e["id"] + ".json")
        want = {"total": e["parameters"]}
        if "active_parameters" in e:
            want["active"] = e["active_parameters"]
        with open(path, "rb") as f:
            piped = run(binary, "-", f.read())
        for how, r in (("file", run(binary, path)), ("stdin", piped)):
            got = counts(r.stdout.decode())
            if r.returncode != 0 or got != want:
                print(f"FAIL: {e['id']} ({how}): exit {r.returncode}, "
                      f"{got}, want {want}; {r.stderr.decode().strip()}")
                failed += 1
        print(f"{e['id']}: {e['parameters']:,}")
    bad = run(binary, "-", b'{"model_type": "llama", "hidden_size": 64}')
    line = bad.stderr.decode()
    if bad.returncode != 1 or bad.stdout or \
            '(at JSON pointer "/num_hidden_layers")' not in line or \
            line.count("\n") != 1:
        print(f"FAIL: a bad config: exit {bad.returncode}, {line!r}")
        failed += 1
    print(f"{len(expected)} architectures, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
