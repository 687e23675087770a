#!/usr/bin/env python3
"""readme_examples.py - keeps the README's examples true: every fenced
block that starts with a "$ " command is run against a real server, and
its output must be the block's other lines.

    python3 tests/docs/readme_examples.py BINARY [README]

A command's `localhost:8080` becomes the test server's address and a
leading `modelscale` the binary; it runs in the checkout's root (so
`--data @config/...` reads the checkout's files).  An output line with
"…" is the README trimming an answer: the pieces between the ellipses
must appear in that order.  Without "…" the output must be equal, byte
for byte.  Exits 1 on any difference, naming the command.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from harness import Server  # noqa: E402

FENCE = re.compile(r"^```[a-z]*\n(\$ [^\n]*)\n(.*?)^```\n",
                   re.MULTILINE | re.DOTALL)
MIN_EXAMPLES = 5  # the README has more: finding fewer is a broken parse


def examples(text):
    """(command, expected output) for each "$ " block of text."""
    return [(m.group(1)[2:], m.group(2)) for m in FENCE.finditer(text)]


def matches(expected, actual):
    """Whether actual is expected, where "…" stands for anything; the
    newline that closes a block is not output (curl prints none)."""
    expected, actual = expected.rstrip("\n"), actual.rstrip("\n")
    pieces = expected.split("…")
    if len(pieces) == 1:
        return actual == expected
    if not actual.startswith(pieces[0]) or not actual.endswith(pieces[-1]):
        return False
    at = len(pieces[0])
    for piece in pieces[1:-1]:
        at = actual.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return at <= len(actual) - len(pieces[-1])


def run(command, binary, port):
    command = command.replace("localhost:8080", f"127.0.0.1:{port}")
    if command.startswith("modelscale "):
        command = binary + command[len("modelscale"):]
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, timeout=30,
                          capture_output=True, text=True)
    return done.stdout


def main():
    binary = os.path.abspath(sys.argv[1])
    readme = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT,
                                                                "README.md")
    with open(readme, encoding="utf-8") as f:
        found = examples(f.read())
    if len(found) < MIN_EXAMPLES:
        print(f"only {len(found)} examples found in {readme}")
        return 1
    failed = 0
    with Server(binary, "--access-log", "off") as srv:
        for command, expected in found:
            actual = run(command, binary, srv.port)
            if matches(expected, actual):
                print(f"ok    {command[:70]}")
                continue
            failed += 1
            print(f"FAIL  {command}\n  README: {expected!r}\n"
                  f"  actual: {actual!r}")
    print(f"{len(found) - failed} of {len(found)} README examples hold")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
