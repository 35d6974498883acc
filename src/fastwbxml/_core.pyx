# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, auto_pickle=False
"""The native core: the same codec as ``_decode_py`` / ``_encode_py``, in Cython.

Same entry points, signatures, docstrings (the Python functions', set by ``fastwbxml._api``),
results and errors (class, offset, message: every error is built by the same constructor
in ``fastwbxml.errors`` that the Python path raises).  Differential tests
(``tests/test_differential.py``) hold the two to that.

Memory safety: every byte of the input is read through ``rd_byte`` / ``rd_span``
(``_core_input.pxi``), which check against the end of the buffer; there is no other way to
touch the input.

Layout.  This file holds the module's Python imports (only the shared leaves of the Python
side) and ``include`` lines; each job is a ``.pxi`` file, and the C helpers are real headers,
so compiler messages name real files and lines.  ``include`` keeps one C translation unit:
the hot helpers stay inlined across files as they were in one.  In order:

- ``_core_decls.pxi``: raw CPython declarations, and ``_core_utf8.h`` (UTF-8 validation and
  filling, the short-string cache, the UTF-8 writer's loop);
- ``_core_tables.pxi``: the token tables as C arrays, the module's constants;
- ``_core_input.pxi``: the input, the one bounds-checked reader, and what the tree decoder
  and the event reader share: the ``Limits`` struct (built once per call), the STR_I and
  OPAQUE readers, the header, the stack-growth helper;
- ``_core_element.pxi``: the native ``Element`` and its children blocks (``_core_kids.h``);
- ``_core_decode.pxi``: the tree decoder; ``_core_events.pxi``: the event reader;
- ``_core_writer.pxi``: the output buffer and the STR_I / OPAQUE writers;
- ``_core_encode.pxi``: the encoder.
"""
cimport cython
from cpython.buffer cimport PyBUF_SIMPLE, PyBuffer_Release, PyObject_GetBuffer
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_CheckExact, PyBytes_GET_SIZE
from cpython.bytes cimport PyBytes_FromStringAndSize, _PyBytes_Resize
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF, Py_INCREF, Py_XDECREF
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memchr, memcpy

# only the shared leaves of the Python side: never the Python codec (_decode_py, _encode_py)
# nor the choice of implementation (_impl, element), so the import graph has no cycle
from fastwbxml import _decode_common as _dc
from fastwbxml import _element_py as _el
from fastwbxml import _encode_common as _ec
from fastwbxml import _limits
from fastwbxml import _tokens
from fastwbxml import errors as _err
from fastwbxml import tables as _t
from fastwbxml._document import Document
from fastwbxml._header import EAS_HEADER, EAS_HEADER_BYTES
from fastwbxml._wire import Wire, set_wire

include "_core_decls.pxi"
include "_core_tables.pxi"
include "_core_input.pxi"
include "_core_element.pxi"
include "_core_decode.pxi"
include "_core_events.pxi"
include "_core_writer.pxi"
include "_core_encode.pxi"
