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

import base64
import binascii
import re
import xml.etree.ElementTree as ET

from . import tables as _t
from .element import Element
from .errors import XMLViewError

__all__ = ["to_xml", "from_xml", "to_etree", "from_etree", "MARKER_NS"]

MARKER_NS = "urn:fastwbxml"
_CONTENT = f"{{{MARKER_NS}}}content"
_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _split(tag):
    if not isinstance(tag, str):
        raise XMLViewError(f"tag must be a str, not {type(tag).__name__}")
    ns, sep, name = tag.partition(":")
    cp = _t.PAGES_BY_NAME.get(ns) if sep else None
    if cp is None:
        raise XMLViewError(f"tag {tag!r} is not 'Page:Name' with a known code page")
    return cp, name


def _marker(e: Element):
    """(marker value or None, text to write)."""
    t = e.text
    if t is None:
        return ("empty" if e.content_bit and not len(e) else None), None
    if isinstance(t, str):
        if t == "":
            return "string", None
        if _XML_BAD.search(t):
            try:
                raw = t.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise XMLViewError(f"{e.tag}: string is not valid Unicode ({exc.reason})") from None
            return "base64", base64.b64encode(raw).decode("ascii")
        return None, t
    return "opaque", base64.b64encode(bytes(t)).decode("ascii")


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


def to_etree(element: Element) -> ET.Element:
    """An ``xml.etree.ElementTree`` tree: tags ``{xmlns}Name``, markers as attributes."""
    def conv(e):
        cp, name = _split(e.tag)
        x = ET.Element(f"{{{cp.xmlns}}}{name}")
        marker, text = _marker(e)
        if marker:
            x.set(_CONTENT, marker)
        x.text = text
        return x

    top = conv(element)
    stack = [(element, top)]
    while stack:
        e, x = stack.pop()
        for c in e:
            cx = conv(c)
            x.append(cx)
            stack.append((c, cx))
    return top


def _tag_of(x) -> str:
    tag = x.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        raise XMLViewError(f"element <{tag}> has no namespace: write it in an EAS namespace "
                           "such as xmlns=\"AirSync:\"")
    uri, _, name = tag[1:].partition("}")
    cp = _t.PAGES_BY_XMLNS.get(uri) or _t.PAGES_BY_NAME.get(uri.rstrip(":"))
    if cp is None:
        raise XMLViewError(f"unknown namespace {uri!r} of <{name}>")
    return f"{cp.name}:{name}"


def from_etree(x) -> Element:
    """The inverse of :func:`to_etree` (also accepts hand-written trees in that form)."""
    def conv(x):
        tag = _tag_of(x)
        for k in x.attrib:
            if k != _CONTENT:
                raise XMLViewError(f"unexpected attribute {k!r} on {tag} (WBXML as EAS uses it "
                                   "has no attributes)")
        marker = x.get(_CONTENT)
        text = x.text
        has_children = len(x) > 0
        if has_children:
            if marker is not None:
                raise XMLViewError(f"{tag}: wbxml:content={marker!r} on an element with children")
            if text is not None and text.strip():
                raise XMLViewError(f"{tag}: text beside child elements (mixed content)")
            return Element(tag)
        if marker is None:
            return Element(tag, text if text else None)
        if marker == "empty":
            if text:
                raise XMLViewError(f"{tag}: wbxml:content=\"empty\" but the element has text")
            return Element(tag, content_bit=True)
        if marker == "string":
            return Element(tag, text or "")
        if marker in ("opaque", "base64"):
            try:
                raw = base64.b64decode("".join((text or "").split()), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise XMLViewError(f"{tag}: invalid base64 ({exc})") from None
            if marker == "opaque":
                return Element(tag, raw)
            try:
                return Element(tag, raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise XMLViewError(f"{tag}: base64 string is not UTF-8 ({exc.reason})") from None
        raise XMLViewError(f"{tag}: unknown wbxml:content value {marker!r}")

    top = conv(x)
    stack = [(x, top)]
    while stack:
        xe, e = stack.pop()
        for cx in xe:
            if cx.tail is not None and cx.tail.strip():
                raise XMLViewError(f"{e.tag}: text beside child elements (mixed content)")
            c = conv(cx)
            e.append(c)
            stack.append((cx, c))
    return top
