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
"""
from __future__ import annotations

from typing import NamedTuple

from . import tables as _t
from ._header import EAS_HEADER, EAS_HEADER_BYTES, Header, parse_header, read_mb_u_int32
from .errors import (HeaderError, InvalidStringError, LimitError, StructureError,
                     TruncatedError, UnknownCodePageError, UnknownTagError,
                     UnsupportedTokenError)

_TAG_NAMES = _t.TAG_NAMES

GLOBAL_NAMES = {
    0x00: "SWITCH_PAGE", 0x01: "END", 0x02: "ENTITY", 0x03: "STR_I", 0x04: "LITERAL",
    0x40: "EXT_I_0", 0x41: "EXT_I_1", 0x42: "EXT_I_2", 0x43: "PI", 0x44: "LITERAL_C",
    0x80: "EXT_T_0", 0x81: "EXT_T_1", 0x82: "EXT_T_2", 0x83: "STR_T", 0x84: "LITERAL_A",
    0xC0: "EXT_0", 0xC1: "EXT_1", 0xC2: "EXT_2", 0xC3: "OPAQUE", 0xC4: "LITERAL_AC",
}

DEFAULT_MAX_DEPTH = 256
DEFAULT_MAX_ELEMENTS = 1_000_000
DEFAULT_MAX_STRING_LEN = 64 * 1024 * 1024
DEFAULT_MAX_OPAQUE_LEN = 256 * 1024 * 1024
# the largest OPAQUE value the default allows, plus 1 MiB for the message around it
DEFAULT_MAX_INPUT_LEN = DEFAULT_MAX_OPAQUE_LEN + 1024 * 1024


class Document(NamedTuple):
    """A message with its header, from :func:`loads_document`; :func:`dumps` writes both."""
    header: Header
    root: "_element.Element"


# -- errors: raised by both implementations, so built in one place -------------------------
def switch_truncated(pos: int) -> TruncatedError:
    return TruncatedError("SWITCH_PAGE without its page byte", pos)


def switch_unknown(p: int, pos: int) -> UnknownCodePageError:
    return UnknownCodePageError(f"SWITCH_PAGE to unknown code page {p}", pos)


def end_unmatched(after_root: bool, pos: int) -> StructureError:
    if after_root:
        return StructureError("END after the root element was closed", pos)
    return StructureError("END without an open element", pos)


def trailing(n: int, pos: int) -> StructureError:
    return StructureError(f"{n} trailing byte(s) after the root element's END", pos)


def mixed(tag, pos: int) -> StructureError:
    return StructureError(f"mixed content in {tag}: EAS elements hold one string, one opaque "
                          "value or child elements", pos)


def text_outside(pos: int) -> StructureError:
    return StructureError("text outside any element", pos)


def second_root(pos: int) -> StructureError:
    return StructureError("a second root element", pos)


def too_deep(max_depth, pos: int) -> LimitError:
    return LimitError(f"nesting deeper than max_depth ({max_depth})", pos)


def too_many(max_elements, pos: int) -> LimitError:
    return LimitError(f"more than max_elements ({max_elements}) elements", pos)


def input_too_long(n: int, max_len) -> LimitError:
    """The input is longer than *max_len*: raised before anything is decoded, at the offset
    of the first byte past the limit."""
    return LimitError(f"input of {n} bytes exceeds max_input_len ({max_len})",
                      max(0, int(max_len)))


def open_input(data, max_input_len) -> memoryview:
    """A flat byte view of *data*, once its size is within *max_input_len*."""
    mv = memoryview(data)
    if mv.nbytes > max_input_len:
        n = mv.nbytes
        mv.release()  # (the traceback must not keep the caller's buffer exported)
        raise input_too_long(n, max_input_len)
    if mv.ndim != 1 or mv.itemsize != 1:
        mv = mv.cast("B")
    return mv


def string_too_long(n: int, max_len, pos: int) -> LimitError:
    return LimitError(f"inline string of {n} bytes exceeds max_string_len ({max_len})", pos)


def unterminated(pos: int) -> TruncatedError:
    return TruncatedError("unterminated inline string (STR_I without its NUL)", pos)


def ends_inside(tag, depth: int, end: int) -> TruncatedError:
    return TruncatedError(f"input ends inside {tag} ({depth} element(s) still open)", end)


def switch_at_end(pos: int) -> StructureError:
    return StructureError("SWITCH_PAGE at the end of the input", pos)


def no_root(pos: int) -> StructureError:
    return StructureError("no root element", pos)


def unsupported_token(b: int, pos: int) -> UnsupportedTokenError:
    if b == 0x83:
        return UnsupportedTokenError(
            "unsupported global token STR_T (0x83): EAS does not use string tables", pos)
    name = GLOBAL_NAMES.get(b)
    if name is not None:
        return UnsupportedTokenError(
            f"unsupported global token {name} (0x{b:02X}): not used by EAS", pos)
    return UnsupportedTokenError(
        f"tag 0x{b:02X} has the attribute bit set: EAS does not use attributes", pos)


def tag_name(page: int, token: int, strict: bool, pos: int) -> str:
    """The (interned) name of *token* on *page*; raw name or error for an unknown one."""
    name = _TAG_NAMES[page][token]
    if name is not None:
        return name
    if strict:
        raise UnknownTagError(
            f"unknown tag token 0x{token:02X} in code page {page} ({_t.PAGES[page].name})", pos)
    return _t.raw_tag(page, token)


def decode_str_i(data, pos: int, end: int, max_len: int) -> tuple[str, int]:
    """Decode the STR_I token at *pos*; return the string and the next offset."""
    stop = data.find(b"\0", pos + 1, end)
    if stop < 0:
        raise unterminated(pos)
    if stop - pos - 1 > max_len:
        raise string_too_long(stop - pos - 1, max_len, pos)
    try:
        return data[pos + 1:stop].decode("utf-8"), stop + 1
    except UnicodeDecodeError as e:
        raise InvalidStringError(f"invalid UTF-8 in inline string ({e.reason})",
                                 pos + 1 + e.start) from None


def opaque_span(data, pos: int, end: int, max_len: int) -> tuple[int, int]:
    """For the OPAQUE token at *pos*, return the data's ``(start, stop)``."""
    length, start = read_mb_u_int32(data, pos + 1, end, "opaque length")
    if length > end - start:
        raise TruncatedError(f"opaque data of {length} bytes runs past the end of the input "
                             f"({end - start} bytes left)", pos)
    if length > max_len:
        raise LimitError(f"opaque data of {length} bytes exceeds max_opaque_len ({max_len})", pos)
    return start, start + length


