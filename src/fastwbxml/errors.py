"""The exceptions fastwbxml raises, and every text they carry.

Every error raised while decoding or encoding derives from :class:`WBXMLError` (itself a
``ValueError``).  Decoding errors carry ``offset``: the byte offset in the input where the
offending token (or value) starts.  Encoding errors carry ``path``: where in the tree the
element that could not be encoded sits (``offset`` is ``None`` for them).

The two implementations must fail alike: same class, same offset, same words.  So neither
writes an error message itself.  Each failure has one constructor here, named for what went
wrong (``err_unterminated``, ``err_too_deep`` ...), which both the pure-Python codec and the
native core call and ``raise``; a constructor returns the exception, so the ``raise``
stays visible at the place that detects the failure.  (The tables' tag lookup words the
``KeyError`` of a tag it cannot encode; ``err_tag`` carries that text into the
``EncodeError``.)

This module imports only the token names (``_tokens``, a leaf).
"""
from __future__ import annotations

from ._tokens import GLOBAL_NAMES

__all__ = [
    "WBXMLError", "DecodeError", "EncodeError", "TruncatedError", "HeaderError",
    "MbUInt32Error", "UnknownCodePageError", "UnknownTagError", "UnsupportedTokenError",
    "InvalidStringError", "StructureError", "LimitError", "XMLViewError",
]


class WBXMLError(ValueError):
    """Base class of every fastwbxml decode/encode error.

    ``offset`` is the byte offset in the WBXML input where decoding failed, or ``None``
    where no input offset applies (encoding, XML view).  ``reason`` is the message without
    the location.
    """

    def __init__(self, reason: str, offset: int | None = None, path: str | None = None):
        self.reason = reason
        self.offset = offset
        self.path = path
        where = []
        if offset is not None:
            where.append(f"at offset {offset} (0x{offset:X})")
        if path:
            where.append(f"at {path}")
        super().__init__(f"{reason} {' '.join(where)}" if where else reason)

    def __reduce__(self):
        return (type(self), (self.reason, self.offset, self.path))


class DecodeError(WBXMLError):
    """The input is not WBXML that fastwbxml can decode losslessly."""


class TruncatedError(DecodeError):
    """The input ends in the middle of a token, a value or an open element."""


class HeaderError(DecodeError):
    """The WBXML header (version, public id, charset, string table) is invalid or unsupported."""


class MbUInt32Error(DecodeError):
    """A multi-byte integer (mb_u_int32) is longer than 5 bytes or exceeds 2**32 - 1."""


class UnknownCodePageError(DecodeError):
    """SWITCH_PAGE to a code page that no table defines."""


class UnknownTagError(DecodeError):
    """A tag token that its code page does not define (only raised with ``strict=True``)."""


class UnsupportedTokenError(DecodeError):
    """A WBXML global token or attribute that EAS does not use (STR_T, ENTITY, EXT_*, PI,
    LITERAL*, attributes)."""


class InvalidStringError(DecodeError):
    """An inline string (STR_I) that is not valid UTF-8."""


class StructureError(DecodeError):
    """Tokens in an order that does not form one element tree: END without an open
    element, bytes after the root's END, text outside an element, mixed content."""


class LimitError(DecodeError):
    """A decoding limit (depth, element count, string or opaque size) was exceeded."""


class EncodeError(WBXMLError):
    """A tree that cannot be written as WBXML (unknown tag, NUL in a string, bad text type)."""


class XMLViewError(WBXMLError):
    """XML text that does not describe a WBXML tree (``from_xml``)."""


# -- the header and its multi-byte integers --------------------------------------------------
def err_mb_truncated(what: str, pos: int) -> TruncatedError:
    return TruncatedError(f"truncated multi-byte integer ({what})", pos)


def err_mb_non_minimal(what: str, pos: int) -> MbUInt32Error:
    return MbUInt32Error(f"non-minimal multi-byte integer ({what}) starts with 0x80", pos)


def err_mb_too_big(what: str, pos: int) -> MbUInt32Error:
    return MbUInt32Error(f"multi-byte integer ({what}) exceeds 2**32-1", pos)


def err_mb_too_long(what: str, pos: int) -> MbUInt32Error:
    return MbUInt32Error(f"multi-byte integer ({what}) longer than 5 bytes", pos)


def err_empty_input() -> TruncatedError:
    return TruncatedError("empty input: no WBXML header", 0)


def err_version_10() -> HeaderError:
    return HeaderError("WBXML version 1.0 is not supported (EAS uses 1.3, byte 0x03)", 0)


def err_version_unknown(version: int) -> HeaderError:
    return HeaderError(f"unknown WBXML version byte 0x{version:02X} (EAS uses 0x03)", 0)


def err_charset(charset: int, pos: int) -> HeaderError:
    return HeaderError(f"unsupported charset MIBenum {charset} (only UTF-8, 106, is supported)",
                       pos)


def err_string_table_truncated(length: int, left: int, pos: int) -> TruncatedError:
    return TruncatedError(f"string table of {length} bytes runs past the end of the input "
                          f"({left} bytes left)", pos)


def err_public_id_index(index: int, pos: int) -> HeaderError:
    return HeaderError(f"public id string index {index} is outside the string table", pos)


# -- decoding: one constructor per failure, shared by both implementations ------------------
def err_switch_truncated(pos: int) -> TruncatedError:
    return TruncatedError("SWITCH_PAGE without its page byte", pos)


def err_unknown_page(p: int, pos: int) -> UnknownCodePageError:
    return UnknownCodePageError(f"SWITCH_PAGE to unknown code page {p}", pos)


def err_unknown_initial_page(page, pos: int = 0) -> UnknownCodePageError:
    return UnknownCodePageError(f"unknown initial code page {page}", pos)


