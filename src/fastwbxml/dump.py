"""An annotated token listing of a WBXML message, like the byte tables of [MS-ASWBXML]
section 3: every token with its byte offset, its bytes, the code page and its meaning."""
from __future__ import annotations

from . import tables as _t
from ._decode_py import decode_str_i, opaque_span, unsupported_token
from ._header import EAS_HEADER_BYTES, read_mb_u_int32
from .errors import (InvalidStringError, TruncatedError, UnknownCodePageError,
                     WBXMLError)

__all__ = ["dump_lines", "dump"]



def _hex(data, start: int, stop: int, limit: int = 8) -> str:
    chunk = bytes(data[start:min(stop, start + limit)])
    s = " ".join(f"{b:02X}" for b in chunk)
    return s + (" …" if stop - start > limit else "")


def dump_lines(data, *, fragment: bool = False, page: int = 0):
    """Yield ``(offset, hex, page, meaning)`` rows; lexical errors end the listing by
    raising the WBXMLError (rows before it were yielded)."""
    data = bytes(data)
    end = len(data)
    pos = 0
    if not fragment:
        if end == 0:
            raise TruncatedError("empty input: no WBXML header", 0)
        v = data[0]
        yield 0, f"{v:02X}", "header", f"WBXML version {1 + (v >> 4)}.{v & 0x0F}"
        pos = 1
        pid, p2 = read_mb_u_int32(data, pos, end, "public id")
        yield pos, _hex(data, pos, p2), "header", (
            f"public id {pid}" + (" (unknown/missing DTD)" if pid == 1 else ""))
        pos = p2
        if pid == 0:
            idx, p2 = read_mb_u_int32(data, pos, end, "public id string index")
            yield pos, _hex(data, pos, p2), "header", f"public id string at index {idx}"
            pos = p2
        cs, p2 = read_mb_u_int32(data, pos, end, "charset")
        yield pos, _hex(data, pos, p2), "header", f"charset MIBenum {cs}" + (
            " (UTF-8)" if cs == 106 else "")
        pos = p2
        n, p2 = read_mb_u_int32(data, pos, end, "string table length")
        yield pos, _hex(data, pos, p2), "header", f"string table length {n}"
        pos = p2
        if n:
            if n > end - pos:
                raise TruncatedError("string table runs past the end of the input", pos)
            yield pos, _hex(data, pos, pos + n), "header", f"string table {data[pos:pos + n]!r}"
            pos += n
    cur = page
    stack: list = []
    while pos < end:
        b = data[pos]
        pname = f"{_t.PAGES[cur].name} ({cur})"
        if b == 0x00:
            if pos + 1 >= end:
                raise TruncatedError("SWITCH_PAGE without its page byte", pos)
            p = data[pos + 1]
            if p not in _t.PAGES:
                raise UnknownCodePageError(f"SWITCH_PAGE to unknown code page {p}", pos)
            yield pos, _hex(data, pos, pos + 2), pname, f"SWITCH_PAGE → {_t.PAGES[p].name} ({p})"
            cur = p
            pos += 2
        elif b == 0x01:
            tag = stack.pop() if stack else "?"
            yield pos, "01", pname, f"END </{tag}>"
            pos += 1
        elif b == 0x03:
            try:
                text, p2 = decode_str_i(data, pos, end, 1 << 62)
            except InvalidStringError:
                p2 = data.find(b"\0", pos + 1, end) + 1
                yield pos, _hex(data, pos, p2), pname, "STR_I (invalid UTF-8)"
                raise
            yield pos, _hex(data, pos, p2), pname, f"STR_I {text!r}"
            pos = p2
        elif b == 0xC3:
            start, stop = opaque_span(data, pos, end, 1 << 62)
            raw = data[start:stop]
            shown = repr(raw[:24]) + ("…" if len(raw) > 24 else "")
            yield pos, _hex(data, pos, stop), pname, f"OPAQUE {len(raw)} bytes {shown}"
            pos = stop
        elif (b & 0x3F) < 5 or b & 0x80:
            raise unsupported_token(b, pos)
        else:
            token = b & 0x3F
            name = _t.TAG_NAMES[cur][token] or _t.raw_tag(cur, token)
            local = name.partition(":")[2]
            if b & 0x40:
                stack.append(local)
                yield pos, f"{b:02X}", pname, f"<{local}> token 0x{token:02X}, content follows"
            else:
                yield pos, f"{b:02X}", pname, f"<{local}/> token 0x{token:02X}, no content"
            pos += 1


def dump(data, *, fragment: bool = False, page: int = 0, out=None) -> int:
    """Print the listing to *out* (default stdout); return 0 if the message decodes, 1 if
    not (the error, with its offset, is printed last)."""
    import sys
    from ._api import loads, loads_document, loads_fragment
    out = out or sys.stdout
    print(f"{'offset':>8}  {'bytes':<26} {'page':<22} meaning", file=out)
    try:
        for off, hx, pg, meaning in dump_lines(data, fragment=fragment, page=page):
            print(f"{off:08X}  {hx:<26} {pg:<22} {meaning}", file=out)
        if fragment:
            loads_fragment(data, page=page)
        elif bytes(data[:4]) == EAS_HEADER_BYTES:
            loads(data)
        else:
            loads_document(data)
    except WBXMLError as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=out)
        return 1
    return 0


