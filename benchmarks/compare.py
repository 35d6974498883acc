"""Compare fastwbxml (native and pure Python) with libwbxml, pyactivesync and the CPython
floor, in one process, interleaved.

    cd /work/main && PYTHONPATH=src python benchmarks/compare.py            # full run
    python benchmarks/compare.py --markdown --output BENCHMARKS.md          # the report
    python benchmarks/compare.py --quick --check                            # CI (~1 min)

Contenders (each one optional; a missing one is reported with its reason):

==============  ========================================================================
native          ``fastwbxml._core`` (``decode``, ``encode``, ``EventReader``)
python          ``fastwbxml._decode_py`` / ``fastwbxml._encode_py``
libwbxml        libwbxml's C tree API through ctypes (``peers/libwbxml.py``)
pyactivesync    pyactivesync's ``WBXMLReader`` / ``WBXMLWriter`` (``peers/pyactivesync.py``)
marshal         ``marshal.loads`` (decode) / ``marshal.dumps`` (encode) of the equivalent
                nested-tuple tree (``floor.py``): the CPython floor
==============  ========================================================================

Operations: ``decode`` (bytes -> tree, the tree freed after each call), ``encode`` (tree ->
bytes, from a tree built beforehand), ``events`` (drain the pull parser with
``collections.deque(EventReader(data), maxlen=0)``).

Method: for each message and operation, every contender's callable is calibrated to a batch
of about ``--batch-ms`` milliseconds; then ``--reps`` rounds run one batch of every
contender, round-robin with a rotating start, with the garbage collector on.  The figure is
the median over rounds of the per-call time.  Ratios compare medians from the same run.

Busy heap (``busyheap.py``): the 1,000-item Sync decoded and encoded by native and libwbxml
again, in a heap of a few hundred thousand GC-tracked objects that an "application" keeps
alive and churns between batches, collector on (and off, for reference); with the
collections each native call sets off.
"""
from __future__ import annotations

import argparse
import collections
import functools
import gc
import itertools
import json
import marshal
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
try:  # the installed package: benchmarks never reach into src/
    import fastwbxml  # noqa: F401
except ImportError as e:
    raise ImportError("fastwbxml is not installed: pip install . (or run with PYTHONPATH=src after python setup.py build_ext --inplace)") from e

import busyheap  # noqa: E402
import corpus as corpus_mod  # noqa: E402
import floor  # noqa: E402
from fastwbxml import _decode_py, _encode_py  # noqa: E402
from fastwbxml import tables as _tables  # noqa: E402
from peers import libwbxml as lw  # noqa: E402
from peers import pyactivesync as pyas  # noqa: E402

try:
    from fastwbxml import _core  # type: ignore[attr-defined]
    NATIVE_REASON = ""
except ImportError as _e:
    _core = None
    NATIVE_REASON = f"fastwbxml._core not importable ({_e}): build it with 'pip install -e .'"

UNAVAILABLE = {"native": NATIVE_REASON, "libwbxml": lw.REASON, "pyactivesync": pyas.REASON}
CONTENDERS = ("native", "python", "libwbxml", "pyactivesync", "marshal")
OPS = ("decode", "encode", "events")
CHECK_MESSAGE = "sync_1000"
CHECK_RATIO = 5.0
# the busy-heap scenario (busyheap.py): CHECK_MESSAGE decoded and encoded in an application's
# heap.  Issue #14's target is >= 3x libwbxml there; --check fails below BUSY_CHECK_RATIO (a
# margin for loaded CI machines, where the allocation-heavy native side suffers more than
# libwbxml's C), or when a native call sets off more than BUSY_MAX_COLLECTIONS collections
# (a count, independent of the machine's load; a GC allocation per element gives ~8).
BUSY_OPS = ("decode", "encode")
BUSY_TARGET = 3.0
BUSY_CHECK_RATIO = 1.5
BUSY_MAX_COLLECTIONS = 0.1

_deque = collections.deque
_LOAD_AT_START = os.getloadavg()[0]


# ------------------------------------------------------------------------------------------
# helpers
def _drain(reader_cls, data):
    _deque(reader_cls(data), 0)


def element_tuple(e):
    """fastwbxml (or native) Element -> comparable tuple."""
    return floor.to_tuple(e)


def deep_size(obj, exclude_ids=frozenset()) -> int:
    """Bytes held by *obj* and everything it references (each object once); types, and the
    objects in *exclude_ids* (the tables' interned tag names), are not counted."""
    seen = set(exclude_ids)
    total = 0
    stack = [obj]
    while stack:
        o = stack.pop()
        i = id(o)
        if i in seen:
            continue
        seen.add(i)
        if isinstance(o, type):
            continue
        total += sys.getsizeof(o)
        if isinstance(o, (str, bytes, int, float, bool)) or o is None:
            continue
        if isinstance(o, memoryview):
            continue
        refs = gc.get_referents(o)
        if not refs and hasattr(o, "tag"):  # an extension type the collector does not track
            # (the native element: its getsizeof counts the decoder's children block; the
            # list that reading its children makes from the block is not part of the result)
            refs = [getattr(o, a, None) for a in ("tag", "text", "_wire")]
            refs += list(o)
        stack.extend(refs)
    return total


