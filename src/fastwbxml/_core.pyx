# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, auto_pickle=False
"""The native core: the same codec as ``_decode_py`` / ``_encode_py``, in Cython.

Same entry points, signatures, docstrings (the Python functions', set by ``fastwbxml._api``),
results and errors (class, offset, message: every error is built by the same constructor
in ``fastwbxml.errors`` that the Python path raises).  Differential tests
(``tests/test_differential.py``) hold the two to that.

Memory safety: every byte of the input is read through ``rd_byte`` / ``rd_span`` below,
which check against the end of the buffer; there is no other way to touch the input.
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
