"""The pure-Python encoder: the reference implementation and the fallback."""
from __future__ import annotations

from . import element as _element
from . import tables as _t
from ._decode_py import Document
from ._header import EAS_HEADER, EAS_HEADER_BYTES, Header, encode_header, encode_mb_u_int32
from .errors import EncodeError

_TAG_CODES = _t.TAG_CODES


def element_path(chain: list) -> str:
    return "/".join(e.tag if isinstance(getattr(e, "tag", None), str) else repr(getattr(e, "tag", e))
                    for e in chain)


# Below this depth a tree cannot hold a cycle unnoticed for long: from it on, both encoders
# keep the ids of the open elements in a set, and an element that is its own ancestor (a
# tree that would encode forever) is an EncodeError.  Shallower trees (all real EAS
# messages) pay nothing.
CYCLE_CHECK_DEPTH = 64


def cycle_error(chain: list) -> EncodeError:
    return EncodeError("the tree has a cycle: this element is its own ancestor", None,
                       element_path(chain))


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
    Element = _element.ELEMENT_TYPES
    # stack of (element, iterator over children or None); iterative to allow deep trees
    for root in roots:
        if not isinstance(root, Element):
            raise EncodeError(f"expected an Element, got {type(root).__name__}", None, "")
        stack = [(root, None)]
        chain = [root]
        on_path = None  # ids of the open elements, from CYCLE_CHECK_DEPTH on
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
                    if child._children:  # (only an element with children can recur)
                        if on_path is None and len(stack) >= CYCLE_CHECK_DEPTH:
                            on_path = {id(x) for x, _ in stack}
                        if on_path is not None:
                            if id(child) in on_path:
                                raise cycle_error(chain)
                            on_path.add(id(child))
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
            if on_path is not None:
                on_path.discard(id(e))
    return bytes(out)


def _start(out: bytearray, e, cur: int, chain: list) -> int:
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
        out.append(0x03)
        out += utf8(text, chain)
        out.append(0x00)
    else:
        mv = opaque_view(text, chain)
        out.append(0xC3)
        out += encode_mb_u_int32(mv.nbytes)
        out += mv
    return cur


def utf8(text: str, chain: list) -> bytes:
    """The UTF-8 of an inline string; EncodeError if it cannot be one."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EncodeError(f"string is not encodable as UTF-8 ({exc.reason} at index "
                          f"{exc.start})", None, element_path(chain)) from None
    if b"\0" in raw:
        raise EncodeError(f"string contains NUL at index {text.index(chr(0))}; WBXML "
                          "inline strings cannot hold NUL (use bytes for opaque data)",
                          None, element_path(chain))
    return raw


def opaque_view(text, chain: list) -> memoryview:
    """A flat byte view of opaque *text*; EncodeError if it is not a contiguous buffer."""
    try:
        mv = memoryview(text)
    except TypeError:
        raise EncodeError(f"text must be str (string) or a bytes-like object (opaque), not "
                          f"{type(text).__name__}", None, element_path(chain)) from None
    if not mv.c_contiguous:
        raise EncodeError("opaque buffer is not contiguous", None, element_path(chain))
    if mv.ndim != 1 or mv.itemsize != 1:
        mv = mv.cast("B")
    return mv


def header_bytes(h: Header) -> bytes:
    """The bytes of a :class:`Header` to write; EncodeError for one fastwbxml cannot write."""
    if h == EAS_HEADER:
        return EAS_HEADER_BYTES
    if not isinstance(h, Header):
        raise EncodeError(f"header must be a fastwbxml.Header, not {type(h).__name__}")
    if not 1 <= h.version <= 3 or h.charset != 106 or not 0 <= h.public_id <= 0xFFFFFFFF:
        raise EncodeError(f"cannot encode header {h!r}: version 1..3, UTF-8 (106) only")
    if h.public_id == 0 and (h.public_id_index is None
                             or h.public_id_index >= len(h.string_table)):
        raise EncodeError("public id 0 needs public_id_index inside string_table")
    return encode_header(h)


def not_encodable(obj) -> EncodeError:
    return EncodeError(f"dumps() takes an Element or a Document, not {type(obj).__name__}")


def bad_initial_page(page) -> EncodeError:
    return EncodeError(f"unknown initial code page {page}")


# -- the public entry points of the pure-Python codec (the native core has the same) --------
def dumps(obj) -> bytes:
    """Encode an :class:`Element` (with EAS's header) or a :class:`Document` (with its own
    header) to WBXML bytes.  Raises :class:`EncodeError` and writes nothing for a tree that
    cannot be encoded (unknown tag, NUL in a string, text neither str nor bytes-like, a
    cycle)."""
    if isinstance(obj, _element.ELEMENT_TYPES):
        return EAS_HEADER_BYTES + encode((obj,), 0)
    if isinstance(obj, Document):
        return header_bytes(obj.header) + encode((obj.root,), 0)
    raise not_encodable(obj)


def dumps_fragment(elements, *, page: int = 0) -> bytes:
    """Encode elements as a header-less body fragment whose first code page is *page*."""
    if isinstance(elements, _element.ELEMENT_TYPES):
        elements = (elements,)
    if page not in _t.PAGES:
        raise bad_initial_page(page)
    return bytes(encode(tuple(elements), page))
