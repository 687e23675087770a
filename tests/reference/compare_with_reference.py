#!/usr/bin/env python3
"""Differential test: the reference snippet is the oracle.

1. `modelscale table` must print shared/reference/seed_output.txt byte for
   byte.
2. For many counts below 10^12, the reference's own ModelScaleComparison
   (loaded from its file, not copied) and `modelscale table FILE` must print
   the same formatted figure, wherever the reference's number part is below
   1000 (where it is not, the reference prints "1000.0K": a defect modelscale
   does not copy).  The scale sentences must match whenever the ratio is 10
   or more (below 10 modelscale prints one decimal, the reference none).

Usage: compare_with_reference.py REFERENCE_DIR MODELSCALE_BINARY
"""
import contextlib
import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import tempfile

BATCH = 5000
RANDOM_COUNTS = 40000


def load_reference(path):
    spec = importlib.util.spec_from_file_location("reference", path)
    module = importlib.util.module_from_spec(spec)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints on import
        spec.loader.exec_module(module)
    return module


def reference_table(module, scales):
    comparison = module.ModelScaleComparison()
    comparison.model_scales = scales
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        comparison.compare_scales()
    return out.getvalue()


def modelscale_table(binary, scales):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"models": {k: str(v) for k, v in scales.items()}}, f)
    try:
        return subprocess.run([binary, "table", f.name], check=True,
                              capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)


def rows(table):
    """name -> formatted, and the last line (the scale sentence)."""
    lines = table.splitlines()
    body = lines[2:lines.index("")]
    figures = {}
    for line in body:
        name, rest = line.split(" : " if " : " in line else ": ", 1)
        figures[name.strip()] = rest.split()[0]
    return figures, lines[-1]


def counts():
    picked = set()
    for unit in (10**3, 10**6, 10**9):
        for n in (unit - 1, unit, unit + 1, unit * 1000 - 1):
            picked.add(n)
        # around every rounding edge of the first few figures
        for tenth in range(9990, 10000):
            edge = tenth * unit // 10
            picked.update(range(edge + unit // 20 - 3, edge + unit // 20 + 3))
    picked.update(range(1, 2000))
    rng = random.Random(20261122)
    # rounding edges: counts next to x.x5 of a unit, where %.1f decides
    for unit in (10**3, 10**6, 10**9):
        for tenths in rng.sample(range(10, 10000), 1000):
            edge = tenths * unit // 10 + unit // 20
            picked.update(range(edge - 2, edge + 3))
    while len(picked) < RANDOM_COUNTS:
        picked.add(int(10 ** rng.uniform(0, 12)))
    return sorted(n for n in picked if 1 <= n < 10**12)


def main():
    reference_dir, binary = sys.argv[1], sys.argv[2]
    with open(os.path.join(reference_dir, "seed_output.txt")) as f:
        seed = f.read()
    ours = subprocess.run([binary, "table"], check=True, capture_output=True,
                          text=True).stdout
    if ours != seed:
        print("FAIL: `modelscale table` differs from seed_output.txt")
        print(ours)
        return 1

    module = load_reference(
        os.path.join(reference_dir, "model_scale_comparison.py"))
    all_counts = counts()
    compared = skipped = sentences = 0
    failures = []
    for start in range(0, len(all_counts), BATCH):
        batch = all_counts[start:start + BATCH]
        scales = {f"m{n}": n for n in batch}
        theirs, their_sentence = rows(reference_table(module, scales))
        mine, my_sentence = rows(modelscale_table(binary, scales))
        for name, figure in theirs.items():
            number = figure.rstrip("KMB")
            if float(number) >= 1000:
                skipped += 1
                continue
            compared += 1
            if mine[name] != figure:
                failures.append(f"{name}: reference {figure}, "
                                f"modelscale {mine[name]}")
        if max(batch) / min(batch) >= 10:
            sentences += 1
            if my_sentence != their_sentence:
                failures.append(f"sentence: {their_sentence!r} vs "
                                f"{my_sentence!r}")
    for failure in failures[:20]:
        print("FAIL:", failure)
    print(f"reference: table identical; {compared} counts compared, "
          f"{skipped} skipped (reference number part >= 1000), "
          f"{sentences} scale sentences compared, {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
