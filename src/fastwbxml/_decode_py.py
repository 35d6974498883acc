"""The pure-Python decoder: the reference implementation and the fallback.

The native core (``_core.pyx``) implements the same functions and must give the same
results, byte for byte, error for error (class, offset); differential tests compare them.

Token handling, in order of the checks (both implementations):

* ``0x00`` SWITCH_PAGE: the next byte must be a page the tables define.
* ``0x01`` END: closes the innermost open element.
* ``0x03`` STR_I: inline string up to a NUL, strict UTF-8.
* ``0xC3`` OPAQUE: mb_u_int32 length, then that many bytes.
* ``0x02, 0x04, 0x40-0x44, 0x80-0x84, 0xC0-0xC2, 0xC4`` (ENTITY, LITERAL*, EXT_*, PI,
  STR_T): :class:`UnsupportedTokenError` -- EAS does not use them.
* any other byte is a tag: low 6 bits the token, bit 0x40 content, bit 0x80 attributes
  (attributes: :class:`UnsupportedTokenError`).

The tree decoder keeps the SWITCH_PAGE tokens a writer would not have written, so that the
tree re-encodes to the same bytes: switches read since the last other token are *pending*;
the next token decides their fate (see :mod:`fastwbxml._wire` for the record).  Before a
tag they are kept only when redundant (more than one, or one to the page already current:
``_wire.keep_before_tag``); before a string or an END they are always kept, since neither
needs a page.  Switches at the very end of the input are a ``StructureError``.

Shared pieces come from leaf modules: the limits (``_limits``), the token and event names
(``_tokens``), the input (``_input``), the body start, tag names and values
(``_decode_common``), every error text (``errors``).  The element class to build is the one
in use (``_impl.Element``), looked up per call.
"""
from __future__ import annotations

from . import _impl
from . import tables as _t
from ._decode_common import decode_str_i, opaque_span, start_body, switch_target, tag_name
from ._document import Document
from ._input import open_input
from ._limits import (DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_INPUT_LEN,
                      DEFAULT_MAX_OPAQUE_LEN, DEFAULT_MAX_STRING_LEN, check_limits)
from ._tokens import END, OPAQUE, START, TEXT
from ._wire import Wire, keep_before_tag, set_wire
from .errors import (err_end_unmatched, err_ends_inside, err_mixed, err_no_root,
                     err_second_root, err_string_too_long, err_switch_at_end,
                     err_text_outside, err_too_deep, err_too_many, err_trailing,
                     err_unsupported_token, err_unterminated)

_TAG_NAMES = _t.TAG_NAMES

__all__ = ["decode", "EventReader", "loads", "loads_document", "loads_fragment", "iterparse",
           "Document", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_ELEMENTS", "DEFAULT_MAX_STRING_LEN",
           "DEFAULT_MAX_OPAQUE_LEN", "DEFAULT_MAX_INPUT_LEN"]


