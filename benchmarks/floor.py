"""The CPython floor: ``marshal.loads`` of a nested-tuple tree equivalent to a message.

A decoded message is, at the least, one Python object per element plus its text; the
cheapest way CPython has to build such a structure from bytes is ``marshal.loads`` (C code,
no per-object Python calls).  The equivalent of an element is ``(tag, text_or_None,
(children...))`` with ``tag`` the "Page:Name" string, ``text`` a ``str`` or ``bytes``.
``marshal.dumps`` shares equal tag strings through references (they are interned), as
the decoders share the interned tag names of the tables.
"""
from __future__ import annotations

import marshal
import sys

__all__ = ["to_tuple", "dumps", "loads", "MARSHAL_VERSION"]

MARSHAL_VERSION = marshal.version


def to_tuple(element) -> tuple:
    """fastwbxml Element -> ``(tag, text_or_None, (children...))``, iteratively."""
    def conv(e):
        text = e.text
        if text is not None and not isinstance(text, (str, bytes)):
            text = bytes(text)
        return (sys.intern(e.tag), text, tuple(conv(c) for c in e))
    if _depth(element) < 200:
        return conv(element)
    raise ValueError("tree too deep for the floor conversion")


def _depth(e, d=0) -> int:
    best = d
    stack = [(e, d)]
    while stack:
        e, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in e)
    return best


def dumps(element) -> bytes:
    """The marshal blob whose ``loads`` time is the floor for decoding *element*'s message."""
    return marshal.dumps(to_tuple(element), MARSHAL_VERSION)


loads = marshal.loads
