"""The pure-Python encoder: the reference implementation and the fallback."""
from __future__ import annotations

from . import tables as _t
from ._header import encode_mb_u_int32
from .element import Element
from .errors import EncodeError

_TAG_CODES = _t.TAG_CODES


def element_path(chain: list) -> str:
    return "/".join(e.tag if isinstance(getattr(e, "tag", None), str) else repr(getattr(e, "tag", e))
                    for e in chain)


def tag_code(e, chain) -> int:
    code = _TAG_CODES.get(e.tag) if type(e.tag) is str else None
    if code is None:
        try:
            code = _t.tag_code(e.tag)
        except KeyError as exc:
            raise EncodeError(str(exc.args[0]), None, element_path(chain)) from None
    return code


def encode(roots, initial_page: int = 0) -> bytes:
    """Encode a sequence of elements (the body); return the bytes (no header).

    Validates everything before anything is returned: on error nothing is written.
    """
    out = bytearray()
    cur = initial_page
    # stack of (element, iterator over children or None); iterative to allow deep trees
    for root in roots:
        if not isinstance(root, Element):
            raise EncodeError(f"expected an Element, got {type(root).__name__}", None, "")
        stack = [(root, None)]
        chain = [root]
        cur = _start(out, root, cur, chain)
        if root.content_bit:
            stack[-1] = (root, iter(root._children or ()))
        else:
            continue
        while stack:
            e, it = stack[-1]
            child = next(it, None)
            if child is not None:
                if not isinstance(child, Element):
                    raise EncodeError(f"child of type {type(child).__name__} is not an Element",
                                      None, element_path(chain))
                chain.append(child)
                cur = _start(out, child, cur, chain)
                if child.content_bit:
                    stack.append((child, iter(child._children or ())))
                else:
                    chain.pop()
                continue
            w = e._wire
            if w is not None and w[2]:
                for p in w[2]:
                    out += b"\x00" + bytes((p,))
                cur = w[2][-1]
            out.append(0x01)
            stack.pop()
            chain.pop()
    return bytes(out)


def _start(out: bytearray, e: Element, cur: int, chain: list) -> int:
    code = tag_code(e, chain)
    page = code >> 8
    w = e._wire
    if w is not None and w[0]:
        for p in w[0]:
            out += b"\x00" + bytes((p,))
        if w[0][-1] != page:
            raise EncodeError(f"recorded page switches end on page {w[0][-1]}, not the tag's "
                              f"page {page}", None, element_path(chain))
        cur = page
    elif page != cur:
        out.append(0x00)
        out.append(page)
        cur = page
    text = e.text
    if text is not None and type(text) is not str and isinstance(text, str):
        text = str(text)  # a str subclass: write its plain string value
    if text is None:
        out.append((code & 0x3F) | (0x40 if (e._cb or e._children) else 0))
        return cur
    if e._children:
        raise EncodeError("element has both text and children (EAS has no mixed content)",
                          None, element_path(chain))
    out.append((code & 0x3F) | 0x40)
    if w is not None and w[1]:
        for p in w[1]:
            out += b"\x00" + bytes((p,))
        cur = w[1][-1]
    if type(text) is str:
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise EncodeError(f"string is not encodable as UTF-8 ({exc.reason} at index "
                              f"{exc.start})", None, element_path(chain)) from None
        if b"\0" in raw:
            raise EncodeError(f"string contains NUL at index {text.index(chr(0))}; WBXML "
                              "inline strings cannot hold NUL (use bytes for opaque data)",
                              None, element_path(chain))
        out.append(0x03)
        out += raw
        out.append(0x00)
    else:
        try:
            mv = memoryview(text)
        except TypeError:
            raise EncodeError(f"text must be str (string) or a bytes-like object (opaque), not "
                              f"{type(text).__name__}", None, element_path(chain)) from None
        if not mv.c_contiguous:
            raise EncodeError("opaque buffer is not contiguous", None, element_path(chain))
        if mv.ndim != 1 or mv.itemsize != 1:
            mv = mv.cast("B")
        out.append(0xC3)
        out += encode_mb_u_int32(mv.nbytes)
        out += mv
    return cur
