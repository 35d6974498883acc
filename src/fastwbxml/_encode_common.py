"""What both encoders check the same way: tags, strings, opaque buffers, headers, paths.

The Python encoder and the native one write the same bytes and refuse the same trees.  The
checks that are not on the hot path live here once; the native core calls them when its
fast path meets something it does not handle itself (a tag missing from its cache, a
string it must reject, a buffer that is not plain bytes), so the error is the same.

* An error names *where* in the tree it happened: :func:`element_path` joins the tags of the
  open elements (``AirSync:Sync/AirSync:Collections/...``).
* :func:`tag_code` resolves a tag to ``(page << 8) | token``, including raw
  ``Page:Unknown_0xHH`` names; the tables word the refusal.
* :func:`utf8` is the UTF-8 of an inline string, which may not hold NUL (the terminator);
  :func:`opaque_view` a flat byte view of a bytes-like value, which must be contiguous.
* :func:`header_bytes` writes a :class:`Header`, refusing one fastwbxml cannot write.
* From :data:`CYCLE_CHECK_DEPTH` down, both encoders keep the ids of the open elements in a
  set, and an element that is its own ancestor (a tree that would encode forever) is an
  ``EncodeError``.  Shallower trees, all real EAS messages, pay nothing.

This module imports the tables, the header writer and the error constructors.
"""
from __future__ import annotations

from . import tables as _t
from ._header import EAS_HEADER, EAS_HEADER_BYTES, Header, encode_header
from .errors import (err_cycle, err_header_public_id, err_header_type, err_header_values,
                     err_not_contiguous, err_not_utf8, err_nul, err_tag, err_text_type)

__all__ = ["CYCLE_CHECK_DEPTH", "element_path", "cycle_error", "tag_code", "utf8",
           "opaque_view", "header_bytes"]

_TAG_CODES = _t.TAG_CODES

CYCLE_CHECK_DEPTH = 64


def element_path(chain: list) -> str:
    return "/".join(e.tag if isinstance(getattr(e, "tag", None), str) else repr(getattr(e, "tag", e))
                    for e in chain)


def cycle_error(chain: list):
    return err_cycle(element_path(chain))


def tag_code(e, chain) -> int:
    code = _TAG_CODES.get(e.tag) if type(e.tag) is str else None
    if code is None:
        try:
            code = _t.tag_code(e.tag)
        except KeyError as exc:
            raise err_tag(str(exc.args[0]), element_path(chain)) from None
    return code


def utf8(text: str, chain: list) -> bytes:
    """The UTF-8 of an inline string; EncodeError if it cannot be one."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise err_not_utf8(exc.reason, exc.start, element_path(chain)) from None
    if b"\0" in raw:
        raise err_nul(text.index(chr(0)), element_path(chain))
    return raw


def opaque_view(text, chain: list) -> memoryview:
    """A flat byte view of opaque *text*; EncodeError if it is not a contiguous buffer."""
    try:
        mv = memoryview(text)
    except TypeError:
        raise err_text_type(text, element_path(chain)) from None
    if not mv.c_contiguous:
        raise err_not_contiguous(element_path(chain))
    if mv.ndim != 1 or mv.itemsize != 1:
        mv = mv.cast("B")
    return mv


def header_bytes(h: Header) -> bytes:
    """The bytes of a :class:`Header` to write; EncodeError for one fastwbxml cannot write."""
    if h == EAS_HEADER:
        return EAS_HEADER_BYTES
    if not isinstance(h, Header):
        raise err_header_type(h)
    if not 1 <= h.version <= 3 or h.charset != 106 or not 0 <= h.public_id <= 0xFFFFFFFF:
        raise err_header_values(h)
    if h.public_id == 0 and (h.public_id_index is None
                             or h.public_id_index >= len(h.string_table)):
        raise err_header_public_id()
    return encode_header(h)