def table_tag_ids() -> frozenset:
    return frozenset(id(t) for t in _tables.TAGS)


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        us = seconds * 1e6
        return f"{us:.2f} µs" if us < 10 else f"{us:.1f} µs" if us < 100 else f"{us:.0f} µs"
    if seconds < 1:
        ms = seconds * 1e3
        return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "—"
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "—"
    if n < 1024:
        return f"{n:.0f} B"
    if n < 1024 ** 2:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 1024 ** 2:.1f} MiB"


def fmt_rate(nbytes: int, seconds: float | None) -> str:
    if not seconds:
        return "—"
    mbs = nbytes / seconds / 1e6
    return f"{mbs:,.0f}" if mbs >= 10 else f"{mbs:.1f}"


# ------------------------------------------------------------------------------------------
# machine
def machine_info() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        import Cython
        cython = Cython.__version__
    except ImportError:
        cython = "not installed"
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": fmt_bytes(mem) if mem else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cython": cython,
        "fastwbxml": f"{fastwbxml.__version__} (native core: "
                     f"{'yes' if _core is not None else 'no'})",
        "libwbxml": lw.VERSION if lw.AVAILABLE else f"unavailable: {lw.REASON}",
        "pyactivesync": pyas.VERSION if pyas.AVAILABLE else f"unavailable: {pyas.REASON}",
        "marshal": f"format {marshal.version}",
        "load average (1 min) at start / end": " / ".join(
            f"{x:.2f}" for x in (_LOAD_AT_START, os.getloadavg()[0])),
    }


