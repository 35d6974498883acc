"""The public functions, from whichever core is active (native or pure Python).

Both implementations export the same entry points with the same signatures and
docstrings: ``loads``, ``loads_document``, ``loads_fragment``, ``iterparse`` (the pure-Python
ones in :mod:`fastwbxml._decode_py`), ``dumps``, ``dumps_fragment`` (in
:mod:`fastwbxml._encode_py`), and the native ones, Cython functions, in ``fastwbxml._core``.
The module-level names here *are* the active implementation's functions (no wrapper on the
hot path).  :data:`PYTHON` and :data:`NATIVE` give each implementation's set, for tests and
benchmarks; :data:`NATIVE` is ``None`` when the extension is not built or
``FASTWBXML_PUREPYTHON`` is set (then it is not even imported).  Which one is active is
decided in :mod:`fastwbxml._impl`; this module only binds the names.  The native functions
get the Python functions' docstrings here: one text per entry point.
"""
from __future__ import annotations

from . import _decode_py, _encode_py, _impl
from ._document import Document

__all__ = ["Codec", "PYTHON", "NATIVE", "ACTIVE", "loads", "dumps", "loads_document",
           "loads_fragment", "dumps_fragment", "iterparse", "Document", "EventReader",
           "IMPLEMENTATION"]


class Codec:
    """One implementation's entry points (and its decode/encode primitives)."""

    __slots__ = ("name", "loads", "loads_document", "loads_fragment", "dumps", "dumps_fragment",
                 "iterparse", "EventReader", "Element", "_decode", "_encode", "_EventReader")

    def __init__(self, name: str, dec, enc, element_class):
        self.name = name
        self.loads = dec.loads
        self.loads_document = dec.loads_document
        self.loads_fragment = dec.loads_fragment
        self.iterparse = dec.iterparse
        self.EventReader = self._EventReader = dec.EventReader
        self.dumps = enc.dumps
        self.dumps_fragment = enc.dumps_fragment
        self._decode = dec.decode  # (data, *, fragment, page, **options) -> (header, roots)
        self._encode = enc.encode  # (roots, initial_page) -> body bytes
        self.Element = element_class

    def __repr__(self) -> str:
        return f"<fastwbxml codec {self.name}>"


PYTHON = Codec("python", _decode_py, _encode_py, _impl.Element)  # (builds the class in use)
NATIVE = None
_core = _impl.native
if _core is not None:
    NATIVE = Codec("native", _core, _core, _core.Element)
    # one docstring per entry point: the Python implementation's
    for _name in ("loads", "loads_document", "loads_fragment", "iterparse", "decode"):
        getattr(_core, _name).__doc__ = getattr(_decode_py, _name).__doc__
    for _name in ("dumps", "dumps_fragment", "encode"):
        getattr(_core, _name).__doc__ = getattr(_encode_py, _name).__doc__
    del _name

#: the codec in use: native unless it is missing or FASTWBXML_PUREPYTHON is set
ACTIVE = NATIVE if NATIVE is not None else PYTHON
#: ``"native"`` or ``"python"``
IMPLEMENTATION = _impl.IMPLEMENTATION

loads = ACTIVE.loads
loads_document = ACTIVE.loads_document
loads_fragment = ACTIVE.loads_fragment
dumps = ACTIVE.dumps
dumps_fragment = ACTIVE.dumps_fragment
iterparse = ACTIVE.iterparse
EventReader = ACTIVE.EventReader
