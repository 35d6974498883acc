"""A readable, lossless XML view of WBXML trees, and ElementTree conversion.

Each code page is an XML namespace, with the URI EAS uses (``AirSync:``, ``POOMCAL:``,
...) and the usual prefix; the root's page is the default namespace.  What plain XML
cannot say is carried by one attribute in the ``urn:fastwbxml`` namespace
(prefix ``wbxml``)::

    <Status/>                              no content (no content bit)
    <Status wbxml:content="empty"/>        content bit, then END: nothing inside
    <Status wbxml:content="string"/>       an empty inline string (STR_I "")
    <Mime wbxml:content="opaque">TWl...</Mime>   OPAQUE data, base64
    <Data wbxml:content="base64">AQE=</Data>     a string with characters XML 1.0 cannot
                                                 hold (e.g. U+0001), as base64 of its UTF-8

A carriage return is written ``&#13;`` so that it survives XML parsing.  Whitespace between
child elements is layout; the text of an element without children is kept exactly.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ._etree import MARKER_NS
from ._etree import from_etree as _from_etree
from ._etree import marker as _marker
from ._etree import split_tag as _split
from ._etree import to_etree
from ._impl import Element
from .errors import XMLViewError

__all__ = ["to_xml", "from_xml", "to_etree", "from_etree", "MARKER_NS"]

_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def to_xml(element: Element, *, indent: str | None = "  ") -> str:
    """The XML text of *element* (pretty-printed unless ``indent=None``)."""
    used: dict = {}
    markers = False
    for e in element.iter():
        cp, _ = _split(e.tag)
        used[cp.number] = cp
        if e.text is not None or e.content_bit:
            markers = markers or _marker(e)[0] is not None
    root_cp, _ = _split(element.tag)
    decls = [f' xmlns="{root_cp.xmlns}"']
    for num in sorted(used):
        if num != root_cp.number:
            decls.append(f' xmlns:{used[num].prefix}="{used[num].xmlns}"')
    if markers:
        decls.append(f' xmlns:wbxml="{MARKER_NS}"')
    out: list = []
    nl = "" if indent is None else "\n"

    def name_of(e):
        cp, name = _split(e.tag)
        return name if cp.number == root_cp.number else f"{cp.prefix}:{name}"

    # iterative, to cope with deep trees
    stack = [(element, 0, False)]
    first = True
    while stack:
        e, level, closing = stack.pop()
        pad = "" if indent is None else indent * level
        n = name_of(e)
        if closing:
            out.append(f"{pad}</{n}>{nl}")
            continue
        attrs = "".join(decls) if first else ""
        first = False
        marker, text = _marker(e)
        if marker:
            attrs += f' wbxml:content="{marker}"'
        if len(e):
            out.append(f"{pad}<{n}{attrs}>{nl}")
            stack.append((e, level, True))
            for c in reversed(list(e)):
                stack.append((c, level + 1, False))
        elif text is None:
            out.append(f"{pad}<{n}{attrs}/>{nl}")
        else:
            out.append(f"{pad}<{n}{attrs}>{text.translate(_ESC)}</{n}>{nl}")
    return "".join(out)


def from_xml(text) -> Element:
    """Parse XML written by :func:`to_xml` (or by hand, in the same form) into an Element."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise XMLViewError(f"not well-formed XML: {exc}") from None
    except (LookupError, ValueError) as exc:  # unknown or unusable encoding declaration
        raise XMLViewError(f"cannot read the XML: {exc}") from None
    return from_etree(root)


def from_etree(x) -> Element:
    """The inverse of :func:`to_etree` (also accepts hand-written trees in that form)."""
    return _from_etree(x, Element)