# ------------------------------------------------------------------------------------------
# setting up the callables
class Case:
    """One message: the data and every contender's prepared objects."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self.data = data
        self.py_root = _decode_py.decode(data)[1][0]
        self.tuple_tree = floor.to_tuple(self.py_root)
        self.marshal_blob = marshal.dumps(self.tuple_tree)
        self.elements = sum(1 for _ in self.py_root.iter())
        self.notes: list = []          # problems found while verifying
        self.unsupported: dict = {}    # (contender, op) -> reason
        self.native_root = None
        self.lw_tree = None

    def callables(self, op: str) -> dict:
        """{contender: zero-argument callable} for *op*, verified once; unsupported
        contenders are recorded in ``self.unsupported``."""
        out = {}
        for c in CONTENDERS:
            try:
                f = getattr(self, f"_{op}_{c}")()
            except Exception as e:  # a peer that cannot handle the message
                self.unsupported[(c, op)] = f"{type(e).__name__}: {e}"
                continue
            if f is not None:
                out[c] = f
        return out

    def callable(self, op: str, contender: str):
        """``(callable, None)``, or ``(None, reason)`` when *contender* is not installed or
        cannot handle this message (the verification failed)."""
        try:
            f = getattr(self, f"_{op}_{contender}")()
        except Exception as e:
            return None, f"{contender} cannot {op} {self.name}: {type(e).__name__}: {e}"
        if f is None:
            return None, UNAVAILABLE.get(contender) or f"{contender} has no {op} operation"
        return f, None

    # decode ---------------------------------------------------------------------------
    def _decode_native(self):
        if _core is None:
            return None
        root = _core.decode(self.data)[1][0]
        if element_tuple(root) != self.tuple_tree:
            raise AssertionError("native decode differs from the pure-Python decode")
        self.native_root = root
        return functools.partial(_core.decode, self.data)

    def _decode_python(self):
        return functools.partial(_decode_py.decode, self.data)

    def _decode_libwbxml(self):
        if not lw.AVAILABLE:
            return None
        tree = lw.decode_tree(self.data)
        back = lw.encode(tree)
        if back != self.data:
            self.notes.append(f"libwbxml: re-encoding its tree of {self.name} gives other "
                              "bytes")
        self.lw_tree = tree
        return functools.partial(lw.make_decoder(), self.data)

    def _decode_pyactivesync(self):
        if not pyas.AVAILABLE:
            return None
        pyas.extend_tables()
        got = pyas.to_tuple(pyas.decode(self.data))
        if got != self.tuple_tree:
            raise AssertionError("pyactivesync decodes a different tree")
        return functools.partial(pyas.make_decoder(), self.data)

    def _decode_marshal(self):
        return functools.partial(marshal.loads, self.marshal_blob)

    # encode ---------------------------------------------------------------------------
    def _encode_native(self):
        if _core is None:
            return None
        root = self.native_root or _core.decode(self.data)[1][0]
        if bytes(_core.encode((root,), 0)) != self.data[4:]:
            raise AssertionError("native encode differs from the message")
        return functools.partial(_core.encode, (root,), 0)

    def _encode_python(self):
        if _encode_py.encode((self.py_root,), 0) != self.data[4:]:
            raise AssertionError("pure-Python encode differs from the message")
        return functools.partial(_encode_py.encode, (self.py_root,), 0)

    def _encode_libwbxml(self):
        if not lw.AVAILABLE:
            return None
        tree = self.lw_tree or lw.decode_tree(self.data)
        self.lw_tree = tree
        if lw.encode(tree) != self.data:
            raise AssertionError("libwbxml encodes other bytes")
        return lw.make_encoder(tree)

    def _encode_pyactivesync(self):
        if not pyas.AVAILABLE:
            return None
        enc = pyas.make_encoder(self.py_root)
        if enc() != self.data:
            raise AssertionError("pyactivesync encodes other bytes")
        return enc

    def _encode_marshal(self):
        return functools.partial(marshal.dumps, self.tuple_tree)

    # events ---------------------------------------------------------------------------
    def _events_native(self):
        if _core is None:
            return None
        if list(_core.EventReader(self.data)) != list(_decode_py.EventReader(self.data)):
            raise AssertionError("native events differ from the pure-Python events")
        return functools.partial(_drain, _core.EventReader, self.data)

    def _events_python(self):
        return functools.partial(_drain, _decode_py.EventReader, self.data)

    def _events_libwbxml(self):
        return None  # its SAX callbacks through ctypes would measure ctypes, not libwbxml

    def _events_pyactivesync(self):
        return None  # no event API

    def _events_marshal(self):
        return None


# ------------------------------------------------------------------------------------------
# timing
def calibrate(f, batch_s: float, max_n: int = 1_000_000) -> int:
    """Calls per batch so that a batch lasts about *batch_s*."""
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in itertools.repeat(None, n):
            f()
        dt = time.perf_counter() - t0
        if dt >= batch_s * 0.2 or n >= max_n:
            if dt <= 0:
                return min(max_n, n * 10)
            return max(1, min(max_n, int(n * batch_s / dt)))
        n *= 10 if dt < batch_s * 0.02 else 2


def run_interleaved(funcs: dict, reps: int, batch_s: float, max_s: float) -> dict:
    """{contender: [seconds per call, one per round]}, rounds interleaved.

    The collector stays on, but what exists before the run (the harness's corpus, trees
    and tuple trees, tens of thousands of objects) is moved to the permanent generation
    with ``gc.freeze()``: otherwise whichever call happens to trigger a full collection
    would also pay for scanning the harness's own objects.
    """
    gc.collect()
    gc.freeze()
    try:
        return _run_interleaved(funcs, reps, batch_s, max_s)
    finally:
        gc.unfreeze()


def _run_interleaved(funcs: dict, reps: int, batch_s: float, max_s: float) -> dict:
    names = list(funcs)
    ns = {c: calibrate(funcs[c], batch_s) for c in names}
    # a contender that needs more than max_s for all rounds gets fewer (at least 3)
    samples = {c: [] for c in names}
    budget_reps = {}
    for c in names:
        t0 = time.perf_counter()
        for _ in itertools.repeat(None, ns[c]):
            funcs[c]()
        per_round = time.perf_counter() - t0
        budget_reps[c] = max(3, min(reps, int(max_s / max(per_round, 1e-9))))
    perf = time.perf_counter
    for r in range(max(budget_reps.values())):
        order = names[r % len(names):] + names[:r % len(names)]
        for c in order:
            if len(samples[c]) >= budget_reps[c]:
                continue
            f, n = funcs[c], ns[c]
            t0 = perf()
            for _ in itertools.repeat(None, n):
                f()
            samples[c].append((perf() - t0) / n)
    return samples


# ------------------------------------------------------------------------------------------
# memory (each measurement in a fresh subprocess)
def _proc_status() -> dict:
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmHWM", "VmRSS")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) * 1024
    return out


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def memory_child(spec: dict) -> dict:
    """Runs in a fresh interpreter: measure one contender on one message."""
    import tracemalloc
    data = corpus_mod.load_corpus(spec["corpus_dir"])[spec["message"]]
    small = corpus_mod.load_corpus(spec["corpus_dir"])["calendar_sync"]
    c, op = spec["contender"], spec["op"]
    res: dict = {"contender": c, "op": op, "message": spec["message"]}
    if c == "libwbxml":
        if not lw.AVAILABLE:
            return {**res, "error": lw.REASON}
        lw.decode_tree(small).close()
        run = lambda: lw.decode_tree(data)  # noqa: E731
        release = lambda t: t.close()  # noqa: E731
    elif c == "marshal":
        # the blob is written by the parent: building it here would leave the freed
        # memory of a decoded tree resident and hide the growth
        with open(os.path.join(spec["corpus_dir"], spec["message"] + ".marshal"), "rb") as f:
            blob = f.read()
        marshal.loads(marshal.dumps(("AirSync:Sync", None, ())))  # warm-up
        run = lambda: marshal.loads(blob)  # noqa: E731
        release = lambda t: None  # noqa: E731
    elif c == "pyactivesync":
        if not pyas.AVAILABLE:
            return {**res, "error": pyas.REASON}
        pyas.extend_tables()
        pyas.decode(small)
        run = lambda: pyas.decode(data)  # noqa: E731
        release = lambda t: None  # noqa: E731
    else:
        mod = _core if c == "native" else _decode_py
        if mod is None:
            return {**res, "error": NATIVE_REASON}
        if op == "events":
            _drain(mod.EventReader, small)
            run = lambda: _drain(mod.EventReader, data)  # noqa: E731
        else:
            mod.decode(small)
            run = lambda: mod.decode(data)  # noqa: E731
        release = lambda t: None  # noqa: E731
    gc.collect()
    # 1) resident memory: peak growth over the resident size before the call
    ok = _reset_hwm()
    before = _proc_status()
    result = run()
    after = _proc_status()
    res["rss_peak_delta"] = after["VmHWM"] - before["VmRSS"] if ok else None
    res["rss_retained"] = after["VmRSS"] - before["VmRSS"]
    if c not in ("libwbxml",) and result is not None:
        res["result_size"] = deep_size(result, table_tag_ids())
    release(result)
    result = None
    gc.collect()
    # 2) Python allocations (tracemalloc), on a second call
    if c != "libwbxml":
        tracemalloc.start()
        tracemalloc.reset_peak()
        result = run()
        res["traced_peak"] = tracemalloc.get_traced_memory()[1]
        result = None
        tracemalloc.stop()
    return res


def measure_memory(corpus_dir: str, jobs: list) -> list:
    out = []
    for job in jobs:
        spec = dict(job, corpus_dir=corpus_dir)
        env = dict(os.environ)
        # the child imports the same fastwbxml as this process (installed or source tree)
        pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(fastwbxml.__file__)))
        env["PYTHONPATH"] = os.pathsep.join(
            [pkg_root, HERE] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        try:
            p = subprocess.run([sys.executable, os.path.abspath(__file__), "--_memory-child",
                                json.dumps(spec)], capture_output=True, text=True, timeout=300,
                               env=env)
            if p.returncode != 0:
                out.append({**job, "error": (p.stderr.strip().splitlines() or ["?"])[-1]})
            else:
                out.append(json.loads(p.stdout.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            out.append({**job, "error": "timeout"})
    return out


# ------------------------------------------------------------------------------------------
# tables
class Table:
    def __init__(self, headers, align=None):
        self.headers = list(headers)
        self.rows = []
        self.align = align or (["l"] + ["r"] * (len(headers) - 1))

    def add(self, row):
        self.rows.append([str(x) for x in row])

    def render(self, markdown: bool) -> str:
        if markdown:
            sep = ["---:" if a == "r" else "---" for a in self.align]
            lines = ["| " + " | ".join(self.headers) + " |", "| " + " | ".join(sep) + " |"]
            lines += ["| " + " | ".join(r) + " |" for r in self.rows]
            return "\n".join(lines)
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
                  for i, h in enumerate(self.headers)]

        def line(cells):
            return "  ".join(c.rjust(w) if a == "r" else c.ljust(w)
                             for c, w, a in zip(cells, widths, self.align))
        return "\n".join([line(self.headers), line(["-" * w for w in widths])]
                         + [line(r) for r in self.rows])


def medians(samples: dict) -> dict:
    return {c: statistics.median(v) for c, v in samples.items() if v}


def ratio(samples: dict, num: str, den: str):
    """time(num) / time(den): the median of the per-round ratios (each round runs both
    contenders back to back, so a ratio is robust to the machine's load changing during
    the run); rounds where only one ran are not paired."""
    a, b = samples.get(num), samples.get(den)
    if not a or not b:
        return None
    pairs = [x / y for x, y in zip(a, b) if y > 0]
    return statistics.median(pairs) if pairs else None


# ------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="short mode for CI: fewer rounds, shorter batches")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 unless native decodes {CHECK_MESSAGE} >= {CHECK_RATIO:g}x "
                         "faster than the pure-Python path (exit 2 without the native core)")
    ap.add_argument("--markdown", action="store_true", help="write Markdown tables")
    ap.add_argument("--output", "-o", help="write the report to this file (default: stdout)")
    ap.add_argument("--json", help="also write the raw results (seconds per call) as JSON")
    ap.add_argument("--messages", help="comma-separated subset of: " + ",".join(corpus_mod.NAMES))
    ap.add_argument("--ops", default=",".join(OPS), help="comma-separated subset of: "
                    + ",".join(OPS))
    ap.add_argument("--reps", type=int, help="rounds per message and operation "
                    "(default 25, quick 11)")
    ap.add_argument("--batch-ms", type=float, help="target batch length (default 15, quick 3)")
    ap.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    ap.add_argument("--no-busy", action="store_true", help="skip the busy-heap scenario")
    ap.add_argument("--_memory-child", dest="memory_child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.memory_child:
        print(json.dumps(memory_child(json.loads(args.memory_child))))
        return 0

    t_start = time.perf_counter()
    if args.check and _core is None:
        print("=" * 78 + "\nFAIL: --check needs the native core, and it is not there:\n  "
              + NATIVE_REASON + "\nThe ratio native / pure Python cannot be checked.\n"
              + "=" * 78, file=sys.stderr)
        return 2
    reps = args.reps or (11 if args.quick else 25)
    batch_s = (args.batch_ms or (3 if args.quick else 15)) / 1000
    max_s = 3.0 if args.quick else 20.0  # cap per contender, message and operation
    names = args.messages.split(",") if args.messages else list(corpus_mod.NAMES)
    if args.check and CHECK_MESSAGE not in names:
        names.append(CHECK_MESSAGE)
    ops = [o for o in args.ops.split(",") if o]
    for o in ops:
        if o not in OPS:
            ap.error(f"unknown operation {o!r}")
    for n in names:
        if n not in corpus_mod.NAMES:
            ap.error(f"unknown message {n!r}")

    log = functools.partial(print, file=sys.stderr, flush=True)
    corpus = corpus_mod.load_corpus()
    cases = {n: Case(n, corpus[n]) for n in names}
    results = {}  # (message, op) -> {contender: [seconds]}
    for n in names:
        case = cases[n]
        for op in ops:
            funcs = case.callables(op)
            log(f"  {n:26s} {op:7s} " + ", ".join(funcs))
            gc.collect()
            r, cap = reps, max_s
            if (n, op) == (CHECK_MESSAGE, "decode"):  # the CI gate: more rounds, even quick
                r, cap = max(reps, 21), max(max_s, 6.0)
            results[(n, op)] = run_interleaved(funcs, r, batch_s, cap)

    busy = None
    if not args.no_busy and CHECK_MESSAGE in names and any(o in ops for o in BUSY_OPS):
        log(f"  busy heap: {CHECK_MESSAGE} in an application's heap ...")
        busy = measure_busy(cases[CHECK_MESSAGE], [o for o in BUSY_OPS if o in ops],
                            max(reps, 21), max(batch_s, 0.015))

    mem = []
    if not args.no_memory and "decode" in ops and CHECK_MESSAGE in names:
        log("  memory (fresh subprocess per contender) ...")
        tmp = tempfile.mkdtemp(prefix="fastwbxml-bench-")
        try:
            corpus_mod.write_corpus(tmp)
            with open(os.path.join(tmp, CHECK_MESSAGE + ".marshal"), "wb") as f:
                f.write(cases[CHECK_MESSAGE].marshal_blob)
            jobs = [{"contender": c, "op": "decode", "message": CHECK_MESSAGE}
                    for c in CONTENDERS if c != "native" or _core is not None]
            ev_msgs = [m for m in ("calendar_sync", "sync_5000_changes", "sync_1000")]
            for c in ("native", "python"):
                if c == "native" and _core is None:
                    continue
                jobs += [{"contender": c, "op": "events", "message": m} for m in ev_msgs]
            mem = measure_memory(tmp, jobs)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - t_start

    report = render(args, cases, results, mem, reps, batch_s, elapsed, busy)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(report + "\n")
        log(f"report written to {args.output}")
    else:
        print(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": machine_info(), "elapsed_s": elapsed,
                       "results": {f"{m}/{op}": v for (m, op), v in results.items()},
                       "busy_heap": busy and {
                           "tracked_objects": busy["tracked"],
                           "results": {f"{op}/gc-{g}": {"seconds": v[0], "collections": v[1]}
                                       for (op, g), v in busy["runs"].items()}},
                       "memory": mem}, f, indent=1)
    log(f"total time {elapsed:.1f} s")

    if args.check:
        r = ratio(results.get((CHECK_MESSAGE, "decode"), {}), "python", "native")
        if r is None:
            print(f"FAIL: no native/python figure for decoding {CHECK_MESSAGE}", file=sys.stderr)
            return 2
        if r < CHECK_RATIO:
            print(f"FAIL: native decodes {CHECK_MESSAGE} only {r:.2f}x faster than the "
                  f"pure-Python path (need >= {CHECK_RATIO:g}x)", file=sys.stderr)
            return 1
        print(f"OK: native decodes {CHECK_MESSAGE} {r:.1f}x faster than the pure-Python path "
              f"(>= {CHECK_RATIO:g}x)", file=sys.stderr)
        failed = check_busy(busy)
        if failed:
            return failed
    return 0


def measure_busy(case, ops, reps, batch_s) -> dict:
    """The busy-heap scenario for *case*: ``{"tracked": n, "calls": {...}, "runs": {(op,
    "on"|"off"): (samples, collections)}}`` (see busyheap.py)."""
    heap = busyheap.AppHeap()
    gc.collect()
    out = {"tracked": busyheap.tracked_objects(), "runs": {}, "calls": {}}
    for op in ops:
        funcs = {c: f for c, f in case.callables(op).items() if c in ("native", "libwbxml")}
        if "native" not in funcs:
            continue
        calls = {c: calibrate(f, batch_s) for c, f in funcs.items()}
        out["calls"][op] = calls
        for mode in ("on", "off"):
            out["runs"][(op, mode)] = busyheap.run_busy(funcs, reps, calls, heap, mode == "on")
    del heap
    gc.collect()
    return out


def check_busy(busy) -> int:
    """--check's busy-heap part: 0 if fine, else the exit status (messages on stderr)."""
    if busy is None:
        return 0
    status = 0
    for op in BUSY_OPS:
        run = busy["runs"].get((op, "on"))
        if run is None:
            print(f"FAIL: no busy-heap figure for native {op} of {CHECK_MESSAGE}",
                  file=sys.stderr)
            status = 1
            continue
        samples, collections = run
        n = sum(collections["native"])
        if n > BUSY_MAX_COLLECTIONS:
            print(f"FAIL: in the busy heap, native {op} of {CHECK_MESSAGE} sets off {n:.2f} "
                  f"garbage collections per call (young/middle/full "
                  f"{'/'.join(f'{x:.2f}' for x in collections['native'])}; need <= "
                  f"{BUSY_MAX_COLLECTIONS:g})", file=sys.stderr)
            status = 1
        else:
            print(f"OK: in the busy heap, native {op} of {CHECK_MESSAGE} sets off {n:.2f} "
                  f"collections per call (<= {BUSY_MAX_COLLECTIONS:g})", file=sys.stderr)
        r = ratio(samples, "libwbxml", "native")
        if r is None:
            print(f"(busy heap: no libwbxml figure for {op}: {lw.REASON or 'unavailable'}; "
                  "ratio not checked)", file=sys.stderr)
        elif r < BUSY_CHECK_RATIO:
            print(f"FAIL: in the busy heap, native {op}s {CHECK_MESSAGE} only {r:.2f}x faster "
                  f"than libwbxml (need >= {BUSY_CHECK_RATIO:g}x; target {BUSY_TARGET:g}x)",
                  file=sys.stderr)
            status = 1
        else:
            print(f"OK: in the busy heap, native {op}s {CHECK_MESSAGE} {r:.2f}x faster than "
                  f"libwbxml (>= {BUSY_CHECK_RATIO:g}x; target {BUSY_TARGET:g}x)",
                  file=sys.stderr)
    return status


