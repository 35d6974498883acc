"""The page-switch record: SWITCH_PAGE tokens that a writer would not have written.

A WBXML writer switches code page only when the next tag lives on another page.  Some EAS
clients write more: a switch to the page already current, two switches in a row, a switch
right before a string or an END (which need no page).  Decoding them away would make
``dumps(loads(x)) != x``; so the decoder records them on the element they precede, in its
``_wire`` slot, and the encoders write them back from there.

``_wire`` is ``None`` (the common case: nothing to replay) or a :class:`Wire` with three
fields, each ``None`` or a tuple of page numbers, the operands of the switches in the order
they were read:

* ``before_tag``: switches right before the element's own tag token.  They are recorded only
  when they are *redundant*, i.e. when the encoder would not write them by itself: more than
  one switch, or a single switch to the page that was already current
  (:func:`keep_before_tag`).  A single switch to another page is the normal way to reach
  the tag's page; the encoder writes it anyway, so it is not recorded.  When a record is
  replayed its last page must be the tag's page (else ``EncodeError``).
* ``before_text``: switches between the tag and its STR_I/OPAQUE content.  A string needs
  no page, so every such switch is redundant and always recorded.
* ``before_end``: switches right before the element's END; likewise always recorded.

The Python decoder (``_decode_py.decode``) and the native one keep to this rule; the tree
decoders record, the event readers do not (events carry no page).  The native core stores
the same :class:`Wire` objects, so the differential tests compare records field for field.

This module imports nothing.
"""
from __future__ import annotations

from typing import NamedTuple, Optional, Tuple

__all__ = ["Wire", "keep_before_tag", "set_wire"]

Pages = Optional[Tuple[int, ...]]


class Wire(NamedTuple):
    """Recorded SWITCH_PAGE operands around one element (see the module doc)."""
    before_tag: Pages = None   #: redundant switches before the tag token
    before_text: Pages = None  #: switches between the tag and its text
    before_end: Pages = None   #: switches before the END token


def keep_before_tag(pending, before: int) -> bool:
    """Whether the switches *pending* before a tag (read while *before* was the current
    page) are recorded: only when they are redundant."""
    return len(pending) != 1 or pending[0] == before


def set_wire(wire, slot: int, pending) -> Wire:
    """*wire* (a :class:`Wire` or ``None``) with field number *slot* set to *pending*."""
    w = list(wire) if wire is not None else [None, None, None]
    w[slot] = tuple(pending)
    return Wire(*w)
