"""Adapters for the libraries fastwbxml is compared with (benchmarks only).

Each adapter module exposes ``AVAILABLE`` (bool), ``REASON`` (why not, when unavailable),
``VERSION`` and a small API the benchmarks drive; see each module.
"""