def render(args, cases, results, mem, reps, batch_s, elapsed, busy_heap=None) -> str:
    md = args.markdown
    base = "native" if _core is not None else "python"
    others = [c for c in CONTENDERS if c != base]
    out = []
    h = (lambda s, lvl=2: out.append(("#" * lvl + " " + s) if md else s + "\n" + "=" * len(s)))
    h("fastwbxml benchmarks", 1 if md else 2)
    out.append("")
    cmd = "python benchmarks/compare.py " + " ".join(
        a for a in (sys.argv[1:] if sys.argv[0].endswith("compare.py") else []))
    out.append(f"Command: `{cmd.strip()}` — {reps} interleaved rounds, batches of "
               f"~{batch_s * 1e3:g} ms, GC on, medians; total run time {elapsed:.0f} s "
               f"({time.strftime('%Y-%m-%d')}).")
    out.append("")
    info = machine_info()
    t = Table(["machine and versions", ""], ["l", "l"])
    for k, v in info.items():
        t.add([k, v])
    out += [t.render(md), ""]
    busy = max(_LOAD_AT_START, os.getloadavg()[0])
    if busy >= 0.5 * (os.cpu_count() or 1):
        out += [f"The machine was busy during this run (load average up to {busy:.1f} on "
                f"{os.cpu_count()} CPUs): absolute times are inflated and vary from run to "
                "run; the ratios, paired round by round, are much less affected.", ""]
    if _core is None:
        out += [("**" if md else "") + "The native core is not built: the figures below are "
                "for the pure-Python path, and ratios are python vs the others. "
                + NATIVE_REASON + ("**" if md else ""), ""]

    # corpus
    h("Corpus")
    out.append("")
    t = Table(["message", "bytes", "elements", "description"], ["l", "r", "r", "l"])
    for n, case in cases.items():
        t.add([n, f"{len(case.data):,}", f"{case.elements:,}",
               corpus_mod.DESCRIPTIONS[n]])
    out += [t.render(md), ""]

    # one table per operation
    for op, title in (("decode", "Decode to a tree"), ("encode", "Encode a tree"),
                      ("events", "Event stream (pull parser, drained)")):
        rows = [(n, medians(results[(n, op)]), results[(n, op)]) for n in cases
                if (n, op) in results]
        if not rows:
            continue
        present = [c for c in CONTENDERS if any(c in m for _, m, _ in rows)]
        h(title)
        out.append("")
        headers = ["message"] + [f"{c}" for c in present]
        ratio_cols = [c for c in present if c != base]
        headers += [f"{c} / {base}" for c in ratio_cols]
        headers += [f"{base} MB/s", f"{base} calls/s"]
        t = Table(headers)
        for n, med, samp in rows:
            row = [n] + [fmt_time(med.get(c)) for c in present]
            row += [fmt_ratio(ratio(samp, c, base)) for c in ratio_cols]
            b = med.get(base)
            row += [fmt_rate(len(cases[n].data), b), f"{1 / b:,.0f}" if b else "—"]
            t.add(row)
        out += [t.render(md), ""]
        out.append(f"Cells: median time per call. `X / {base}`: X's time divided by "
                   f"{base}'s, the median of the per-round ratios (above 1: {base} is "
                   f"faster). MB/s: message bytes / {base}'s median time.")
        unsupported = [(n, c, why) for n, case in cases.items()
                       for (c, o), why in case.unsupported.items() if o == op]
        for n, c, why in unsupported:
            out.append(f"{'- ' if md else '  '}{c} could not {op} {n}: {why}")
        out.append("")

    if busy_heap and busy_heap["runs"]:
        h(f"Busy heap: {CHECK_MESSAGE} inside an application's heap")
        out.append("")
        out += render_busy(busy_heap, results, md)
        out.append("")

    # targets
    h("Targets (issues #3, #14)")
    out.append("")
    out += render_targets(cases, results, md, busy_heap)
    out.append("")

    # memory
    if mem:
        h(f"Memory: decoding {CHECK_MESSAGE}")
        out.append("")
        t = Table(["contender", "peak RSS growth", "RSS retained by the result",
                   "traced Python peak", "deep size of the result"])
        for m in mem:
            if m.get("op") != "decode":
                continue
            if "error" in m:
                t.add([m["contender"], m["error"], "", "", ""])
                continue
            c_tree = m["contender"] == "libwbxml"
            t.add([m["contender"], fmt_bytes(m.get("rss_peak_delta")),
                   fmt_bytes(m.get("rss_retained")),
                   "n/a (C heap)" if c_tree else fmt_bytes(m.get("traced_peak")),
                   "n/a (C tree)" if c_tree else fmt_bytes(m.get("result_size"))])
        out += [t.render(md), ""]
        out.append(f"Each row runs in a fresh interpreter (after one small warm-up decode). "
                   "Peak RSS growth: VmHWM after the call (reset through "
                   "/proc/self/clear_refs) minus VmRSS before it, so it includes malloc'd C "
                   "memory (libwbxml's tree); RSS retained: what is still resident while the "
                   "result is alive (libwbxml's tree is a C structure); traced Python peak: "
                   "tracemalloc's peak during a second call (Python-allocator memory only); "
                   "deep size: sys.getsizeof over every object reachable from the result "
                   "once, without the tables' shared tag strings. The message itself is "
                   f"{len(cases[CHECK_MESSAGE].data) / 1e6:.2f} MB.")
        out.append("")
        ev = [m for m in mem if m.get("op") == "events"]
        if ev:
            h("Memory: event stream")
            out.append("")
            t = Table(["contender", "message", "message size", "traced Python peak",
                       "peak RSS growth"])
            for m in ev:
                if "error" in m:
                    t.add([m["contender"], m["message"], "", m["error"], ""])
                    continue
                size = len(corpus_mod.load_corpus()[m["message"]])
                t.add([m["contender"], m["message"], fmt_bytes(size),
                       fmt_bytes(m.get("traced_peak")), fmt_bytes(m.get("rss_peak_delta"))])
            out += [t.render(md), ""]
            out.append("Draining the events keeps no tree: the peak stays the same whatever "
                       "the message size.")
            out.append("")
    notes = [x for case in cases.values() for x in case.notes]
    if notes:
        h("Notes")
        out += [f"- {x}" for x in notes]
    return "\n".join(out).rstrip()