def start_body(data, fragment: bool, page: int, eas_only: bool = False
               ) -> tuple[Header | None, int, int]:
    """Return (header, body offset, initial page); with *eas_only* a header other than
    EAS's ``03 01 6A 00`` is a HeaderError (before anything else is decoded)."""
    if fragment:
        if page not in _t.PAGES:
            raise UnknownCodePageError(f"unknown initial code page {page}", 0)
        return None, 0, page
    if data[:4] == EAS_HEADER_BYTES:
        return EAS_HEADER, 4, 0
    header, pos = parse_header(data, len(data))
    if eas_only:
        require_eas_header(header)
    return header, pos, 0


def require_eas_header(header: Header) -> None:
    if header != EAS_HEADER:
        raise HeaderError(
            f"the header {header!r} is not EAS's 03 01 6A 00: decode it with "
            "fastwbxml.loads_document() to keep the header", 0)


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
    mv = open_input(data, max_input_len)
    buf = data if type(data) is bytes else mv.tobytes()
    end = len(buf)
    header, pos, cur = start_body(buf, fragment, page, eas_only)
    names = _TAG_NAMES
    Element = _element.Element
    roots: list = []
    stack: list = []
    pending = None  # SWITCH_PAGE operands since the last other token
    before = cur    # the page before the pending switches
    count = 0
    while pos < end:
        b = buf[pos]
        if b == 0x00:  # SWITCH_PAGE
            if pos + 1 >= end:
                raise switch_truncated(pos)
            p = buf[pos + 1]
            if names[p] is None:
                raise switch_unknown(p, pos)
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
                raise end_unmatched(bool(roots) and not fragment, pos)
            e = stack.pop()
            if pending is not None:
                e._wire = _set_wire(e._wire, 2, pending)
                pending = None
            pos += 1
            if not stack and not fragment:
                if pos < end:
                    raise trailing(end - pos, pos)
            continue
        if b == 0x03 or b == 0xC3:  # STR_I / OPAQUE
            if not stack:
                raise text_outside(pos)
            e = stack[-1]
            if e.text is not None or e._children is not None:
                raise mixed(e.tag, pos)
            if b == 0x03:
                e.text, pos2 = decode_str_i(buf, pos, end, max_string_len)
            else:
                start, pos2 = opaque_span(buf, pos, end, max_opaque_len)
                e.text = mv[start:pos2] if opaque_memoryview else buf[start:pos2]
            if pending is not None:
                e._wire = _set_wire(e._wire, 1, pending)
                pending = None
            pos = pos2
            continue
        token = b & 0x3F
        if token < 5 or b & 0x80:
            raise unsupported_token(b, pos)
        # a tag
        if stack:
            parent = stack[-1]
            if parent.text is not None:
                raise mixed(parent.tag, pos)
        elif roots and not fragment:
            raise second_root(pos)
        if len(stack) >= max_depth:
            raise too_deep(max_depth, pos)
        count += 1
        if count > max_elements:
            raise too_many(max_elements, pos)
        name = names[cur][token]
        if name is None:
            name = tag_name(cur, token, strict, pos)
        e = Element.__new__(Element)
        e.tag = name
        e.text = None
        e._children = None
        e._wire = None
        if pending is not None:
            if len(pending) != 1 or pending[0] == before:
                e._wire = (tuple(pending), None, None)
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
        raise ends_inside(stack[-1].tag, len(stack), end)
    if pending is not None:
        raise switch_at_end(end - 2 * len(pending))
    if not roots and not fragment:
        raise no_root(pos)
    return header, roots


