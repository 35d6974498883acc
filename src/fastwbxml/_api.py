"""The public functions, on top of whichever core is active (native or pure Python)."""
from __future__ import annotations

import os
from typing import Iterable, NamedTuple

from . import _decode_py, _encode_py
from ._header import EAS_HEADER, EAS_HEADER_BYTES, Header, encode_header
from .element import Element
from .errors import EncodeError

__all__ = ["Codec", "PYTHON", "NATIVE", "ACTIVE", "loads", "dumps", "loads_document", "loads_fragment", "dumps_fragment",
           "iterparse", "Document", "IMPLEMENTATION"]

class Document(NamedTuple):
    """A message with its header, from :func:`loads_document`; :func:`dumps` writes both."""
    header: Header
    root: Element


def _options(options: dict) -> dict:
    allowed = ("strict", "opaque_memoryview", "max_depth", "max_elements", "max_string_len",
               "max_opaque_len")
    for k in options:
        if k not in allowed:
            raise TypeError(f"unexpected keyword argument {k!r}")
    return options


def _header_bytes(h: Header) -> bytes:
    if h == EAS_HEADER:
        return EAS_HEADER_BYTES
    if not isinstance(h, Header):
        raise EncodeError(f"header must be a fastwbxml.Header, not {type(h).__name__}")
    if not 1 <= h.version <= 3 or h.charset != 106 or not 0 <= h.public_id <= 0xFFFFFFFF:
        raise EncodeError(f"cannot encode header {h!r}: version 1..3, UTF-8 (106) only")
    if h.public_id == 0 and (h.public_id_index is None
                             or h.public_id_index >= len(h.string_table)):
        raise EncodeError("public id 0 needs public_id_index inside string_table")
    return encode_header(h)


class Codec:
    """One implementation's entry points; the module-level functions use the active one."""

    def __init__(self, name: str, decode, encode, event_reader):
        self.name = name
        self._decode = decode
        self._encode = encode
        self._EventReader = event_reader

    def __repr__(self) -> str:
        return f"<fastwbxml codec {self.name}>"

    def loads(self, data, *, strict: bool = False, opaque_memoryview: bool = False,
              max_depth: int = _decode_py.DEFAULT_MAX_DEPTH,
              max_elements: int = _decode_py.DEFAULT_MAX_ELEMENTS,
              max_string_len: int = _decode_py.DEFAULT_MAX_STRING_LEN,
              max_opaque_len: int = _decode_py.DEFAULT_MAX_OPAQUE_LEN) -> Element:
        """Decode a whole WBXML message (header ``03 01 6A 00`` and one root element).

        *data* is any bytes-like object.  ``strict=True`` rejects tokens the tables do not
        define (by default they become raw ``Page:Unknown_0xHH`` elements that re-encode to the
        same token).  ``opaque_memoryview=True`` gives OPAQUE content as ``memoryview`` slices
        of *data* instead of ``bytes`` copies.  The ``max_*`` limits bound what untrusted input
        can make the decoder build.

        A message whose header is not EAS's raises :class:`HeaderError`: use
        :func:`loads_document` to decode it and keep the header.
        """
        header, roots = self._decode(data, fragment=False, page=0, eas_only=True, strict=strict,
                                opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                                max_elements=max_elements, max_string_len=max_string_len,
                                max_opaque_len=max_opaque_len)
        return roots[0]


    def loads_document(self, data, **options) -> Document:
        """Like :func:`loads`, for a message with any WBXML 1.1-1.3 UTF-8 header; returns a
        :class:`Document` that :func:`dumps` writes back with the same header."""
        header, roots = self._decode(data, fragment=False, page=0, **_options(options))
        return Document(header, roots[0])


    def loads_fragment(self, data, *, page: int = 0, **options) -> list:
        """Decode a header-less body fragment (as some servers' fixtures store them): a
        sequence of zero or more top-level elements, starting on code page *page*."""
        return self._decode(data, fragment=True, page=page, **_options(options))[1]


    def dumps(self, obj) -> bytes:
        """Encode an :class:`Element` (with EAS's header) or a :class:`Document` (with its own
        header) to WBXML bytes.  Raises :class:`EncodeError` and writes nothing for a tree that
        cannot be encoded (unknown tag, NUL in a string, text neither str nor bytes-like)."""
        if isinstance(obj, Element):
            return EAS_HEADER_BYTES + self._encode((obj,), 0)
        if isinstance(obj, Document):
            return _header_bytes(obj.header) + self._encode((obj.root,), 0)
        raise EncodeError(f"dumps() takes an Element or a Document, not {type(obj).__name__}")


    def dumps_fragment(self, elements: Iterable[Element], *, page: int = 0) -> bytes:
        """Encode elements as a header-less body fragment whose first code page is *page*."""
        if isinstance(elements, Element):
            elements = (elements,)
        from . import tables
        if page not in tables.PAGES:
            raise EncodeError(f"unknown initial code page {page}")
        return bytes(self._encode(tuple(elements), page))


    def iterparse(self, data, *, fragment: bool = False, page: int = 0, **options):
        """A pull parser over *data*: iterate it for ``(event, value)`` pairs without building
        a tree (see :class:`fastwbxml.EventReader`); ``fragment=True`` reads a header-less
        fragment starting on *page*."""
        return self._EventReader(data, fragment=fragment, page=page, **_options(options))


PYTHON = Codec("python", _decode_py.decode, _encode_py.encode, _decode_py.EventReader)
NATIVE = None
try:
    from . import _core  # type: ignore[attr-defined]
except ImportError:
    pass
else:
    NATIVE = Codec("native", _core.decode, _core.encode, _core.EventReader)

#: the codec in use: native unless it is missing or FASTWBXML_PUREPYTHON is set
ACTIVE = PYTHON if NATIVE is None or os.environ.get("FASTWBXML_PUREPYTHON") else NATIVE
IMPLEMENTATION = ACTIVE.name

loads = ACTIVE.loads
loads_document = ACTIVE.loads_document
loads_fragment = ACTIVE.loads_fragment
dumps = ACTIVE.dumps
dumps_fragment = ACTIVE.dumps_fragment
iterparse = ACTIVE.iterparse