def decode(data, *, fragment: bool = False, page: int = 0, eas_only: bool = False,
           strict: bool = False,
           opaque_memoryview: bool = False, max_depth: int = DEFAULT_MAX_DEPTH,
           max_elements: int = DEFAULT_MAX_ELEMENTS,
           max_string_len: int = DEFAULT_MAX_STRING_LEN,
           max_opaque_len: int = DEFAULT_MAX_OPAQUE_LEN,
           max_input_len: int = DEFAULT_MAX_INPUT_LEN):
    """Decode *data*; return ``(header, roots)``.

    ``roots`` has exactly one element for a document; any number for a fragment.
    ``eas_only`` rejects a header other than EAS's (``loads``).
    """
    check_limits(max_depth, max_elements, max_string_len, max_opaque_len, max_input_len)
    mv = open_input(data, max_input_len)
    buf = data if type(data) is bytes else mv.tobytes()
    end = len(buf)
    header, pos, cur = start_body(buf, fragment, page, eas_only)
    names = _TAG_NAMES
    Element = _impl.Element
    roots: list = []
    stack: list = []
    pending = None  # SWITCH_PAGE operands since the last other token
    before = cur    # the page before the pending switches
    count = 0
    while pos < end:
        b = buf[pos]
        if b == 0x00:  # SWITCH_PAGE
            p = switch_target(buf, pos, end)
            if pending is None:
                pending = [p]
                before = cur
            else:
                pending.append(p)
            cur = p
            pos += 2
            continue
        if b == 0x01:  # END
            if not stack:
                raise err_end_unmatched(bool(roots) and not fragment, pos)
            e = stack.pop()
            if pending is not None:
                e._wire = set_wire(e._wire, 2, pending)  # before_end: always kept
                pending = None
            pos += 1
            if not stack and not fragment:
                if pos < end:
                    raise err_trailing(end - pos, pos)
            continue
        if b == 0x03 or b == 0xC3:  # STR_I / OPAQUE
            if not stack:
                raise err_text_outside(pos)
            e = stack[-1]
            if e.text is not None or e._children is not None:
                raise err_mixed(e.tag, pos)
            if b == 0x03:
                e.text, pos2 = decode_str_i(buf, pos, end, max_string_len)
            else:
                start, pos2 = opaque_span(buf, pos, end, max_opaque_len)
                e.text = mv[start:pos2] if opaque_memoryview else buf[start:pos2]
            if pending is not None:
                e._wire = set_wire(e._wire, 1, pending)  # before_text: always kept
                pending = None
            pos = pos2
            continue
        token = b & 0x3F
        if token < 5 or b & 0x80:
            raise err_unsupported_token(b, pos)
        # a tag
        if stack:
            parent = stack[-1]
            if parent.text is not None:
                raise err_mixed(parent.tag, pos)
        elif roots and not fragment:
            raise err_second_root(pos)
        if len(stack) >= max_depth:
            raise err_too_deep(max_depth, pos)
        count += 1
        if count > max_elements:
            raise err_too_many(max_elements, pos)
        name = names[cur][token]
        if name is None:
            name = tag_name(cur, token, strict, pos)
        e = Element.__new__(Element)
        e.tag = name
        e.text = None
        e._children = None
        e._wire = None
        if pending is not None:
            # the rule of _wire: before a tag only redundant switches are kept (a single
            # switch to another page is how the encoder reaches the tag's page anyway)
            if keep_before_tag(pending, before):
                e._wire = Wire(tuple(pending), None, None)
            pending = None
        if stack:
            if parent._children is None:
                parent._children = [e]
            else:
                parent._children.append(e)
        else:
            roots.append(e)
        if b & 0x40:
            e._cb = True
            stack.append(e)
        else:
            e._cb = False
        pos += 1
    if stack:
        raise err_ends_inside(stack[-1].tag, len(stack), end)
    if pending is not None:
        raise err_switch_at_end(end - 2 * len(pending))
    if not roots and not fragment:
        raise err_no_root(pos)
    return header, roots