def render_busy(busy, results, md) -> list:
    t = Table(["operation", "native", "libwbxml", "libwbxml / native, GC on",
               "libwbxml / native, GC off", "libwbxml / native, clean heap",
               "collections per native call (young / middle / full)",
               "collections per libwbxml call"])
    for op in BUSY_OPS:
        on, off = busy["runs"].get((op, "on")), busy["runs"].get((op, "off"))
        if on is None:
            continue
        med = medians(on[0])
        col = on[1]
        clean = results.get((CHECK_MESSAGE, op), {})
        t.add([op, fmt_time(med.get("native")), fmt_time(med.get("libwbxml")),
               fmt_ratio(ratio(on[0], "libwbxml", "native")),
               fmt_ratio(ratio(off[0], "libwbxml", "native")) if off else "—",
               fmt_ratio(ratio(clean, "libwbxml", "native")),
               " / ".join(f"{x:.2f}" for x in col["native"]),
               f"{sum(col['libwbxml']):.2f}" if "libwbxml" in col else "—"])
    calls = ", ".join(f"{op}: " + ", ".join(f"{c} {n}" for c, n in cs.items())
                      for op, cs in busy["calls"].items())
    return [t.render(md), "",
            f"The same process after the tables above, now with {busy['tracked']:,} GC-tracked "
            f"objects alive and not frozen: an application's {busyheap.BUSY_OBJECTS:,} (dicts "
            "and lists) and everything the harness holds (every message's trees). Before every "
            f"timed batch, untimed, the application replaces {busyheap.BUSY_CHURN:,} of its "
            "objects. Interleaved rounds, medians, ratios paired round by round as above; GC "
            "off is the same run with the collector disabled, for reference; clean heap is "
            "the ratio from the tables above. Collections: those that started while the "
            f"contender's batches ran, per call (calls per batch: {calls}). See "
            "benchmarks/busyheap.py."]


