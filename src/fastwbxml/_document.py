"""``Document``: a message's root element together with the header it came with.

``loads`` accepts only EAS's header (``03 01 6A 00``) and returns the bare root; a message
with any other WBXML 1.1-1.3 UTF-8 header is read with ``loads_document``, which returns
this pair so that ``dumps`` can write the same header back.  Both implementations build the
same class, so a ``Document`` never says which core made it.

This module imports nothing (the field types are named, not imported, to keep it a leaf).
"""
from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Document"]


class Document(NamedTuple):
    """A message with its header, from :func:`loads_document`; :func:`dumps` writes both."""
    header: Any  #: a :class:`fastwbxml.Header`
    root: Any    #: an :class:`fastwbxml.Element`