class EventReader:
    """Pull parser over one message: iterate for ``(event, value)`` pairs.

    Events: ``("start", tag)``, ``("end", tag)``, ``("text", str)``, ``("opaque", bytes)``.
    Every element gives a start and an end event, also one written without the content bit;
    ``content_bit`` tells which, after a start event.  ``offset`` is the byte offset of the
    token behind the last event; ``depth`` the number of open elements.  ``skip()`` after a
    start event passes over that element's content and its end without producing events or
    objects; skipped content is checked for structure (tokens, pages, lengths, limits) but
    its strings are not decoded (their UTF-8 is not validated).
    """

    def __init__(self, data, *, fragment: bool = False, page: int = 0, strict: bool = False,
                 opaque_memoryview: bool = False, max_depth: int = DEFAULT_MAX_DEPTH,
                 max_elements: int = DEFAULT_MAX_ELEMENTS,
                 max_string_len: int = DEFAULT_MAX_STRING_LEN,
                 max_opaque_len: int = DEFAULT_MAX_OPAQUE_LEN,
                 max_input_len: int = DEFAULT_MAX_INPUT_LEN):
        check_limits(max_depth, max_elements, max_string_len, max_opaque_len, max_input_len)
        mv = open_input(data, max_input_len)
        self._mv = mv
        self._buf = data if type(data) is bytes else mv.tobytes()
        self._end = len(self._buf)
        self.header, self._pos, self._page = start_body(self._buf, fragment, page)
        self._fragment = fragment
        self._strict = strict
        self._opaque_mv = opaque_memoryview
        self._max_depth = max_depth
        self._max_elements = max_elements
        self._max_string_len = max_string_len
        self._max_opaque_len = max_opaque_len
        self._stack: list = []     # open elements: [tag, has_text_or_children]
        self._count = 0
        self._roots = 0
        self._pending_end = None   # tag of a content-less element whose end is due
        self._done = False
        self.offset = self._pos
        self.content_bit = False

    @property
    def depth(self) -> int:
        return len(self._stack)

    def __iter__(self):
        return self

    def __next__(self):
        if self._pending_end is not None:
            tag, self._pending_end = self._pending_end, None
            return END, tag
        buf, end = self._buf, self._end
        while True:
            pos = self._pos
            if pos >= end:
                return self._finish()
            b = buf[pos]
            self.offset = pos
            if b == 0x00:
                self._page = switch_target(buf, pos, end)
                self._pos = pos + 2
                continue
            if b == 0x01:
                if not self._stack:
                    raise err_end_unmatched(bool(self._roots) and not self._fragment, pos)
                tag = self._stack.pop()[0]
                self._pos = pos + 1
                if not self._stack and not self._fragment and self._pos < end:
                    raise err_trailing(end - self._pos, self._pos)
                return END, tag
            if b == 0x03 or b == 0xC3:
                top = self._text_target(pos)
                if b == 0x03:
                    text, self._pos = decode_str_i(buf, pos, end, self._max_string_len)
                    top[1] = "text"
                    return TEXT, text
                start, stop = opaque_span(buf, pos, end, self._max_opaque_len)
                self._pos = stop
                top[1] = "text"
                return OPAQUE, (self._mv[start:stop] if self._opaque_mv else buf[start:stop])
            tag, has_content = self._tag(b, pos)
            self._pos = pos + 1
            self.content_bit = has_content
            if has_content:
                self._stack.append([tag, False])
            else:
                self._pending_end = tag
            return START, tag

    def _text_target(self, pos):
        if not self._stack:
            raise err_text_outside(pos)
        top = self._stack[-1]
        if top[1]:
            raise err_mixed(top[0], pos)
        return top

    def _tag(self, b, pos):
        token = b & 0x3F
        if token < 5 or b & 0x80:
            raise err_unsupported_token(b, pos)
        if self._stack:
            parent = self._stack[-1]
            if parent[1] == "text":
                raise err_mixed(parent[0], pos)
        elif self._roots and not self._fragment:
            raise err_second_root(pos)
        if len(self._stack) >= self._max_depth:
            raise err_too_deep(self._max_depth, pos)
        self._count += 1
        if self._count > self._max_elements:
            raise err_too_many(self._max_elements, pos)
        tag = _TAG_NAMES[self._page][token]
        if tag is None:
            tag = tag_name(self._page, token, self._strict, pos)
        if self._stack:
            self._stack[-1][1] = True
        else:
            self._roots += 1
        return tag, bool(b & 0x40)

    def _finish(self):
        if self._stack:
            raise err_ends_inside(self._stack[-1][0], len(self._stack), self._end)
        if not self._done:
            self._done = True
            if not self._roots and not self._fragment:
                raise err_no_root(self._pos)
        raise StopIteration

    def skip(self) -> None:
        """Skip the content and end of the element whose start event was just returned."""
        if self._pending_end is not None:
            self._pending_end = None
            return
        if not self._stack:
            raise RuntimeError("skip() must follow a start event")
        target = len(self._stack) - 1
        buf, end = self._buf, self._end
        while True:
            pos = self._pos
            if pos >= end:
                self._finish()
            b = buf[pos]
            self.offset = pos
            if b == 0x00:
                self._page = switch_target(buf, pos, end)
                self._pos = pos + 2
            elif b == 0x01:
                self._stack.pop()
                self._pos = pos + 1
                if len(self._stack) == target:
                    if not self._stack and not self._fragment and self._pos < end:
                        raise err_trailing(end - self._pos, self._pos)
                    return
            elif b == 0x03:
                top = self._text_target(pos)
                stop = buf.find(b"\0", pos + 1, end)
                if stop < 0:
                    raise err_unterminated(pos)
                if stop - pos - 1 > self._max_string_len:
                    raise err_string_too_long(stop - pos - 1, self._max_string_len, pos)
                top[1] = "text"
                self._pos = stop + 1
            elif b == 0xC3:
                top = self._text_target(pos)
                self._pos = opaque_span(buf, pos, end, self._max_opaque_len)[1]
                top[1] = "text"
            else:
                tag, has_content = self._tag(b, pos)
                self._pos = pos + 1
                if has_content:
                    self._stack.append([tag, False])


