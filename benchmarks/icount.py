#!/usr/bin/env python3
"""Instruction counts (valgrind callgrind) per call of the native core's decode, encode and
event stream over ``sync_1000``, in a clean heap and in compare.py's busy heap.

    python benchmarks/icount.py [REPS] [clean,busy]

Times on a shared machine move by tens of percent; instruction counts do not.  Each figure
is the difference of two callgrind runs of this script in ``--child`` mode, divided by
REPS (default 10): one that runs the operation REPS times, one that does everything else
(imports, corpus, warm-up, and in the busy heap ``busyheap.AppHeap`` with its churn before
every call).  Both runs churn the same way, so the garbage collections that an operation
sets off -- and the traversals of the application's objects they do -- count in its figure.
Counts do not see cache misses, which is where a full collection of a large heap costs
most: compare.py's busy-heap table gives the times.  Needs valgrind; ``PYTHONHASHSEED=0``.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OPS = ("decode", "encode", "events")


def child(op: str, reps: int, heap: str) -> None:
    sys.path.insert(0, HERE)
    import collections
    import gc

    import busyheap
    import corpus
    from fastwbxml import _core
    data = corpus.load_corpus()["sync_1000"]
    root = _core.decode(data)[1][0]
    _core.decode(data)
    _core.encode((root,), 0)
    collections.deque(_core.EventReader(data), 0)
    app = busyheap.AppHeap() if heap == "busy" else None
    gc.collect()
    f = {"decode": lambda: _core.decode(data), "encode": lambda: _core.encode((root,), 0),
         "events": lambda: collections.deque(_core.EventReader(data), 0),
         "none": lambda: None}[op]
    for _ in range(reps):
        if app is not None:
            app.churn()
        f()


def total(op: str, reps: int, heap: str, tmp: str) -> int:
    out = os.path.join(tmp, "cg.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    sys.executable, os.path.abspath(__file__), "--child", op, str(reps), heap],
                   check=True, capture_output=True, env=dict(os.environ, PYTHONHASHSEED="0"))
    with open(out) as f:
        return int(re.search(r"^(?:summary|totals): (\d+)", f.read(), re.M).group(1))


def main(argv) -> int:
    if argv and argv[0] == "--child":
        child(argv[1], int(argv[2]), argv[3])
        return 0
    reps = int(argv[0]) if argv else 10
    heaps = argv[1].split(",") if len(argv) > 1 else ["clean", "busy"]
    with tempfile.TemporaryDirectory() as tmp:
        for heap in heaps:
            base = total("none", reps, heap, tmp)
            for op in OPS:
                n = (total(op, reps, heap, tmp) - base) / reps
                print(f"{heap:6s} {op:7s} {n / 1e6:8.2f} M instructions/call", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
