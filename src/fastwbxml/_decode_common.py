"""What every WBXML reader does the same way: the start of the body, tag names, values.

Three readers walk a WBXML body: the tree decoder, the event reader (each in Python and in
the native core) and the token listing of ``fastwbxml.dump``.  They differ in what they
build; they must not differ in what they accept.  So the decisions that are not on the hot
path live here once:

* :func:`start_body`: where the body starts and on which code page.  A fragment starts at
  offset 0 on the page the caller names (which must exist); a message starts after its
  header, which EAS always writes as ``03 01 6A 00`` (recognised without parsing); anything
  else goes through ``_header.parse_header``.  ``eas_only`` (``loads``) refuses a header
  other than EAS's before a single body byte is read.
* :func:`switch_target`: the operand of a SWITCH_PAGE, which must be a page the tables
  define.
* :func:`tag_name`: the interned ``"Page:Name"`` of a token, or the raw
  ``"Page:Unknown_0xHH"`` name of one its page does not define (an ``UnknownTagError`` with
  ``strict``).
* :func:`decode_str_i` and :func:`opaque_span`: an inline string (up to its NUL, strict
  UTF-8, bounded by ``max_string_len``) and the span of an OPAQUE value (an mb_u_int32
  length that must fit in the input and in ``max_opaque_len``).  The native core reads
  both itself and calls these only to raise the error of a value it refused, so the error
  is the same to the byte.

This module imports the tables, the header reader and the error constructors: all of them
shared leaves, none of them an implementation.
"""
from __future__ import annotations

from . import tables as _t
from ._header import EAS_HEADER, EAS_HEADER_BYTES, Header, parse_header, read_mb_u_int32
from .errors import (err_invalid_utf8, err_not_eas_header, err_opaque_too_long,
                     err_opaque_truncated, err_string_too_long, err_switch_truncated,
                     err_unknown_initial_page, err_unknown_page, err_unknown_tag,
                     err_unterminated)

__all__ = ["start_body", "require_eas_header", "switch_target", "tag_name", "decode_str_i",
           "opaque_span"]

_TAG_NAMES = _t.TAG_NAMES


def switch_target(data, pos: int, end: int) -> int:
    """The page the SWITCH_PAGE token at *pos* switches to (a page the tables define)."""
    if pos + 1 >= end:
        raise err_switch_truncated(pos)
    p = data[pos + 1]
    if _TAG_NAMES[p] is None:
        raise err_unknown_page(p, pos)
    return p


def tag_name(page: int, token: int, strict: bool, pos: int) -> str:
    """The (interned) name of *token* on *page*; raw name or error for an unknown one."""
    name = _TAG_NAMES[page][token]
    if name is not None:
        return name
    if strict:
        raise err_unknown_tag(token, page, _t.PAGES[page].name, pos)
    return _t.raw_tag(page, token)


def decode_str_i(data, pos: int, end: int, max_len: int) -> tuple[str, int]:
    """Decode the STR_I token at *pos*; return the string and the next offset."""
    stop = data.find(b"\0", pos + 1, end)
    if stop < 0:
        raise err_unterminated(pos)
    if stop - pos - 1 > max_len:
        raise err_string_too_long(stop - pos - 1, max_len, pos)
    try:
        return data[pos + 1:stop].decode("utf-8"), stop + 1
    except UnicodeDecodeError as e:
        raise err_invalid_utf8(e.reason, pos + 1 + e.start) from None


def opaque_span(data, pos: int, end: int, max_len: int) -> tuple[int, int]:
    """For the OPAQUE token at *pos*, return the data's ``(start, stop)``."""
    length, start = read_mb_u_int32(data, pos + 1, end, "opaque length")
    if length > end - start:
        raise err_opaque_truncated(length, end - start, pos)
    if length > max_len:
        raise err_opaque_too_long(length, max_len, pos)
    return start, start + length


def start_body(data, fragment: bool, page: int, eas_only: bool = False
               ) -> tuple[Header | None, int, int]:
    """Return (header, body offset, initial page); with *eas_only* a header other than
    EAS's ``03 01 6A 00`` is a HeaderError (before anything else is decoded)."""
    if fragment:
        if page not in _t.PAGES:
            raise err_unknown_initial_page(page, 0)
        return None, 0, page
    if data[:4] == EAS_HEADER_BYTES:
        return EAS_HEADER, 4, 0
    header, pos = parse_header(data, len(data))
    if eas_only:
        require_eas_header(header)
    return header, pos, 0


def require_eas_header(header: Header) -> None:
    if header != EAS_HEADER:
        raise err_not_eas_header(header)