def _set_wire(wire, slot: int, pending: list):
    w = list(wire) if wire is not None else [None, None, None]
    w[slot] = tuple(pending)
    return tuple(w)


START, END, TEXT, OPAQUE = "start", "end", "text", "opaque"


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
                if pos + 1 >= end:
                    raise switch_truncated(pos)
                p = buf[pos + 1]
                if _TAG_NAMES[p] is None:
                    raise switch_unknown(p, pos)
                self._page = p
                self._pos = pos + 2
                continue
            if b == 0x01:
                if not self._stack:
                    raise end_unmatched(bool(self._roots) and not self._fragment, pos)
                tag = self._stack.pop()[0]
                self._pos = pos + 1
                if not self._stack and not self._fragment and self._pos < end:
                    raise trailing(end - self._pos, self._pos)
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
            raise text_outside(pos)
        top = self._stack[-1]
        if top[1]:
            raise mixed(top[0], pos)
        return top

    def _tag(self, b, pos):
        token = b & 0x3F
        if token < 5 or b & 0x80:
            raise unsupported_token(b, pos)
        if self._stack:
            parent = self._stack[-1]
            if parent[1] == "text":
                raise mixed(parent[0], pos)
        elif self._roots and not self._fragment:
            raise second_root(pos)
        if len(self._stack) >= self._max_depth:
            raise too_deep(self._max_depth, pos)
        self._count += 1
        if self._count > self._max_elements:
            raise too_many(self._max_elements, pos)
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
            raise ends_inside(self._stack[-1][0], len(self._stack), self._end)
        if not self._done:
            self._done = True
            if not self._roots and not self._fragment:
                raise no_root(self._pos)
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
                if pos + 1 >= end:
                    raise switch_truncated(pos)
                p = buf[pos + 1]
                if _TAG_NAMES[p] is None:
                    raise switch_unknown(p, pos)
                self._page = p
                self._pos = pos + 2
            elif b == 0x01:
                self._stack.pop()
                self._pos = pos + 1
                if len(self._stack) == target:
                    if not self._stack and not self._fragment and self._pos < end:
                        raise trailing(end - self._pos, self._pos)
                    return
            elif b == 0x03:
                top = self._text_target(pos)
                stop = buf.find(b"\0", pos + 1, end)
                if stop < 0:
                    raise unterminated(pos)
                if stop - pos - 1 > self._max_string_len:
                    raise string_too_long(stop - pos - 1, self._max_string_len, pos)
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


# Last: importing fastwbxml.element imports the native core, which uses this module's helpers
# (``_element.Element`` is looked up per call: the class in use, native or Python).
from . import element as _element  # noqa: E402
