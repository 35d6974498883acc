"""Protocol versions as the bindings see them: names, ranges, and how a range is worded.

EAS names its versions ``"12.1"``, ``"14.0"``, ``"14.1"``, ``"16.0"``, ``"16.1"``; the code
page tables (:mod:`fastwbxml.tables`) know which tags each one has.  A binding field may
narrow its tag's range for one context (``since`` / ``until``), and a value of an enum may
appear later than its tag; this module holds the two comparisons every such check makes
(:func:`check_version_name` and :func:`in_range`) and the one sentence that tells the user
where a tag exists (:func:`range_text`), so that every :class:`VersionError` reads alike.

It imports nothing of :mod:`fastwbxml.eas` but its errors: the value converters and the
binding machinery both build on it.
"""
from __future__ import annotations

from .. import tables
from .errors import EASValueError

__all__ = ["check_version_name", "in_range", "range_text"]


def check_version_name(version: str) -> str:
    """Return *version* if EAS defines it, else raise :class:`EASValueError`."""
    try:
        tables.version_key(version)
    except ValueError as exc:
        raise EASValueError(str(exc)) from None
    return version


def in_range(version: str, since: str | None, until: str | None) -> bool:
    """Whether *version* lies in ``since .. until`` (``None``: open on that side)."""
    v = tables.version_key(version)
    if since is not None and v < tables.version_key(since):
        return False
    return until is None or v <= tables.version_key(until)


def range_text(tag: str, since: str | None = None, until: str | None = None) -> str:
    """Where *tag* exists, from the tables narrowed by a field's *since* / *until*."""
    info = tables.tag_info(tag)
    first = max((s for s in (info.since, since) if s), key=tables.version_key)
    ends = [u for u in (info.until, until) if u]
    last = min(ends, key=tables.version_key) if ends else None
    return f"it exists in {first}" + (f" to {last}" if last else " and later")
