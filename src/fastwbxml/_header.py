"""The WBXML header, shared by both implementations (it is read once per message).

A header is a version byte, the public id (an mb_u_int32; 0 means "given as a string", and
a second mb_u_int32 indexes it in the string table), the charset (an mb_u_int32 MIBenum,
only UTF-8 is accepted) and the string table (a length, then the bytes).  EAS always sends
``03 01 6A 00``; the readers recognise those four bytes without calling :func:`parse_header`.
Multi-byte integers must be minimal (no leading 0x80 byte) so that every header re-encodes
to the bytes it was read from.  Errors come from ``errors`` like all others.
"""
from __future__ import annotations

from typing import NamedTuple

from .errors import (err_charset, err_empty_input, err_mb_non_minimal, err_mb_too_big,
                     err_mb_too_long, err_mb_truncated, err_public_id_index,
                     err_string_table_truncated, err_version_10, err_version_unknown)

__all__ = ["Header", "EAS_HEADER", "EAS_HEADER_BYTES", "parse_header", "encode_header",
           "read_mb_u_int32", "encode_mb_u_int32"]

UTF8 = 106


class Header(NamedTuple):
    """A WBXML header.  EAS always sends ``Header()``: ``03 01 6A 00``."""
    version: int = 0x03          #: 0x01..0x03 for WBXML 1.1..1.3
    public_id: int = 0x01        #: 1 = unknown/missing DTD; 0 = given as a string (see below)
    charset: int = UTF8          #: IANA MIBenum; only UTF-8 (106) is supported
    string_table: bytes = b""    #: the raw string table
    public_id_index: int | None = None  #: with public_id 0: offset of the id in string_table

    @property
    def public_id_string(self) -> str | None:
        if self.public_id_index is None:
            return None
        end = self.string_table.find(b"\0", self.public_id_index)
        return self.string_table[self.public_id_index:end].decode("utf-8", "replace")


EAS_HEADER = Header()
EAS_HEADER_BYTES = b"\x03\x01\x6a\x00"


def read_mb_u_int32(data, pos: int, end: int, what: str) -> tuple[int, int]:
    """Read an mb_u_int32 at *pos*; return ``(value, next_pos)``.

    Errors name the offset of the integer's first byte.  A non-minimal encoding (a leading
    0x80 byte) is refused: it could not be written back as it was.
    """
    start = pos
    value = 0
    for _ in range(5):
        if pos >= end:
            raise err_mb_truncated(what, start)
        b = data[pos]
        if b == 0x80 and pos == start:
            raise err_mb_non_minimal(what, start)
        pos += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            if value > 0xFFFFFFFF:
                raise err_mb_too_big(what, start)
            return value, pos
    raise err_mb_too_long(what, start)


def encode_mb_u_int32(value: int) -> bytes:
    if value < 0x80:
        return bytes((value,))
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def parse_header(data, end: int) -> tuple[Header, int]:
    """Parse the header at the start of *data*; return it and the body's offset."""
    if end < 1:
        raise err_empty_input()
    version = data[0]
    if version == 0x00:
        raise err_version_10()
    if version > 0x03:
        raise err_version_unknown(version)
    pos = 1
    public_id, pos = read_mb_u_int32(data, pos, end, "public id")
    index_pos = pos
    index = None
    if public_id == 0:
        index, pos = read_mb_u_int32(data, pos, end, "public id string index")
    charset_pos = pos
    charset, pos = read_mb_u_int32(data, pos, end, "charset")
    if charset != UTF8:
        raise err_charset(charset, charset_pos)
    len_pos = pos
    length, pos = read_mb_u_int32(data, pos, end, "string table length")
    if length > end - pos:
        raise err_string_table_truncated(length, end - pos, len_pos)
    table = bytes(data[pos:pos + length])
    pos += length
    if index is not None and (index >= length or b"\0" not in table[index:]):
        raise err_public_id_index(index, index_pos)
    return Header(version, public_id, charset, table, index), pos


def encode_header(h: Header) -> bytes:
    if h == EAS_HEADER:
        return EAS_HEADER_BYTES
    out = bytearray((h.version,))
    out += encode_mb_u_int32(h.public_id)
    if h.public_id == 0:
        out += encode_mb_u_int32(h.public_id_index or 0)
    out += encode_mb_u_int32(h.charset)
    out += encode_mb_u_int32(len(h.string_table))
    out += h.string_table
    return bytes(out)
