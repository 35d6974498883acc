"""The "busy heap" scenario: codecs timed inside an application's heap, garbage collector on.

compare.py's main tables are measured in a clean heap: before each run, what the harness
holds goes to the permanent generation (``gc.freeze()``), so no collection scans it.  A real
application is not like that.  It keeps its own objects alive -- hundreds of thousands of
GC-tracked dicts, lists and instances -- and keeps replacing some of them.  CPython's
collector is generational and is set off by allocations: every allocation of a tracked
object (a list, a dict, a tuple, an instance) counts towards the next young collection,
every 10th young collection is a middle one, and every 10th middle one becomes a full
collection -- which traverses every tracked object of the process -- once the objects that
reached the old generation since the last full one are a quarter of those that were there.
The application's own turnover fills that quota; whichever code then allocates at the
wrong moment pays for the full collection.  A decoder that makes a tracked object per
element (a children list, say) sets off several young collections per large message, so it
keeps drawing those bills; one that makes none sets off none.

:class:`AppHeap` is such an application: ``BUSY_OBJECTS`` tracked objects kept alive (records
of a dict and a list), in addition to everything the harness itself holds (every message's
trees, not frozen here), and before every timed batch -- outside the timing -- it replaces
``BUSY_CHURN`` of its objects, as an application updating its state between requests.
:func:`run_busy` times the contenders in interleaved rounds in that heap, with the collector
on (or off, for reference), and counts the collections that start while each contender's
batch runs: a figure that, unlike the times, does not depend on how busy the machine is.
"""
from __future__ import annotations

import gc
import itertools
import time

BUSY_OBJECTS = 300_000  # tracked objects the application keeps alive
BUSY_CHURN = 10_000     # of which it replaces this many before every timed batch


class AppHeap:
    """An application's long-lived state: *objects* GC-tracked objects, kept alive."""

    def __init__(self, objects: int = BUSY_OBJECTS, churn: int = BUSY_CHURN):
        self.records = [{"id": i, "flags": [i]} for i in range(objects // 2)]
        self.churn_records = churn // 2
        self._next = 0

    def churn(self) -> None:
        """Replace some records with new ones (what an application does between calls)."""
        recs, n = self.records, len(self.records)
        j = self._next
        for _ in itertools.repeat(None, self.churn_records):
            recs[j] = {"id": j, "flags": [j]}
            j = j + 1 if j + 1 < n else 0
        self._next = j


def tracked_objects() -> int:
    return len(gc.get_objects())


def run_busy(funcs: dict, reps: int, calls: dict, heap: AppHeap, gc_on: bool = True):
    """Time *funcs* ({contender: callable}) in *heap*: *reps* rounds, each one batch of
    ``calls[contender]`` calls per contender, the order rotating from round to round, the
    heap churned (untimed) before every batch.  Returns ``(samples, collections)``:
    ``{contender: [seconds per call, one per round]}`` and ``{contender: [young, middle,
    full]}``, the collections started during that contender's batches, per call."""
    names = list(funcs)
    samples = {c: [] for c in names}
    started = {c: [0, 0, 0] for c in names}
    current = [None]

    def on_gc(phase, info):
        if phase == "start" and current[0] is not None:
            started[current[0]][info["generation"]] += 1

    was_on = gc.isenabled()
    gc.callbacks.append(on_gc)
    (gc.enable if gc_on else gc.disable)()
    perf = time.perf_counter
    try:
        for r in range(reps):
            for c in names[r % len(names):] + names[:r % len(names)]:
                heap.churn()
                f, n = funcs[c], calls[c]
                current[0] = c
                t0 = perf()
                for _ in itertools.repeat(None, n):
                    f()
                dt = perf() - t0
                current[0] = None
                samples[c].append(dt / n)
    finally:
        (gc.enable if was_on else gc.disable)()
        gc.callbacks.remove(on_gc)
    total = {c: reps * calls[c] for c in names}
    return samples, {c: [k / total[c] for k in started[c]] for c in names}
