#!/usr/bin/env python3
"""Instruction counts (valgrind callgrind: deterministic, whatever else the machine does) of
decoding inputs of size n and 4n, per shape and codec: linear code gives a ratio of ~4,
quadratic ~16.  Paths: ``loads``, ``skip`` (the pull parser skipping the root) and
``roundtrip`` (``dumps(loads(x))``, so the encoder too).

    python tools/linearity.py [--n 20000] [--codec native|python|both] [--bound 6]

Exit status 1 if any ratio reaches ``--bound`` (default 6: linear work gives 4, plus a
little for the allocator; quadratic gives 16).  CI runs it for the native core; the Python
core is checked the same way, in opcodes, by tests/test_hardening.py.

Instruction counts do not see the time the kernel spends faulting in fresh pages, but the
allocator's own code path still differs between heap and mmap'd blocks, so every run fixes
glibc's mmap threshold at its maximum (32 MiB, ``GLIBC_TUNABLES``, which also switches off
its dynamic adjustment) and refuses sizes whose largest input would cross it: the n and the
4n input are on the same side of every allocator threshold.

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
MMAP_THRESHOLD = 32 << 20  # glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit
ENV = {"PYTHONMALLOC": "malloc", "PYTHONHASHSEED": "0",
       "GLIBC_TUNABLES": f"glibc.malloc.mmap_threshold={MMAP_THRESHOLD}"}


def child(shape: str, n: int, codec_name: str, what: str) -> None:
    from fastwbxml import _api
    codec = _api.NATIVE if codec_name == "native" else _api.PYTHON
    data = SHAPES[shape](n)

    def measured():
        if what == "loads":
            return codec.loads(data, **OPTS)
        if what == "roundtrip":
            return codec.dumps(codec.loads(data, **OPTS))
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
                env=dict(os.environ, **ENV))
            text = open(out).read()
            m = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
            totals.append(int(m.group(1)))
        return totals[0] - totals[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--codec", default="both")
    ap.add_argument("--bound", type=float, default=6.0)
    ap.add_argument("--child", nargs=4)
    args = ap.parse_args()
    if args.child:
        shape, n, codec, what = args.child
        child(shape, int(n), codec, what)
        return 0
    for shape, make in SHAPES.items():
        # the 4n input (and a copy of it, e.g. one string) below the fixed mmap threshold
        if len(make(4 * args.n)) * 2 >= MMAP_THRESHOLD:
            ap.error(f"--n {args.n}: the {shape} input would cross the mmap threshold")
    codecs = ["native", "python"] if args.codec == "both" else [args.codec]
    worst = 0.0
    print(f"{'codec':7} {'path':9} {'shape':14} {'instr(n)':>14} {'instr(4n)':>14} ratio")
    for codec in codecs:
        for what in ("loads", "skip", "roundtrip"):
            for shape in SHAPES:
                n = args.n if codec == "native" else max(args.n // 4, 1000)
                a, b = count(shape, n, codec, what), count(shape, 4 * n, codec, what)
                ratio = b / max(a, 1)
                worst = max(worst, ratio)
                print(f"{codec:7} {what:9} {shape:14} {a:14,d} {b:14,d} {ratio:5.2f}")
    ok = worst < args.bound
    print(f"worst ratio {worst:.2f} (linear 4, quadratic 16; bound {args.bound:g}): "
          f"{'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
