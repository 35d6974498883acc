"""The pure-Python encoder: the reference implementation and the fallback.

One loop over an explicit stack (deep trees cost no recursion) writes each element's tag
(switching page first when the tag's page is not the current one), then its text or its
children, then END.  The redundant switches the decoder recorded (``_wire``, see
:mod:`fastwbxml._wire`) are written back where they were read: before the tag, before the
text, before the END.  Everything is checked before anything is returned: on error nothing
is written.  The checks shared with the native core (tags, strings, buffers, headers,
cycles) are in ``_encode_common``; the error texts in ``errors``.
"""
from __future__ import annotations

from . import _impl
from . import tables as _t
from ._document import Document
from ._encode_common import (CYCLE_CHECK_DEPTH, cycle_error, element_path, header_bytes,
                             opaque_view, tag_code, utf8)
from ._header import EAS_HEADER_BYTES, encode_mb_u_int32
from ._wire import Wire
from .errors import (err_bad_initial_page, err_child_not_element, err_not_element,
                     err_not_encodable, err_text_and_children, err_wire_page)

__all__ = ["encode", "dumps", "dumps_fragment"]


def encode(roots, initial_page: int = 0) -> bytes:
    """Encode a sequence of elements (the body); return the bytes (no header).

    Validates everything before anything is returned: on error nothing is written.
    """
    out = bytearray()
    cur = initial_page
    Element = _impl.ELEMENT_TYPES
    # stack of (element, iterator over children or None); iterative to allow deep trees
    for root in roots:
        if not isinstance(root, Element):
            raise err_not_element(root)
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
                    raise err_child_not_element(child, element_path(chain))
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
            if w is not None and type(w) is not Wire:
                w = Wire(*w)  # a plain 3-tuple, as tools and older pickles may hold
            if w is not None and w.before_end:
                for p in w.before_end:
                    out += b"\x00" + bytes((p,))
                cur = w.before_end[-1]
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
    if w is not None and type(w) is not Wire:
        w = Wire(*w)
    if w is not None and w.before_tag:
        for p in w.before_tag:
            out += b"\x00" + bytes((p,))
        if w.before_tag[-1] != page:
            raise err_wire_page(w.before_tag[-1], page, element_path(chain))
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
        raise err_text_and_children(element_path(chain))
    out.append((code & 0x3F) | 0x40)
    if w is not None and w.before_text:
        for p in w.before_text:
            out += b"\x00" + bytes((p,))
        cur = w.before_text[-1]
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


# -- the public entry points of the pure-Python codec (the native core has the same) --------
def dumps(obj) -> bytes:
    """Encode an :class:`Element` (with EAS's header) or a :class:`Document` (with its own
    header) to WBXML bytes.  Raises :class:`EncodeError` and writes nothing for a tree that
    cannot be encoded (unknown tag, NUL in a string, text neither str nor bytes-like, a
    cycle)."""
    if isinstance(obj, _impl.ELEMENT_TYPES):
        return EAS_HEADER_BYTES + encode((obj,), 0)
    if isinstance(obj, Document):
        return header_bytes(obj.header) + encode((obj.root,), 0)
    raise err_not_encodable(obj)


def dumps_fragment(elements, *, page: int = 0) -> bytes:
    """Encode elements as a header-less body fragment whose first code page is *page*."""
    if isinstance(elements, _impl.ELEMENT_TYPES):
        elements = (elements,)
    if page not in _t.PAGES:
        raise err_bad_initial_page(page)
    return bytes(encode(tuple(elements), page))
