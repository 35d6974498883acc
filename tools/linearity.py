#!/usr/bin/env python3
"""Instruction counts (valgrind callgrind: deterministic, whatever else the machine does) of
decoding inputs of size n and 4n, per shape and codec: linear code gives a ratio of ~4,
quadratic ~16.

    python tools/linearity.py [--n 20000] [--codec native|python|both]

Each measurement is the difference of two ``valgrind --tool=callgrind`` runs of this script
in ``--child`` mode (``PYTHONHASHSEED=0``): one that builds the input and decodes it, one
that only builds the input.  Needs valgrind; the fastwbxml imported is whatever the
environment gives.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile

H = b"\x03\x01\x6a\x00"
SHAPES = {
    "deep": lambda n: H + b"\x45" * n + b"\x01" * n,
    "tiny-elements": lambda n: H + b"\x45" + b"\x0e" * n + b"\x01",
    "tiny-strings": lambda n: H + b"\x45" + b"\x4e\x03x\x00\x01" * n + b"\x01",
    "big-string": lambda n: H + b"\x45\x4e\x03" + b"ab" * (n * 8) + b"\x00\x01\x01",
    "page-switches": lambda n: H + b"\x00\x00" * n + b"\x05",
}
OPTS = {"max_depth": 10**8, "max_elements": 10**8}


def child(shape: str, n: int, codec_name: str, what: str) -> None:
    from fastwbxml import _api
    codec = _api.NATIVE if codec_name == "native" else _api.PYTHON
    data = SHAPES[shape](n)

    def measured():
        if what == "loads":
            return codec.loads(data, **OPTS)
        if what == "skip":
            r = codec.iterparse(data, **OPTS)
            next(r)
            r.skip()
            return list(r)
        return None  # the baseline: everything but the decode
    codec.loads(H + b"\x45\x4e\x03x\x00\x01\x01")  # warm what every run shares
    measured()


def count(shape, n, codec, what) -> int:
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        totals = []
        for w in (what, "none"):
            subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                 sys.executable, os.path.abspath(__file__), "--child", shape, str(n), codec, w],
                check=True, capture_output=True,
                env=dict(os.environ, PYTHONMALLOC="malloc", PYTHONHASHSEED="0"))
            text = open(out).read()
            m = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
            totals.append(int(m.group(1)))
        return totals[0] - totals[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--codec", default="both")
    ap.add_argument("--child", nargs=4)
    args = ap.parse_args()
    if args.child:
        shape, n, codec, what = args.child
        child(shape, int(n), codec, what)
        return 0
    codecs = ["native", "python"] if args.codec == "both" else [args.codec]
    worst = 0.0
    print(f"{'codec':7} {'path':9} {'shape':14} {'instr(n)':>14} {'instr(4n)':>14} ratio")
    for codec in codecs:
        for what in ("loads", "skip"):
            for shape in SHAPES:
                n = args.n if codec == "native" else max(args.n // 4, 1000)
                a, b = count(shape, n, codec, what), count(shape, 4 * n, codec, what)
                ratio = b / max(a, 1)
                worst = max(worst, ratio)
                print(f"{codec:7} {what:9} {shape:14} {a:14,d} {b:14,d} {ratio:5.2f}")
    print(f"worst ratio {worst:.2f} (linear 4, quadratic 16)")
    return 0 if worst < 6 else 1


if __name__ == "__main__":
    sys.exit(main())
