"""Conversion between WBXML trees and ``xml.etree.ElementTree`` trees.

A code page is an XML namespace: ``AirSync:Sync`` becomes ``{AirSync:}Sync`` (the URI EAS
uses for the page).  What ElementTree cannot say about a WBXML element is carried by one
attribute in the ``urn:fastwbxml`` namespace, ``content`` (see :mod:`fastwbxml.xmlview` for
the values): an empty string, the content bit without content, OPAQUE data (base64), a
string XML 1.0 cannot hold (base64 of its UTF-8).  Both directions walk the tree with an
explicit stack, so a deep tree costs no recursion.

:func:`to_etree` reads any element class; :func:`from_etree` builds the class it is given,
so this module needs no element class and imports only the tables and the errors: the
Python ``Element`` (``_element_py``) uses it for its ``to_etree``/``from_etree`` methods and
``fastwbxml.xmlview`` for the public functions.
"""
from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET

from . import tables as _t
from .errors import XMLViewError

__all__ = ["to_etree", "from_etree", "MARKER_NS", "split_tag", "marker"]

MARKER_NS = "urn:fastwbxml"
_CONTENT = f"{{{MARKER_NS}}}content"
_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _split(tag):
    if not isinstance(tag, str):
        raise XMLViewError(f"tag must be a str, not {type(tag).__name__}")
    ns, sep, name = tag.partition(":")
    cp = _t.PAGES_BY_NAME.get(ns) if sep else None
    if cp is None:
        raise XMLViewError(f"tag {tag!r} is not 'Page:Name' with a known code page")
    return cp, name


def _marker(e):
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


def to_etree(element) -> ET.Element:
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


def from_etree(x, element_class):
    """The inverse of :func:`to_etree` (also accepts hand-written trees in that form): a tree
    of *element_class*."""
    Element = element_class
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


split_tag = _split
marker = _marker
