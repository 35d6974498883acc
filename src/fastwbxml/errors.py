"""The exceptions fastwbxml raises.

Every error raised while decoding or encoding derives from :class:`WBXMLError` (itself a
``ValueError``).  Decoding errors carry ``offset``: the byte offset in the input where the
offending token (or value) starts.  Encoding errors carry ``path``: where in the tree the
element that could not be encoded sits (``offset`` is ``None`` for them).
"""
from __future__ import annotations

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
