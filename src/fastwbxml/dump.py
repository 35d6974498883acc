"""An annotated token listing of a WBXML message, like the byte tables of [MS-ASWBXML]
section 3: every token with its byte offset, its bytes, the code page and its meaning.

The listing reads nothing itself: it follows the event reader the codecs use
(``fastwbxml.iterparse``, the active implementation), which checks everything ``loads``
checks and raises the same errors with the same offsets.  From each event and the reader's
``offset`` the listing knows which bytes the token took; those the reader passed over
without an event are SWITCH_PAGE tokens (the only token that yields none), two bytes each.
The header rows come from the ``Header`` the reader parsed: every field is a minimal
mb_u_int32 (the reader refuses any other), so its bytes are the encoding of its value.

An error ends the listing: the rows before it are yielded, then the reader's exception
propagates (``dump`` prints it, with its offset, as the last line).
"""
from __future__ import annotations

import sys

from . import tables as _t
from ._api import iterparse
from ._header import encode_mb_u_int32
from ._tokens import END, OPAQUE, START, TEXT
from .errors import WBXMLError

__all__ = ["dump_lines", "dump"]


def _hex(data, start: int, stop: int, limit: int = 8) -> str:
    chunk = bytes(data[start:min(stop, start + limit)])
    s = " ".join(f"{b:02X}" for b in chunk)
    return s + (" …" if stop - start > limit else "")


def _page(p: int) -> str:
    return f"{_t.PAGES[p].name} ({p})"


def _header_rows(data, h):
    """The rows of a parsed header; return them and the body's offset."""
    rows = [(0, f"{data[0]:02X}", f"WBXML version {1 + (h.version >> 4)}.{h.version & 0x0F}")]
    pos = 1
    fields = [(h.public_id, f"public id {h.public_id}"
               + (" (unknown/missing DTD)" if h.public_id == 1 else ""))]
    if h.public_id == 0:
        fields.append((h.public_id_index, f"public id string at index {h.public_id_index}"))
    fields.append((h.charset, f"charset MIBenum {h.charset}" + (" (UTF-8)" if h.charset == 106
                                                                 else "")))
    n = len(h.string_table)
    fields.append((n, f"string table length {n}"))
    for value, meaning in fields:
        stop = pos + len(encode_mb_u_int32(value))
        rows.append((pos, _hex(data, pos, stop), meaning))
        pos = stop
    if n:
        rows.append((pos, _hex(data, pos, pos + n), f"string table {h.string_table!r}"))
        pos += n
    return [(off, hx, "header", meaning) for off, hx, meaning in rows], pos


def dump_lines(data, *, fragment: bool = False, page: int = 0):
    """Yield ``(offset, hex, page, meaning)`` rows; an error ends the listing by raising the
    WBXMLError (rows before it were yielded)."""
    data = bytes(data)
    reader = iterparse(data, fragment=fragment, page=page)
    if fragment:
        pos = 0
    else:
        rows, pos = _header_rows(data, reader.header)
        yield from rows
    cur = page if fragment else 0
    stack: list = []

    def switches(upto: int):
        # the tokens the reader passed over without an event: SWITCH_PAGE, 00 pp
        nonlocal pos, cur
        while pos + 1 < upto and data[pos] == 0x00:
            p = data[pos + 1]
            yield pos, _hex(data, pos, pos + 2), _page(cur), f"SWITCH_PAGE → {_page(p)}"
            cur = p
            pos += 2

    it = iter(reader)
    while True:
        try:
            event, value = next(it)
        except StopIteration:
            break
        except WBXMLError as exc:
            if exc.offset is not None:
                yield from switches(exc.offset)
            raise
        if event == END and not stack[-1][1]:
            stack.pop()  # the end of an element written without content: no token
            continue
        at = reader.offset
        yield from switches(at)
        pname = _page(cur)
        if event == START:
            b = data[at]
            local = value.partition(":")[2]
            stack.append((local, reader.content_bit))
            if reader.content_bit:
                meaning = f"<{local}> token 0x{b & 0x3F:02X}, content follows"
            else:
                meaning = f"<{local}/> token 0x{b & 0x3F:02X}, no content"
            yield at, f"{b:02X}", pname, meaning
            pos = at + 1
        elif event == END:
            yield at, "01", pname, f"END </{stack.pop()[0]}>"
            pos = at + 1
        elif event == TEXT:
            stop = at + len(value.encode("utf-8")) + 2
            yield at, _hex(data, at, stop), pname, f"STR_I {value!r}"
            pos = stop
        elif event == OPAQUE:
            raw = bytes(value)
            stop = at + 1 + len(encode_mb_u_int32(len(raw))) + len(raw)
            shown = repr(raw[:24]) + ("…" if len(raw) > 24 else "")
            yield at, _hex(data, at, stop), pname, f"OPAQUE {len(raw)} bytes {shown}"
            pos = stop
    yield from switches(len(data))


def dump(data, *, fragment: bool = False, page: int = 0, out=None) -> int:
    """Print the listing to *out* (default stdout); return 0 if the message decodes, 1 if
    not (the error, with its offset, is printed last)."""
    out = out or sys.stdout
    print(f"{'offset':>8}  {'bytes':<26} {'page':<22} meaning", file=out)
    try:
        for off, hx, pg, meaning in dump_lines(data, fragment=fragment, page=page):
            print(f"{off:08X}  {hx:<26} {pg:<22} {meaning}", file=out)
    except WBXMLError as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=out)
        return 1
    return 0