def err_end_unmatched(after_root: bool, pos: int) -> StructureError:
    if after_root:
        return StructureError("END after the root element was closed", pos)
    return StructureError("END without an open element", pos)


def err_trailing(n: int, pos: int) -> StructureError:
    return StructureError(f"{n} trailing byte(s) after the root element's END", pos)


def err_mixed(tag, pos: int) -> StructureError:
    return StructureError(f"mixed content in {tag}: EAS elements hold one string, one opaque "
                          "value or child elements", pos)


def err_text_outside(pos: int) -> StructureError:
    return StructureError("text outside any element", pos)


def err_second_root(pos: int) -> StructureError:
    return StructureError("a second root element", pos)


def err_too_deep(max_depth, pos: int) -> LimitError:
    return LimitError(f"nesting deeper than max_depth ({max_depth})", pos)


def err_too_many(max_elements, pos: int) -> LimitError:
    return LimitError(f"more than max_elements ({max_elements}) elements", pos)


def err_input_too_long(n: int, max_len) -> LimitError:
    """The input is longer than *max_len*: raised before anything is decoded, at the offset
    of the first byte past the limit."""
    return LimitError(f"input of {n} bytes exceeds max_input_len ({max_len})",
                      max(0, int(max_len)))


def err_string_too_long(n: int, max_len, pos: int) -> LimitError:
    return LimitError(f"inline string of {n} bytes exceeds max_string_len ({max_len})", pos)


def err_unterminated(pos: int) -> TruncatedError:
    return TruncatedError("unterminated inline string (STR_I without its NUL)", pos)


def err_invalid_utf8(reason: str, pos: int) -> InvalidStringError:
    return InvalidStringError(f"invalid UTF-8 in inline string ({reason})", pos)


def err_opaque_truncated(length: int, left: int, pos: int) -> TruncatedError:
    return TruncatedError(f"opaque data of {length} bytes runs past the end of the input "
                          f"({left} bytes left)", pos)


def err_opaque_too_long(length: int, max_len, pos: int) -> LimitError:
    return LimitError(f"opaque data of {length} bytes exceeds max_opaque_len ({max_len})", pos)


def err_ends_inside(tag, depth: int, end: int) -> TruncatedError:
    return TruncatedError(f"input ends inside {tag} ({depth} element(s) still open)", end)


def err_switch_at_end(pos: int) -> StructureError:
    return StructureError("SWITCH_PAGE at the end of the input", pos)


def err_no_root(pos: int) -> StructureError:
    return StructureError("no root element", pos)


def err_unsupported_token(b: int, pos: int) -> UnsupportedTokenError:
    if b == 0x83:
        return UnsupportedTokenError(
            "unsupported global token STR_T (0x83): EAS does not use string tables", pos)
    name = GLOBAL_NAMES.get(b)
    if name is not None:
        return UnsupportedTokenError(
            f"unsupported global token {name} (0x{b:02X}): not used by EAS", pos)
    return UnsupportedTokenError(
        f"tag 0x{b:02X} has the attribute bit set: EAS does not use attributes", pos)


def err_unknown_tag(token: int, page: int, page_name: str, pos: int) -> UnknownTagError:
    return UnknownTagError(f"unknown tag token 0x{token:02X} in code page {page} ({page_name})",
                           pos)


def err_not_eas_header(header) -> HeaderError:
    return HeaderError(f"the header {header!r} is not EAS's 03 01 6A 00: decode it with "
                       "fastwbxml.loads_document() to keep the header", 0)


# -- encoding -------------------------------------------------------------------------------
def err_cycle(path: str) -> EncodeError:
    return EncodeError("the tree has a cycle: this element is its own ancestor", None, path)


def err_tag(message: str, path: str) -> EncodeError:
    """A tag the tables cannot encode; *message* is the tables' own (``tables.tag_code``)."""
    return EncodeError(message, None, path)


def err_not_element(obj) -> EncodeError:
    return EncodeError(f"expected an Element, got {type(obj).__name__}", None, "")


def err_child_not_element(child, path: str) -> EncodeError:
    return EncodeError(f"child of type {type(child).__name__} is not an Element", None, path)


def err_wire_page(last: int, page: int, path: str) -> EncodeError:
    return EncodeError(f"recorded page switches end on page {last}, not the tag's page {page}",
                       None, path)


def err_text_and_children(path: str) -> EncodeError:
    return EncodeError("element has both text and children (EAS has no mixed content)",
                       None, path)


def err_not_utf8(reason: str, index: int, path: str) -> EncodeError:
    return EncodeError(f"string is not encodable as UTF-8 ({reason} at index {index})",
                       None, path)


def err_nul(index: int, path: str) -> EncodeError:
    return EncodeError(f"string contains NUL at index {index}; WBXML inline strings cannot "
                       "hold NUL (use bytes for opaque data)", None, path)


def err_text_type(text, path: str) -> EncodeError:
    return EncodeError(f"text must be str (string) or a bytes-like object (opaque), not "
                       f"{type(text).__name__}", None, path)


def err_not_contiguous(path: str) -> EncodeError:
    return EncodeError("opaque buffer is not contiguous", None, path)


def err_header_type(h) -> EncodeError:
    return EncodeError(f"header must be a fastwbxml.Header, not {type(h).__name__}")


def err_header_values(h) -> EncodeError:
    return EncodeError(f"cannot encode header {h!r}: version 1..3, UTF-8 (106) only")


def err_header_public_id() -> EncodeError:
    return EncodeError("public id 0 needs public_id_index inside string_table")


def err_not_encodable(obj) -> EncodeError:
    return EncodeError(f"dumps() takes an Element or a Document, not {type(obj).__name__}")


def err_bad_initial_page(page) -> EncodeError:
    return EncodeError(f"unknown initial code page {page}")
