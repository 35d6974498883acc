"""WBXML bodies as servers and clients write them into their logs: base64 and hex text.

Server developers debug from logs, not captures.  Z-Push and grommunio-sync log a failing
request as base64 (``WBXML 10K debug data: AwFq...``, ``WBXML-IN : AwFq...``); TbSync logs
bodies as space-separated hex; ``xxd`` and ``hexdump -C`` listings carry an offset at the
start of each line and an ASCII column at the end.  This module turns such text back into
the bytes, so ``fastwbxml decode --base64`` / ``--hex`` can read a pasted log entry.

How it works:

* :func:`from_base64` drops everything up to the last ``:`` (the log line's label, which
  base64 never contains), ignores whitespace and line breaks, accepts the standard and the
  URL-safe alphabet with or without ``=`` padding, and names the position (and line and
  column) of the first character that cannot be base64.
* :func:`from_hex` reads either plain hex text -- bytes separated by spaces, commas or
  nothing, each optionally prefixed ``0x`` -- or a dump with offsets.  A dump is recognised
  when every non-blank line starts with an offset (``00000010:`` as ``xxd`` writes it, or
  eight hex digits followed by two spaces as ``hexdump -C`` does); its ASCII column is
  dropped, ``hexdump``'s ``*`` (the line before, repeated) is expanded, and every offset
  must equal the number of bytes read before that line, which also catches a line whose
  bytes were mistaken for the ASCII column.
* Errors are :class:`LogTextError` (a ``ValueError``) with ``position``, the 0-based index
  of the offending character in the text given (``None`` when the fault is the whole text,
  e.g. an odd number of hex digits).
"""
from __future__ import annotations

import binascii
import re

__all__ = ["LogTextError", "from_base64", "from_hex"]

_B64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")
_XXD_LINE = re.compile(r"[0-9A-Fa-f]{4,}:")
_HEXDUMP_LINE = re.compile(r"[0-9A-Fa-f]{8}(?:  |$)")
_ASCII_COLUMN = re.compile(r"\s*\|.*\|\s*$")


class LogTextError(ValueError):
    """Text that is not the base64 or hex form of a body; ``position`` is the 0-based index
    of the first offending character, or ``None``."""

    def __init__(self, reason: str, text: str = "", position: int | None = None):
        self.reason = reason
        self.position = position
        where = ""
        if position is not None:
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
            where = f" at position {position} (line {line}, column {column})"
        super().__init__(f"{reason}{where}")


def _text(data) -> str:
    if isinstance(data, str):
        return data
    return bytes(data).decode("utf-8", "replace")


def from_base64(data) -> bytes:
    """The bytes of base64 *data* (str or bytes): a log label up to the last ``:`` and all
    whitespace are ignored."""
    text = _text(data)
    start = text.rfind(":") + 1
    chars: list[str] = []
    pad_at = None
    for i in range(start, len(text)):
        c = text[i]
        if c.isspace():
            continue
        if c == "=":
            if pad_at is None:
                pad_at = i
            continue
        if pad_at is not None or ord(c) > 127 or ord(c) not in _B64:
            what = "data after '=' padding" if pad_at is not None and ord(c) < 128 and \
                ord(c) in _B64 else f"bad base64 character {c!r}"
            raise LogTextError(what, text, i)
        chars.append(c)
    if not chars:
        raise LogTextError("no base64 data", text, None)
    body = "".join(chars).replace("-", "+").replace("_", "/")
    if len(body) % 4 == 1:
        raise LogTextError(f"truncated base64: {len(body)} characters, one past a whole "
                           "group of 4", text, None)
    body += "=" * (-len(body) % 4)
    try:
        return binascii.a2b_base64(body.encode("ascii"), strict_mode=True)
    except binascii.Error as exc:           # pragma: no cover - excluded by the checks above
        raise LogTextError(f"bad base64: {exc}", text, None) from None


def _hex_digits(text: str, start: int, stop: int, out: list[str], full: str) -> None:
    """Append the hex digits of ``text[start:stop]`` (separators: whitespace, commas, a
    ``0x`` prefix per byte) to *out*."""
    i = start
    while i < stop:
        c = text[i]
        if c.isspace() or c == ",":
            i += 1
            continue
        if c == "0" and i + 1 < stop and text[i + 1] in "xX" and (
                i == start or text[i - 1].isspace() or text[i - 1] == ","):
            i += 2
            continue
        if c not in _HEXDIGITS:
            raise LogTextError(f"not a hex digit: {c!r}", full, i)
        out.append(c)
        i += 1


def _is_dump(lines) -> bool:
    body = [line for _, line in lines if line.strip()]
    if not body:
        return False
    return (all(_XXD_LINE.match(line.lstrip()) for line in body)
            or (_HEXDUMP_LINE.match(body[0]) is not None
                and all(_HEXDUMP_LINE.match(line) or line.strip() == "*" for line in body)))


def from_hex(data) -> bytes:
    """The bytes of hex *data* (str or bytes): plain hex text or an offset dump."""
    text = _text(data)
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    digits: list[str] = []
    if _is_dump(lines):
        previous: list[str] = []        # the digits of the line before (for '*')
        repeat = False
        for start, line in lines:
            if not line.strip():
                continue
            if line.strip() == "*":     # hexdump -C: the line before, repeated up to the next
                repeat = True
                continue
            lead = len(line) - len(line.lstrip())
            rest = line.lstrip()
            m = _XXD_LINE.match(rest) or _HEXDUMP_LINE.match(rest)
            offset = int(m.group(0).strip().rstrip(":"), 16)
            while repeat and previous and len(digits) // 2 < offset:
                digits.extend(previous)
            repeat = False
            before = len(digits)
            if len(digits) % 2 or offset != len(digits) // 2:
                raise LogTextError(f"dump offset 0x{offset:X} does not follow the "
                                   f"{len(digits) // 2} bytes read before it", text,
                                   start + lead)
            hexpart = rest[m.end():]
            hexpart = _ASCII_COLUMN.sub("", hexpart)
            if m.group(0).endswith(":"):           # xxd: the ASCII column follows 2 spaces
                gap = hexpart.lstrip().find("  ")
                if gap >= 0:
                    hexpart = hexpart[:len(hexpart) - len(hexpart.lstrip()) + gap]
            first = start + lead + m.end()
            _hex_digits(text, first, first + len(hexpart), digits, text)
            previous = digits[before:]
    else:
        _hex_digits(text, 0, len(text), digits, text)
    if len(digits) % 2:
        raise LogTextError(f"odd number of hex digits ({len(digits)})", text, None)
    return bytes.fromhex("".join(digits))