# -- the public entry points of the pure-Python codec (the native core has the same) --------
def loads(data, *, strict: bool = False, opaque_memoryview: bool = False,
          max_depth: int = DEFAULT_MAX_DEPTH, max_elements: int = DEFAULT_MAX_ELEMENTS,
          max_string_len: int = DEFAULT_MAX_STRING_LEN,
          max_opaque_len: int = DEFAULT_MAX_OPAQUE_LEN,
          max_input_len: int = DEFAULT_MAX_INPUT_LEN):
    """Decode a whole WBXML message (header ``03 01 6A 00`` and one root element).

    *data* is any bytes-like object.  ``strict=True`` rejects tokens the tables do not
    define (by default they become raw ``Page:Unknown_0xHH`` elements that re-encode to the
    same token).  ``opaque_memoryview=True`` gives OPAQUE content as ``memoryview`` slices
    of *data* instead of ``bytes`` copies.  The ``max_*`` limits bound what untrusted input
    can make the decoder build; ``max_input_len`` bounds *data* itself (checked first).

    A message whose header is not EAS's raises :class:`HeaderError`: use
    :func:`loads_document` to decode it and keep the header.
    """
    return decode(data, fragment=False, page=0, eas_only=True, strict=strict,
                  opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                  max_elements=max_elements, max_string_len=max_string_len,
                  max_opaque_len=max_opaque_len, max_input_len=max_input_len)[1][0]


def loads_document(data, *, strict: bool = False, opaque_memoryview: bool = False,
                   max_depth: int = DEFAULT_MAX_DEPTH, max_elements: int = DEFAULT_MAX_ELEMENTS,
                   max_string_len: int = DEFAULT_MAX_STRING_LEN,
                   max_opaque_len: int = DEFAULT_MAX_OPAQUE_LEN,
                   max_input_len: int = DEFAULT_MAX_INPUT_LEN) -> Document:
    """Like :func:`loads`, for a message with any WBXML 1.1-1.3 UTF-8 header; returns a
    :class:`Document` that :func:`dumps` writes back with the same header."""
    header, roots = decode(data, fragment=False, page=0, strict=strict,
                           opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                           max_elements=max_elements, max_string_len=max_string_len,
                           max_opaque_len=max_opaque_len, max_input_len=max_input_len)
    return Document(header, roots[0])


def loads_fragment(data, *, page: int = 0, strict: bool = False,
                   opaque_memoryview: bool = False, max_depth: int = DEFAULT_MAX_DEPTH,
                   max_elements: int = DEFAULT_MAX_ELEMENTS,
                   max_string_len: int = DEFAULT_MAX_STRING_LEN,
                   max_opaque_len: int = DEFAULT_MAX_OPAQUE_LEN,
                   max_input_len: int = DEFAULT_MAX_INPUT_LEN) -> list:
    """Decode a header-less body fragment (as some servers' fixtures store them): a
    sequence of zero or more top-level elements, starting on code page *page*."""
    return decode(data, fragment=True, page=page, strict=strict,
                  opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                  max_elements=max_elements, max_string_len=max_string_len,
                  max_opaque_len=max_opaque_len, max_input_len=max_input_len)[1]


def iterparse(data, *, fragment: bool = False, page: int = 0, strict: bool = False,
              opaque_memoryview: bool = False, max_depth: int = DEFAULT_MAX_DEPTH,
              max_elements: int = DEFAULT_MAX_ELEMENTS,
              max_string_len: int = DEFAULT_MAX_STRING_LEN,
              max_opaque_len: int = DEFAULT_MAX_OPAQUE_LEN,
              max_input_len: int = DEFAULT_MAX_INPUT_LEN) -> EventReader:
    """A pull parser over *data*: iterate it for ``(event, value)`` pairs without building
    a tree (see :class:`fastwbxml.EventReader`); ``fragment=True`` reads a header-less
    fragment starting on *page*."""
    return EventReader(data, fragment=fragment, page=page, strict=strict,
                       opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                       max_elements=max_elements, max_string_len=max_string_len,
                       max_opaque_len=max_opaque_len, max_input_len=max_input_len)

