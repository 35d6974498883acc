"""pytest-benchmark suites: ``pytest benchmarks --benchmark-only`` (timings) or
``pytest benchmarks --benchmark-disable`` (each benchmark runs once: a smoke test).

Benchmarks are grouped per operation and message (``decode sync_1000``, ...), so the
contenders of one group are shown side by side; compare with ``--benchmark-compare`` or
read ratios straight from the group's table (``--benchmark-columns=min,median,ops``).
Contenders that are not installed (the native core, libwbxml, pyactivesync) are skipped
with the reason.
"""
from __future__ import annotations

import gc
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
try:  # the installed package: benchmarks never reach into src/
    import fastwbxml  # noqa: F401
except ImportError as e:
    raise ImportError("fastwbxml is not installed: pip install . (or run with PYTHONPATH=src after python setup.py build_ext --inplace)") from e

import pytest  # noqa: E402

import corpus as _corpus  # noqa: E402

MESSAGES = _corpus.NAMES
_cases: dict = {}


def get_case(name: str):
    """The prepared (and verified) contenders for one corpus message, built once."""
    case = _cases.get(name)
    if case is None:
        import compare
        case = _cases[name] = compare.Case(name, _corpus.load_corpus()[name])
    return case


def bench(benchmark, op: str, contender: str, message: str):
    case = get_case(message)
    f, reason = case.callable(op, contender)
    if f is None:
        pytest.skip(reason)
    # the collector stays on, but the session's long-lived objects (every message's trees)
    # go to the permanent generation, so that full collections triggered by the timed
    # code do not scan them (see compare.run_interleaved)
    gc.collect()
    gc.freeze()
    benchmark.group = f"{op} {message}"
    benchmark.extra_info.update(bytes=len(case.data), elements=case.elements)
    benchmark(f)


def pytest_collection_modifyitems(config, items):
    # keep the groups together: message by message, then contender
    order = {m: i for i, m in enumerate(MESSAGES)}

    def key(item):
        cs = getattr(item, "callspec", None)
        if cs is None:
            return (0, 0, "")
        return (order.get(cs.params.get("message"), 99), item.module.__name__,
                cs.params.get("contender", ""))
    items.sort(key=key)