def render_targets(cases, results, md, busy=None) -> list:
    def med(n, op):
        return medians(results.get((n, op), {}))

    def samp(n, op):
        return results.get((n, op), {})

    rows = []
    have = _core is not None

    def add(target, measured, ok):
        status = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        rows.append([target, measured, status])

    base = "native" if have else "python"
    # decode vs libwbxml / pyactivesync on every message
    for peer, need in (("libwbxml", 2.0), ("pyactivesync", 20.0)):
        rs = [(n, ratio(samp(n, "decode"), peer, base)) for n in cases]
        rs = [(n, r) for n, r in rs if r is not None]
        if rs:
            worst = min(rs, key=lambda x: x[1])
            add(f"decode ≥ {need:g}× {peer} on every message",
                f"{base}: worst {fmt_ratio(worst[1])} ({worst[0]})",
                (worst[1] >= need) if have else None)
    if "sync_1000" in cases:
        r = ratio(samp("sync_1000", "decode"), "marshal", base)
        add("decode sync_1000 no slower than marshal.loads",
            f"{base}: marshal time / {base} time = {fmt_ratio(r)}",
            (r >= 1.0) if (have and r is not None) else None)
    rs = [(n, ratio(samp(n, "encode"), "libwbxml", base)) for n in cases]
    rs = [(n, r) for n, r in rs if r is not None]
    if rs:
        worst = min(rs, key=lambda x: x[1])
        add("encode ≥ 2× libwbxml on every message",
            f"{base}: worst {fmt_ratio(worst[1])} ({worst[0]})", (worst[1] >= 2) if have else None)
    if "sendmail_1m" in cases:
        t = med("sendmail_1m", "encode").get(base)
        gbs = len(cases["sendmail_1m"].data) / t / 1e9 if t else None
        add("encode sendmail_1m ≥ 1 GB/s",
            f"{base}: {gbs:.2f} GB/s" if gbs else "—", (gbs >= 1) if (have and gbs) else None)
    if "meetingresponse_request" in cases:
        t = med("meetingresponse_request", "decode").get(base)
        add("decode meetingresponse_request ≥ 1,000,000/s",
            f"{base}: {1 / t:,.0f}/s" if t else "—", (1 / t >= 1e6) if (have and t) else None)
    if "sync_1000" in cases:
        t = med("sync_1000", "events").get(base)
        mbs = len(cases["sync_1000"].data) / t / 1e6 if t else None
        add("event stream over sync_1000 ≥ 500 MB/s",
            f"{base}: {mbs:,.0f} MB/s" if mbs else "—", (mbs >= 500) if (have and mbs) else None)
        r = ratio(samp("sync_1000", "decode"), "python", "native")
        add(f"CI: native ≥ {CHECK_RATIO:g}× python decoding sync_1000",
            fmt_ratio(r) if r else "native core absent", (r >= CHECK_RATIO) if r else None)
    if busy:
        for op in BUSY_OPS:
            run = busy["runs"].get((op, "on"))
            r = ratio(run[0], "libwbxml", "native") if run else None
            if r is not None:
                add(f"busy heap, GC on: {op} {CHECK_MESSAGE} ≥ {BUSY_TARGET:g}× libwbxml (#14)",
                    f"native: {fmt_ratio(r)}", r >= BUSY_TARGET)
            if run:
                n = sum(run[1]["native"])
                add(f"CI: busy heap, native {op} sets off ≤ {BUSY_MAX_COLLECTIONS:g} "
                    "collections per call", f"{n:.2f}", n <= BUSY_MAX_COLLECTIONS)
    t = Table(["target", "measured", "status"], ["l", "l", "l"])
    for r in rows:
        t.add(r)
    lines = [t.render(md)]
    if not have:
        lines += ["", "Statuses are n/a until the native core is built; the measured column "
                  "shows the pure-Python path for orientation."]
    return lines


if __name__ == "__main__":
    sys.exit(main())
