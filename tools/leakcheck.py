#!/usr/bin/env python3
"""Leak check of fastwbxml's native core: N cycles of decode + encode of mixed messages.

    python tools/leakcheck.py [--cycles 1000000] [--codec native|python] [--trace-cycles N]

A cycle is: one message (valid, mutated, truncated; as bytes, bytearray or memoryview)
through ``loads_document`` (half the time with ``opaque_memoryview``) and ``dumps``, then
``iterparse`` with ``skip()``, plus every 8th cycle an encode that fails (NUL in a string,
unknown tag, bad text type, a cycle in the tree) and decodes that hit a limit (depth, input
size).  Errors are expected and
caught: their paths must not leak either.

Phase 1 runs all the cycles and reads the RSS (``/proc/self/status``) after a warm-up and
at each tenth; phase 2 runs ``--trace-cycles`` more under tracemalloc and reports what
Python-level memory is still held, with the top allocation sites if it grew.  With a debug
CPython (``sys.gettotalrefcount``) the total reference count is compared too.

Exit status 1 if the RSS grew by more than ``--max-rss-growth-kb`` (default 4096) after the
warm-up, or tracemalloc shows more than ``--max-traced-growth`` bytes (default 65536) kept.
The fastwbxml imported is whatever ``PYTHONPATH`` / the environment gives (print below).
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))

import fastwbxml  # noqa: E402
from fastwbxml import Element, _api  # noqa: E402

import _contract  # noqa: E402


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def messages(seed: int = 5) -> list:
    rng = random.Random(seed)
    valid = [s for s in _contract.seeds("decode") if len(s) < 16384]
    out = list(valid)
    for s in valid:
        for _ in range(4):
            b = bytearray(s)
            for _ in range(rng.randrange(1, 3)):
                op = rng.randrange(3)
                i = rng.randrange(len(b)) if b else 0
                if op == 0 and b:
                    b[i] = rng.randrange(256)
                elif op == 1:
                    b.insert(i, rng.choice([0x00, 0x01, 0x03, 0xC3, 0x7F]))
                elif b:
                    del b[i]
            out.append(bytes(b))
        out.append(s[: rng.randrange(len(s))])
    rng.shuffle(out)
    return out


def bad_trees():
    # (the cyclic ones are built once and live for the whole run: not a per-cycle leak)
    own = Element("AirSync:Sync")
    own.append(own)
    loop = chain = Element("AirSync:Collections")
    for _ in range(80):
        chain.append(Element("AirSync:Collection", None, [Element("AirSync:Status", "1")]))
        chain = chain[-1]
    chain.append(loop)
    return [Element("AirSync:Sync", "a\x00b"), Element("AirSync:NoSuchTag"),
            Element("AirSync:Sync", 12345), Element("AirSync:Sync", "\ud800"),
            Element("AirSync:Sync", None, [Element("AirSync:Status", "1"), "not an element"]),
            own, loop]


def make_cycle(codec, msgs):
    bad = bad_trees()
    wbxml_error = fastwbxml.WBXMLError
    deep = b"\x03\x01\x6a\x00" + b"\x45" * 300 + b"\x01" * 300

    def cycle(i: int) -> None:
        data = msgs[i % len(msgs)]
        k = i % 3
        src = data if k == 0 else bytearray(data) if k == 1 else memoryview(data)
        try:
            doc = codec.loads_document(src, opaque_memoryview=bool(i & 1))
            codec.dumps(doc)
        except wbxml_error:
            pass
        try:
            r = codec.iterparse(src)
            for j, (ev, _) in enumerate(r):
                if ev == "start" and j % 4 == 1:
                    r.skip()
        except wbxml_error:
            pass
        if i % 8 == 0:
            try:
                codec.dumps(bad[i // 8 % len(bad)])
            except wbxml_error:
                pass
            try:
                codec.loads(deep)
            except wbxml_error:
                pass
            try:
                codec.iterparse(src, max_input_len=len(data) - 1)
            except wbxml_error:
                pass
    return cycle


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=1_000_000)
    ap.add_argument("--codec", choices=["native", "python"], default="native")
    ap.add_argument("--warmup", type=int, default=20_000)
    ap.add_argument("--trace-cycles", type=int, default=100_000)
    ap.add_argument("--max-rss-growth-kb", type=int, default=4096)
    ap.add_argument("--max-traced-growth", type=int, default=65536)
    args = ap.parse_args(argv)

    codec = _api.NATIVE if args.codec == "native" else _api.PYTHON
    if codec is None:
        print("leakcheck: the native core is not built/importable", file=sys.stderr)
        return 2
    msgs = messages()
    cycle = make_cycle(codec, msgs)
    total_ref = getattr(sys, "gettotalrefcount", None)
    print(f"leakcheck: fastwbxml from {os.path.dirname(fastwbxml.__file__)}, codec "
          f"{codec.name}, {len(msgs)} messages ({sum(map(len, msgs))} bytes), "
          f"{args.cycles} cycles (+{args.warmup} warm-up, +{args.trace_cycles} traced)")

    for i in range(args.warmup):
        cycle(i)
    gc.collect()
    rss0 = rss_kb()
    objs0 = len(gc.get_objects())
    refs0 = total_ref() if total_ref else None
    t0 = time.time()
    marks = []
    step = max(args.cycles // 10, 1)
    for i in range(args.cycles):
        cycle(i)
        if (i + 1) % step == 0:
            marks.append(rss_kb())
    gc.collect()
    rss1 = rss_kb()
    objs1 = len(gc.get_objects())
    refs1 = total_ref() if total_ref else None
    secs = time.time() - t0
    print(f"phase 1: {args.cycles} cycles in {secs:.1f}s "
          f"({args.cycles / max(secs, 1e-9):,.0f} cycles/s)")
    print(f"  RSS after warm-up {rss0} kB, after {args.cycles} cycles {rss1} kB "
          f"(growth {rss1 - rss0:+d} kB); at each tenth: {marks}")
    print(f"  gc-tracked objects {objs0} -> {objs1} ({objs1 - objs0:+d})")
    if refs0 is not None:
        print(f"  sys.gettotalrefcount {refs0} -> {refs1} ({refs1 - refs0:+d})")

    traced = 0
    if args.trace_cycles:
        tracemalloc.start(8)
        for i in range(2000):  # let tracemalloc's own structures settle
            cycle(i)
        gc.collect()
        snap0 = tracemalloc.take_snapshot()
        base = tracemalloc.get_traced_memory()[0]
        for i in range(args.trace_cycles):
            cycle(i)
        gc.collect()
        traced = tracemalloc.get_traced_memory()[0] - base
        snap1 = tracemalloc.take_snapshot()
        tracemalloc.stop()
        print(f"phase 2: {args.trace_cycles} cycles under tracemalloc: "
              f"{traced:+d} bytes still held")
        if traced > args.max_traced_growth:
            for stat in snap1.compare_to(snap0, "traceback")[:5]:
                print("  ", stat)
                for line in stat.traceback.format()[-6:]:
                    print("     ", line)

    ok = rss1 - rss0 <= args.max_rss_growth_kb and traced <= args.max_traced_growth
    print(f"leakcheck: {'OK' if ok else 'LEAK'} (limits: RSS +{args.max_rss_growth_kb} kB, "
          f"traced +{args.max_traced_growth} bytes)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
