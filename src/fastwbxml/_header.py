"""The WBXML header, shared by both implementations (it is read once per message)."""
from __future__ import annotations

from typing import NamedTuple

from .errors import HeaderError, MbUInt32Error, TruncatedError

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
            raise TruncatedError(f"truncated multi-byte integer ({what})", start)
        b = data[pos]
        if b == 0x80 and pos == start:
            raise MbUInt32Error(f"non-minimal multi-byte integer ({what}) starts with 0x80",
                                start)
        pos += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            if value > 0xFFFFFFFF:
                raise MbUInt32Error(f"multi-byte integer ({what}) exceeds 2**32-1", start)
            return value, pos
    raise MbUInt32Error(f"multi-byte integer ({what}) longer than 5 bytes", start)


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
        raise TruncatedError("empty input: no WBXML header", 0)
    version = data[0]
    if version == 0x00:
        raise HeaderError("WBXML version 1.0 is not supported (EAS uses 1.3, byte 0x03)", 0)
    if version > 0x03:
        raise HeaderError(f"unknown WBXML version byte 0x{version:02X} (EAS uses 0x03)", 0)
    pos = 1
    public_id, pos = read_mb_u_int32(data, pos, end, "public id")
    index_pos = pos
    index = None
    if public_id == 0:
        index, pos = read_mb_u_int32(data, pos, end, "public id string index")
    charset_pos = pos
    charset, pos = read_mb_u_int32(data, pos, end, "charset")
    if charset != UTF8:
        raise HeaderError(f"unsupported charset MIBenum {charset} (only UTF-8, 106, is supported)",
                          charset_pos)
    len_pos = pos
    length, pos = read_mb_u_int32(data, pos, end, "string table length")
    if length > end - pos:
        raise TruncatedError(f"string table of {length} bytes runs past the end of the input "
                             f"({end - pos} bytes left)", len_pos)
    table = bytes(data[pos:pos + length])
    pos += length
    if index is not None and (index >= length or b"\0" not in table[index:]):
        raise HeaderError(f"public id string index {index} is outside the string table", index_pos)
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
