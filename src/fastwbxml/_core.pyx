# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, auto_pickle=False
"""The native core: the same codec as ``_decode_py`` / ``_encode_py``, in Cython.

Same entry points, signatures, docstrings (copied from the Python functions at import),
results and errors (class, offset, message: every error is built by the same helper
function of ``_decode_py`` / ``_encode_py`` that the Python path raises).  Differential tests
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
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcpy

from fastwbxml import _decode_py as _dp
from fastwbxml import _encode_py as _ep
from fastwbxml import element as _el
from fastwbxml import tables as _t
from fastwbxml._header import EAS_HEADER, EAS_HEADER_BYTES
from fastwbxml.errors import EncodeError

cdef extern from "Python.h":
    # borrowed-reference / raw forms the .pxd files do not give
    PyObject* PyDict_GetItem(object d, object key)
    PyObject* PyDict_GetItemWithError(object d, object key)
    int PyUnicode_KIND(object s)
    void* PyUnicode_DATA(object s)
    Py_ssize_t PyUnicode_GET_LENGTH(object s)
    bint PyUnicode_IS_ASCII(object s)
    bint PyUnicode_CheckExact(object o)
    bint PyList_CheckExact(object o)
    int PyUnicode_1BYTE_KIND
    int PyUnicode_2BYTE_KIND
    void PyObject_GC_UnTrack(void* o)
    Py_ssize_t PY_SSIZE_T_MAX
    Py_ssize_t PY_SSIZE_T_MIN
    PyObject* PyUnicode_DecodeUTF8_raw "PyUnicode_DecodeUTF8"(const char* s, Py_ssize_t n,
                                                              const char* errors)
    void PyErr_Clear()
    object PyUnicode_New(Py_ssize_t size, uint32_t maxchar)
    Py_ssize_t Py_REFCNT(PyObject* o)
    PyObject* PyTuple_GET_ITEM_raw "PyTuple_GET_ITEM"(PyObject* t, Py_ssize_t i)
    void PyTuple_SET_ITEM_raw "PyTuple_SET_ITEM"(PyObject* t, Py_ssize_t i, PyObject* o)

Document = _dp.Document
_PyElement = _el.PyElement
cdef object _ELEMENT_TYPES = _el.ELEMENT_TYPES  # rebound below, once Element exists
cdef object _EAS_HEADER = EAS_HEADER
cdef bytes _EAS_HEADER_BYTES = EAS_HEADER_BYTES
cdef object _set_wire = _dp._set_wire
cdef str START = _dp.START
cdef str END = _dp.END
cdef str TEXT = _dp.TEXT
cdef str OPAQUE = _dp.OPAQUE

DEFAULT_MAX_DEPTH = _dp.DEFAULT_MAX_DEPTH
DEFAULT_MAX_ELEMENTS = _dp.DEFAULT_MAX_ELEMENTS
DEFAULT_MAX_STRING_LEN = _dp.DEFAULT_MAX_STRING_LEN
DEFAULT_MAX_OPAQUE_LEN = _dp.DEFAULT_MAX_OPAQUE_LEN


# ==========================================================================================
# tables: C arrays over the interned names of fastwbxml.tables (generated from wbxml_tables/)
# ==========================================================================================
cdef PyObject* NAMES[256 * 64]      # borrowed: interned "Page:Name", NULL for an unknown token
cdef PyObject* START_EV[256 * 64]   # borrowed: ("start", name) event tuples, shared
cdef PyObject* END_EV[256 * 64]     # borrowed: ("end", name)
cdef bint PAGE_KNOWN[256]
cdef list _KEEP = []                # owns everything the arrays point at
cdef dict _RAW = {}                 # (page << 6 | token) -> (name, start event, end event)
cdef dict _TAG_CODES = _t.TAG_CODES


cdef void _init_tables() except *:
    cdef int p, tok
    for p in range(256):
        PAGE_KNOWN[p] = False
        for tok in range(64):
            NAMES[p * 64 + tok] = NULL
            START_EV[p * 64 + tok] = NULL
            END_EV[p * 64 + tok] = NULL
    for p in range(256):
        names = _t.TAG_NAMES[p]
        if names is None:
            continue
        PAGE_KNOWN[p] = True
        for tok in range(64):
            name = names[tok]
            if name is None:
                continue
            s, e = (START, name), (END, name)
            _KEEP.append((name, s, e))
            NAMES[p * 64 + tok] = <PyObject*>name
            START_EV[p * 64 + tok] = <PyObject*>s
            END_EV[p * 64 + tok] = <PyObject*>e


_init_tables()


cdef tuple _raw_entry(int page, int token, bint strict, Py_ssize_t pos):
    """(name, start event, end event) of a token its page does not define; with *strict*,
    the Python path's UnknownTagError.  Cached: a raw name is one object for the process."""
    cdef PyObject* hit = PyDict_GetItem(_RAW, (page << 6) | token)
    if strict:
        _dp.tag_name(page, token, True, pos)  # raises
    if hit != NULL:
        return <tuple>hit
    name = _dp.tag_name(page, token, False, pos)
    entry = (name, (START, name), (END, name))
    _RAW[(page << 6) | token] = entry
    return entry


# ==========================================================================================
# the one way to read the input
# ==========================================================================================
cdef struct Reader:
    const unsigned char* buf
    Py_ssize_t end


cdef inline int rd_byte(const Reader* r, Py_ssize_t at) noexcept nogil:
    """The byte at offset *at*, or -1 when *at* is outside the input."""
    if <size_t>at >= <size_t>r.end:
        return -1
    return r.buf[at]


cdef inline const unsigned char* rd_span(const Reader* r, Py_ssize_t at, Py_ssize_t n) noexcept nogil:
    """A pointer to the *n* bytes at *at*, or NULL unless all of them are inside the input."""
    if at < 0 or n < 0 or at > r.end or n > r.end - at:
        return NULL
    return r.buf + at


cdef inline Py_ssize_t rd_nul(const Reader* r, Py_ssize_t at) noexcept nogil:
    """Offset of the first NUL at or after *at*, or -1 if there is none before the end."""
    cdef const unsigned char* p = rd_span(r, at, r.end - at)
    if p == NULL:
        return -1
    cdef const void* q = memchr(p, 0, <size_t>(r.end - at))
    if q == NULL:
        return -1
    return at + (<const unsigned char*>q - p)


cdef inline Py_ssize_t rd_str(const Reader* r, Py_ssize_t at, bint* ascii) noexcept nogil:
    """Like rd_nul, and whether the bytes before the NUL are all ASCII (one pass, a word
    at a time while 8 bytes remain)."""
    cdef const unsigned char* p = rd_span(r, at, r.end - at)
    cdef Py_ssize_t n, i = 0
    cdef uint64_t v, hi = 0
    if p == NULL:
        return -1
    n = r.end - at
    while i + 8 <= n:
        memcpy(&v, p + i, 8)
        if (v - <uint64_t>0x0101010101010101) & ~v & <uint64_t>0x8080808080808080:
            break  # a NUL in this word
        hi |= v
        i += 8
    while i < n:
        if p[i] == 0:
            ascii[0] = (hi & <uint64_t>0x8080808080808080) == 0
            return at + i
        hi |= p[i]
        i += 1
    return -1


cdef inline int rd_mb_u_int32(const Reader* r, Py_ssize_t* pos, uint64_t* value) noexcept nogil:
    """Read an mb_u_int32 at pos[0]; 0 on success (pos advanced), -1 on any error (the
    caller asks the Python helper for the exact error)."""
    cdef uint64_t v = 0
    cdef int i, b
    cdef Py_ssize_t p = pos[0]
    for i in range(5):
        b = rd_byte(r, p)
        if b < 0 or (i == 0 and b == 0x80):  # truncated, or non-minimal (leading 0x80)
            return -1
        p += 1
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            if (v >> 32) != 0:
                return -1
            value[0] = v
            pos[0] = p
            return 0
    return -1


cdef class _Input:
    """The input's bytes, held for as long as something reads them."""
    cdef Reader r
    cdef object data        # the object the caller gave
    cdef object mv          # memoryview of data, for opaque_memoryview slices (lazy for bytes)
    cdef Py_buffer view
    cdef bint has_view

    def __dealloc__(self):
        if self.has_view:
            PyBuffer_Release(&self.view)
            self.has_view = False

    cdef object errbuf(self):
        """The input as bytes, for the Python helpers that build exact errors (cold path)."""
        if PyBytes_CheckExact(self.data):
            return self.data
        return PyBytes_FromStringAndSize(<const char*>self.r.buf, self.r.end)

    cdef object slice_mv(self, Py_ssize_t start, Py_ssize_t stop):
        if self.mv is None:
            self.mv = memoryview(self.data)
        return self.mv[start:stop]


cdef inline int _open(_Input src, object data) except -1:
    src.data = data
    if PyBytes_CheckExact(data):
        src.r.buf = <const unsigned char*>PyBytes_AS_STRING(data)
        src.r.end = PyBytes_GET_SIZE(data)
        return 0
    mv = memoryview(data)
    if mv.ndim != 1 or mv.itemsize != 1:
        mv = mv.cast("B")
    src.mv = mv
    if mv.c_contiguous:
        PyObject_GetBuffer(mv, &src.view, PyBUF_SIMPLE)
    else:
        PyObject_GetBuffer(mv.tobytes(), &src.view, PyBUF_SIMPLE)
    src.has_view = True
    src.r.buf = <const unsigned char*>src.view.buf
    src.r.end = src.view.len
    return 0


cdef inline object _str_i(_Input src, Py_ssize_t pos, Py_ssize_t stop, bint ascii,
                          object max_len):
    """The string of the STR_I at *pos* whose NUL is at *stop* (inside the input)."""
    cdef Py_ssize_t n = stop - pos - 1
    cdef const unsigned char* p = rd_span(&src.r, pos + 1, n)
    if ascii:
        res = PyUnicode_New(n, 127)
        memcpy(PyUnicode_DATA(res), p, <size_t>n)
        return res
    cdef PyObject* s = PyUnicode_DecodeUTF8_raw(<const char*>p, n, NULL)
    if s == NULL:
        PyErr_Clear()
        _dp.decode_str_i(src.errbuf(), pos, src.r.end, max_len)  # raises InvalidStringError
        raise AssertionError("decode_str_i did not raise")
    res = <object>s
    Py_DECREF(res)
    return res


cdef Py_ssize_t _limit(object v) except? -1:
    """A limit as a C integer; values beyond the C range act like the Python ints they are."""
    try:
        return v
    except OverflowError:
        return PY_SSIZE_T_MAX if v > 0 else PY_SSIZE_T_MIN


cdef Py_ssize_t _start_body(_Input src, bint fragment, object page, bint eas_only,
                            int* cur, list header_out) except -1:
    """Header and initial page, as ``_decode_py.start_body``; returns the body offset."""
    cdef const unsigned char* h
    if not fragment:
        h = rd_span(&src.r, 0, 4)
        if h != NULL and h[0] == 3 and h[1] == 1 and h[2] == 0x6A and h[3] == 0:
            cur[0] = 0
            header_out.append(_EAS_HEADER)
            return 4
        header, pos, _ = _dp.start_body(src.errbuf(), False, 0, eas_only)
        cur[0] = 0
        header_out.append(header)
        return pos
    header, pos, p = _dp.start_body(b"", True, page, False)
    cur[0] = p
    header_out.append(None)
    return 0


# ==========================================================================================
# the element
# ==========================================================================================
cdef object _pyel_method(str name):
    return _PyElement.__dict__[name]


# Not tracked by the cyclic GC (no_gc): a decoded Sync of 40,000 elements would otherwise be
# 40,000 more objects for every collection to traverse while it is built and as long as it
# lives (measured: 1.5-2x the decode time with the GC on).  A tree cannot form a cycle by
# itself; the price is that a cycle a user makes through elements (``e.append(e)``, or a
# text object that refers back to its element) is never collected: a leak, never a crash --
# objects reachable only from elements still count as referenced, so they are not freed.
# The decoder also untracks the children lists it makes (they hold only elements).
# Deep trees are freed without deep C recursion: the lists' dealloc uses the trashcan.
@cython.freelist(256)
@cython.no_gc
cdef class Element:
    """An element of a WBXML tree (the native node; see :mod:`fastwbxml.element`).

    A ``tag`` (``"Page:Name"``), a ``text`` (``None``, ``str`` for an inline string, or a
    bytes-like object for OPAQUE data), children (iterate, index, ``len``) and
    ``content_bit``.  The same API and slots as the pure-Python class, whose methods that are
    not on a hot path it reuses.  Elements are not tracked by the cyclic garbage collector:
    do not make reference cycles through them (they would never be freed).
    """
    cdef public object tag
    cdef public object text
    cdef public list _children
    cdef public bint _cb
    cdef public object _wire

    def __init__(self, tag, text=None, children=None, *, content_bit=False):
        self.tag = tag
        self.text = text
        self._children = list(children) if children else None
        self._cb = bool(content_bit)
        self._wire = None

    @property
    def content_bit(self):
        """Whether the element is written with WBXML's content bit (see the module doc)."""
        return self._cb or self.text is not None or (self._children is not None
                                                    and PyList_GET_SIZE(self._children) > 0)

    @content_bit.setter
    def content_bit(self, value):
        self._cb = bool(value)

    def __len__(self):
        return PyList_GET_SIZE(self._children) if self._children is not None else 0

    def __bool__(self):
        return True

    def __iter__(self):
        return iter(self._children if self._children is not None else ())

    def __getitem__(self, index):
        if self._children is None:
            if isinstance(index, slice):
                return []
            raise IndexError("element has no children")
        return self._children[index]

    def append(self, child):
        if self._children is None:
            self._children = [child]
        else:
            self._children.append(child)

    # special methods must be C slots: each calls the shared Python definition
    def __setitem__(self, index, value):
        _PyElement.__setitem__(self, index, value)

    def __delitem__(self, index):
        _PyElement.__delitem__(self, index)

    def __eq__(self, other):
        return _PyElement.__eq__(self, other)

    def __ne__(self, other):
        r = _PyElement.__eq__(self, other)
        return r if r is NotImplemented else not r

    __hash__ = None

    def __repr__(self):
        return _PyElement.__repr__(self)

    def __reduce__(self):
        return _PyElement.__reduce__(self)

    # everything else: the pure-Python class's own functions, shared, not copied
    is_opaque = _pyel_method("is_opaque")
    namespace = _pyel_method("namespace")
    name = _pyel_method("name")
    extend = _pyel_method("extend")
    insert = _pyel_method("insert")
    remove = _pyel_method("remove")
    clear = _pyel_method("clear")
    iter = _pyel_method("iter")
    itertext = _pyel_method("itertext")
    iterfind = _pyel_method("iterfind")
    find = _pyel_method("find")
    findall = _pyel_method("findall")
    findtext = _pyel_method("findtext")
    copy = _pyel_method("copy")
    __deepcopy__ = _pyel_method("__deepcopy__")
    to_etree = _pyel_method("to_etree")
    from_etree = _pyel_method("from_etree")


_ELEMENT_TYPES = (Element, _PyElement)


cdef inline Element _new_element(object tag):
    cdef Element e = Element.__new__(Element)
    e.tag = tag
    return e


# ==========================================================================================
# decoder
# ==========================================================================================
cdef inline tuple _pages(int first, list more):
    return (first,) if more is None else tuple(more)


cdef object _decode(object data, bint fragment, object page, bint eas_only, bint strict,
                    bint opaque_mv, object max_depth_o, object max_elements_o,
                    object max_string_len_o, object max_opaque_len_o, list roots):
    """Decode *data* into *roots*; return the header."""
    cdef Py_ssize_t max_depth = _limit(max_depth_o)
    cdef Py_ssize_t max_elements = _limit(max_elements_o)
    cdef Py_ssize_t max_string_len = _limit(max_string_len_o)
    cdef Py_ssize_t max_opaque_len = _limit(max_opaque_len_o)
    cdef _Input src = _Input.__new__(_Input)
    _open(src, data)
    cdef const Reader* r = &src.r
    cdef Py_ssize_t end = r.end
    cdef int cur = 0, before = 0, b, p, token
    cdef list header_box = []
    cdef Py_ssize_t pos = _start_body(src, fragment, page, eas_only, &cur, header_box)
    cdef PyObject* small_stack[64]
    cdef PyObject** stack = small_stack   # borrowed: each element is owned by its parent
    cdef Py_ssize_t cap = 64, depth = 0, count = 0, stop, start
    cdef PyObject** grown
    cdef uint64_t length
    cdef const unsigned char* sp
    cdef PyObject* name
    cdef Element e, parent
    # SWITCH_PAGE operands since the last other token: how many, the first, and (from the
    # second on, which is rare) all of them in a list
    cdef Py_ssize_t npending = 0
    cdef int first_pending = 0
    cdef list more_pending = None
    cdef bint have_root = False, ascii = False
    cdef list kids
    try:
        while True:
            b = rd_byte(r, pos)
            if b < 0:
                break
            if b == 0x00:  # SWITCH_PAGE
                p = rd_byte(r, pos + 1)
                if p < 0:
                    raise _dp.switch_truncated(pos)
                if not PAGE_KNOWN[p]:
                    raise _dp.switch_unknown(p, pos)
                if npending == 0:
                    first_pending = p
                    before = cur
                else:
                    if more_pending is None:
                        more_pending = [first_pending]
                    more_pending.append(p)
                npending += 1
                cur = p
                pos += 2
                continue
            if b == 0x01:  # END
                if depth == 0:
                    raise _dp.end_unmatched(have_root and not fragment, pos)
                depth -= 1
                if npending:
                    e = <Element>stack[depth]
                    e._wire = _set_wire(e._wire, 2, _pages(first_pending, more_pending))
                    npending = 0
                    more_pending = None
                pos += 1
                if depth == 0 and not fragment and pos < end:
                    raise _dp.trailing(end - pos, pos)
                continue
            if b == 0x03 or b == 0xC3:  # STR_I / OPAQUE
                if depth == 0:
                    raise _dp.text_outside(pos)
                e = <Element>stack[depth - 1]
                if e.text is not None or e._children is not None:
                    raise _dp.mixed(e.tag, pos)
                if b == 0x03:
                    stop = rd_str(r, pos + 1, &ascii)
                    if stop < 0 or stop - pos - 1 > max_string_len:
                        _dp.decode_str_i(src.errbuf(), pos, end, max_string_len_o)  # raises
                    e.text = _str_i(src, pos, stop, ascii, max_string_len_o)
                    stop += 1
                else:
                    start = pos + 1
                    if (rd_mb_u_int32(r, &start, &length) < 0 or <uint64_t>(end - start) < length
                            or <int64_t>length > max_opaque_len):
                        _dp.opaque_span(src.errbuf(), pos, end, max_opaque_len_o)  # raises
                        raise AssertionError("opaque_span did not raise")
                    stop = start + <Py_ssize_t>length
                    if opaque_mv:
                        e.text = src.slice_mv(start, stop)
                    else:
                        sp = rd_span(r, start, stop - start)
                        e.text = PyBytes_FromStringAndSize(<const char*>sp, stop - start)
                if npending:
                    e._wire = _set_wire(e._wire, 1, _pages(first_pending, more_pending))
                    npending = 0
                    more_pending = None
                pos = stop
                continue
            token = b & 0x3F
            if token < 5 or b & 0x80:
                raise _dp.unsupported_token(b, pos)
            # a tag
            if depth:
                parent = <Element>stack[depth - 1]
                if parent.text is not None:
                    raise _dp.mixed(parent.tag, pos)
            elif have_root and not fragment:
                raise _dp.second_root(pos)
            if depth >= max_depth:
                raise _dp.too_deep(max_depth_o, pos)
            count += 1
            if count > max_elements:
                raise _dp.too_many(max_elements_o, pos)
            name = NAMES[cur * 64 + token]
            if name != NULL:
                e = _new_element(<object>name)
            else:
                e = _new_element(_raw_entry(cur, token, strict, pos)[0])
            if npending:
                if npending != 1 or first_pending == before:
                    e._wire = (_pages(first_pending, more_pending), None, None)
                npending = 0
                more_pending = None
            if depth:
                kids = parent._children
                if kids is None:
                    kids = [e]
                    PyObject_GC_UnTrack(<PyObject*>kids)
                    parent._children = kids
                else:
                    kids.append(e)
            else:
                roots.append(e)
                have_root = True
            if b & 0x40:
                e._cb = True
                if depth == cap:
                    grown = <PyObject**>malloc(<size_t>cap * 2 * sizeof(PyObject*))
                    if grown == NULL:
                        raise MemoryError()
                    memcpy(grown, stack, <size_t>cap * sizeof(PyObject*))
                    if stack != small_stack:
                        free(stack)
                    stack = grown
                    cap *= 2
                stack[depth] = <PyObject*>e
                depth += 1
            pos += 1
        if depth:
            raise _dp.ends_inside((<Element>stack[depth - 1]).tag, depth, end)
        if npending:
            raise _dp.switch_at_end(end - 2 * npending)
        if not have_root and not fragment:
            raise _dp.no_root(pos)
        return header_box[0]
    finally:
        if stack != small_stack:
            free(stack)


def decode(data, *, fragment=False, page=0, eas_only=False, strict=False,
           opaque_memoryview=False, max_depth=DEFAULT_MAX_DEPTH,
           max_elements=DEFAULT_MAX_ELEMENTS, max_string_len=DEFAULT_MAX_STRING_LEN,
           max_opaque_len=DEFAULT_MAX_OPAQUE_LEN):
    cdef list roots = []
    header = _decode(data, fragment, page, eas_only, strict, opaque_memoryview, max_depth,
                     max_elements, max_string_len, max_opaque_len, roots)
    return header, roots


def loads(data, *, strict=False, opaque_memoryview=False, max_depth=DEFAULT_MAX_DEPTH,
          max_elements=DEFAULT_MAX_ELEMENTS, max_string_len=DEFAULT_MAX_STRING_LEN,
          max_opaque_len=DEFAULT_MAX_OPAQUE_LEN):
    cdef list roots = []
    _decode(data, False, 0, True, strict, opaque_memoryview, max_depth, max_elements,
            max_string_len, max_opaque_len, roots)
    return roots[0]


def loads_document(data, *, strict=False, opaque_memoryview=False, max_depth=DEFAULT_MAX_DEPTH,
                   max_elements=DEFAULT_MAX_ELEMENTS, max_string_len=DEFAULT_MAX_STRING_LEN,
                   max_opaque_len=DEFAULT_MAX_OPAQUE_LEN):
    cdef list roots = []
    header = _decode(data, False, 0, False, strict, opaque_memoryview, max_depth, max_elements,
                     max_string_len, max_opaque_len, roots)
    return Document(header, roots[0])


def loads_fragment(data, *, page=0, strict=False, opaque_memoryview=False,
                   max_depth=DEFAULT_MAX_DEPTH, max_elements=DEFAULT_MAX_ELEMENTS,
                   max_string_len=DEFAULT_MAX_STRING_LEN, max_opaque_len=DEFAULT_MAX_OPAQUE_LEN):
    cdef list roots = []
    _decode(data, True, page, False, strict, opaque_memoryview, max_depth, max_elements,
            max_string_len, max_opaque_len, roots)
    return roots


# ==========================================================================================
# event reader
# ==========================================================================================
cdef struct Frame:
    PyObject* tag       # borrowed: a table name or a cached raw name (both live forever)
    PyObject* end_ev    # borrowed: its cached ("end", tag) tuple
    int state           # 0: nothing yet, 1: child elements, 2: text


cdef class EventReader:
    """Pull parser over one message: iterate for ``(event, value)`` pairs.

    Events: ``("start", tag)``, ``("end", tag)``, ``("text", str)``, ``("opaque", bytes)``.
    Every element gives a start and an end event, also one written without the content bit;
    ``content_bit`` tells which, after a start event.  ``offset`` is the byte offset of the
    token behind the last event; ``depth`` the number of open elements.  ``skip()`` after a
    start event passes over that element's content and its end without producing events or
    objects; skipped content is checked for structure (tokens, pages, lengths, limits) but
    its strings are not decoded (their UTF-8 is not validated).
    """
    cdef _Input _src              # None until __init__ succeeded
    cdef public object header
    cdef public Py_ssize_t offset
    cdef public bint content_bit
    cdef Py_ssize_t _pos, _end, _count, _roots, _depth, _cap
    cdef int _page
    cdef bint _fragment, _strict, _opaque_mv, _done
    cdef Py_ssize_t _max_depth, _max_elements, _max_string_len, _max_opaque_len
    cdef object _max_depth_o, _max_elements_o, _max_string_len_o, _max_opaque_len_o
    cdef PyObject* _pending_end   # borrowed cached end event, or NULL
    cdef Frame* _stack
    cdef tuple _last_text         # the last ("text", str) event, reused when nobody holds it

    cdef inline tuple _text_event(self, str text):
        """("text", text); the previous text event's tuple when only this reader holds it
        (as dict iterators reuse their item tuples): str items never need the cyclic GC."""
        cdef PyObject* t = <PyObject*>self._last_text
        cdef PyObject* old
        if t != NULL and Py_REFCNT(t) == 1:
            old = PyTuple_GET_ITEM_raw(t, 1)
            Py_INCREF(text)
            PyTuple_SET_ITEM_raw(t, 1, <PyObject*>text)
            Py_XDECREF(old)
            return self._last_text
        ev = (TEXT, text)
        self._last_text = ev
        return ev

    def __init__(self, data, *, fragment=False, page=0, strict=False, opaque_memoryview=False,
                 max_depth=DEFAULT_MAX_DEPTH, max_elements=DEFAULT_MAX_ELEMENTS,
                 max_string_len=DEFAULT_MAX_STRING_LEN, max_opaque_len=DEFAULT_MAX_OPAQUE_LEN):
        cdef int cur = 0
        cdef list box = []
        cdef _Input src
        if self._src is not None or self._stack != NULL:
            raise RuntimeError("EventReader.__init__ called twice")
        self._cap = 32
        self._stack = <Frame*>malloc(self._cap * sizeof(Frame))
        if self._stack == NULL:
            raise MemoryError()
        src = _Input.__new__(_Input)
        _open(src, data)
        self._end = src.r.end
        self._pos = _start_body(src, fragment, page, False, &cur, box)
        self.header = box[0]
        self._page = cur
        self._fragment = fragment
        self._strict = strict
        self._opaque_mv = opaque_memoryview
        self._max_depth_o = max_depth
        self._max_elements_o = max_elements
        self._max_string_len_o = max_string_len
        self._max_opaque_len_o = max_opaque_len
        self._max_depth = _limit(max_depth)
        self._max_elements = _limit(max_elements)
        self._max_string_len = _limit(max_string_len)
        self._max_opaque_len = _limit(max_opaque_len)
        self.offset = self._pos
        self._src = src

    def __dealloc__(self):
        free(self._stack)

    @property
    def depth(self):
        return self._depth

    def __iter__(self):
        return self

    cdef inline Frame* _text_target(self, Py_ssize_t pos) except NULL:
        if self._depth == 0:
            raise _dp.text_outside(pos)
        cdef Frame* top = &self._stack[self._depth - 1]
        if top.state:
            raise _dp.mixed(<object>top.tag, pos)
        return top

    cdef int _tag(self, int b, Py_ssize_t pos, PyObject** start_ev) except -1:
        """Checks and bookkeeping for the tag byte *b*; pushes it if it has content; returns
        1 if it has content (else 0) and its events through *start_ev* / ``_pending_end``."""
        cdef int token = b & 0x3F
        cdef Frame* f
        cdef PyObject* s
        cdef PyObject* e
        cdef PyObject* name
        cdef int code
        if token < 5 or b & 0x80:
            raise _dp.unsupported_token(b, pos)
        if self._depth:
            if self._stack[self._depth - 1].state == 2:
                raise _dp.mixed(<object>self._stack[self._depth - 1].tag, pos)
        elif self._roots and not self._fragment:
            raise _dp.second_root(pos)
        if self._depth >= self._max_depth:
            raise _dp.too_deep(self._max_depth_o, pos)
        self._count += 1
        if self._count > self._max_elements:
            raise _dp.too_many(self._max_elements_o, pos)
        code = self._page * 64 + token
        name = NAMES[code]
        if name != NULL:
            s = START_EV[code]
            e = END_EV[code]
        else:
            entry = _raw_entry(self._page, token, self._strict, pos)
            name = <PyObject*>entry[0]
            s = <PyObject*>entry[1]
            e = <PyObject*>entry[2]
        if self._depth:
            self._stack[self._depth - 1].state = 1
        else:
            self._roots += 1
        start_ev[0] = s
        if b & 0x40:
            if self._depth == self._cap:
                f = <Frame*>realloc(self._stack, self._cap * 2 * sizeof(Frame))
                if f == NULL:
                    raise MemoryError()
                self._stack = f
                self._cap *= 2
            f = &self._stack[self._depth]
            f.tag = name
            f.end_ev = e
            f.state = 0
            self._depth += 1
            return 1
        self._pending_end = e
        return 0

    cdef int _finish(self) except -1:
        if self._depth:
            raise _dp.ends_inside(<object>self._stack[self._depth - 1].tag, self._depth,
                                  self._end)
        if not self._done:
            self._done = True
            if not self._roots and not self._fragment:
                raise _dp.no_root(self._pos)
        return 0

    cdef int _switch(self, Py_ssize_t pos) except -1:
        cdef int p = rd_byte(&self._src.r, pos + 1)
        if p < 0:
            raise _dp.switch_truncated(pos)
        if not PAGE_KNOWN[p]:
            raise _dp.switch_unknown(p, pos)
        self._page = p
        self._pos = pos + 2
        return 0

    cdef Py_ssize_t _opaque_stop(self, Py_ssize_t pos, Py_ssize_t* start) except -1:
        cdef uint64_t length
        start[0] = pos + 1
        if (rd_mb_u_int32(&self._src.r, start, &length) < 0
                or <uint64_t>(self._end - start[0]) < length
                or <int64_t>length > self._max_opaque_len):
            _dp.opaque_span(self._src.errbuf(), pos, self._end, self._max_opaque_len_o)
            raise AssertionError("opaque_span did not raise")
        return start[0] + <Py_ssize_t>length

    def __next__(self):
        cdef PyObject* ev
        cdef Py_ssize_t pos, stop, start
        cdef int b
        cdef Frame* top
        cdef bint ascii = False
        if self._src is None:
            raise ValueError("EventReader was not initialised")
        cdef const Reader* r = &self._src.r
        if self._pending_end != NULL:
            ev = self._pending_end
            self._pending_end = NULL
            return <object>ev
        while True:
            pos = self._pos
            b = rd_byte(r, pos)
            if b < 0:
                self._finish()
                raise StopIteration
            self.offset = pos
            if b == 0x00:
                self._switch(pos)
                continue
            if b == 0x01:
                if self._depth == 0:
                    raise _dp.end_unmatched(self._roots != 0 and not self._fragment, pos)
                self._depth -= 1
                ev = self._stack[self._depth].end_ev
                self._pos = pos + 1
                if self._depth == 0 and not self._fragment and self._pos < self._end:
                    raise _dp.trailing(self._end - self._pos, self._pos)
                return <object>ev
            if b == 0x03:
                top = self._text_target(pos)
                stop = rd_str(r, pos + 1, &ascii)
                if stop < 0 or stop - pos - 1 > self._max_string_len:
                    _dp.decode_str_i(self._src.errbuf(), pos, self._end, self._max_string_len_o)
                text = _str_i(self._src, pos, stop, ascii, self._max_string_len_o)
                self._pos = stop + 1
                top.state = 2
                return self._text_event(text)
            if b == 0xC3:
                top = self._text_target(pos)
                stop = self._opaque_stop(pos, &start)
                self._pos = stop
                top.state = 2
                if self._opaque_mv:
                    return (OPAQUE, self._src.slice_mv(start, stop))
                return (OPAQUE, PyBytes_FromStringAndSize(
                    <const char*>rd_span(r, start, stop - start), stop - start))
            self.content_bit = self._tag(b, pos, &ev)
            self._pos = pos + 1
            return <object>ev

    def skip(self):
        """Skip the content and end of the element whose start event was just returned."""
        cdef Py_ssize_t pos, stop, start, target
        cdef int b
        cdef Frame* top
        cdef PyObject* ev
        if self._src is None:
            raise ValueError("EventReader was not initialised")
        cdef const Reader* r = &self._src.r
        if self._pending_end != NULL:
            self._pending_end = NULL
            return
        if self._depth == 0:
            raise RuntimeError("skip() must follow a start event")
        target = self._depth - 1
        while True:
            pos = self._pos
            b = rd_byte(r, pos)
            if b < 0:
                self._finish()
                return  # not reached: an element is open
            self.offset = pos
            if b == 0x00:
                self._switch(pos)
            elif b == 0x01:
                self._depth -= 1
                self._pos = pos + 1
                if self._depth == target:
                    if self._depth == 0 and not self._fragment and self._pos < self._end:
                        raise _dp.trailing(self._end - self._pos, self._pos)
                    return
            elif b == 0x03:
                top = self._text_target(pos)
                stop = rd_nul(r, pos + 1)
                if stop < 0:
                    raise _dp.unterminated(pos)
                if stop - pos - 1 > self._max_string_len:
                    raise _dp.string_too_long(stop - pos - 1, self._max_string_len_o, pos)
                top.state = 2
                self._pos = stop + 1
            elif b == 0xC3:
                top = self._text_target(pos)
                self._pos = self._opaque_stop(pos, &start)
                top.state = 2
            else:
                self._tag(b, pos, &ev)
                self._pending_end = NULL
                self._pos = pos + 1


def iterparse(data, *, fragment=False, page=0, strict=False, opaque_memoryview=False,
              max_depth=DEFAULT_MAX_DEPTH, max_elements=DEFAULT_MAX_ELEMENTS,
              max_string_len=DEFAULT_MAX_STRING_LEN, max_opaque_len=DEFAULT_MAX_OPAQUE_LEN):
    return EventReader(data, fragment=fragment, page=page, strict=strict,
                       opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                       max_elements=max_elements, max_string_len=max_string_len,
                       max_opaque_len=max_opaque_len)


# ==========================================================================================
# encoder
# ==========================================================================================
cdef struct Writer:
    PyObject* out       # a bytes object being filled (owned; refcount 1, so resizable)
    char* buf
    Py_ssize_t pos, cap


cdef int w_init(Writer* w, Py_ssize_t cap) except -1:
    o = PyBytes_FromStringAndSize(NULL, cap)
    Py_INCREF(o)
    w.out = <PyObject*>o
    w.buf = PyBytes_AS_STRING(o)
    w.pos = 0
    w.cap = cap
    return 0


cdef int w_grow(Writer* w, Py_ssize_t n) except -1:
    cdef Py_ssize_t cap = w.cap * 2
    if cap < w.pos + n:
        cap = w.pos + n + (w.pos >> 2) + 64
    _PyBytes_Resize(&w.out, cap)
    w.buf = PyBytes_AS_STRING(<object>w.out)
    w.cap = cap
    return 0


cdef inline int w_reserve(Writer* w, Py_ssize_t n) except -1:
    if n > w.cap - w.pos:
        return w_grow(w, n)
    return 0


cdef inline int w_byte(Writer* w, int b) except -1:
    if w.pos == w.cap:
        w_grow(w, 1)
    w.buf[w.pos] = <char>b
    w.pos += 1
    return 0


cdef inline int w_bytes(Writer* w, const void* p, Py_ssize_t n) except -1:
    if n > w.cap - w.pos:
        w_grow(w, n)
    memcpy(w.buf + w.pos, p, <size_t>n)
    w.pos += n
    return 0


cdef object w_finish(Writer* w):
    _PyBytes_Resize(&w.out, w.pos)
    res = <object>w.out
    Py_DECREF(res)
    w.out = NULL
    return res


cdef int w_mb_u_int32(Writer* w, uint64_t v) except -1:
    cdef unsigned char tmp[10]
    cdef int n = 0
    cdef int i
    tmp[0] = v & 0x7F
    v >>= 7
    n = 1
    while v:
        tmp[n] = 0x80 | (v & 0x7F)
        v >>= 7
        n += 1
    w_reserve(w, n)
    for i in range(n):
        w.buf[w.pos + i] = tmp[n - 1 - i]
    w.pos += n
    return 0


cdef int w_switches(Writer* w, object pages) except -1:
    cdef bytes one
    for p in pages:  # as the Python encoder: b"\x00" + bytes((p,))
        one = bytes((p,))
        w_byte(w, 0)
        w_byte(w, <unsigned char>PyBytes_AS_STRING(one)[0])
    return 0


cdef int _str_error(str s, object e, list stack, Py_ssize_t nanc) except -1:
    _ep.utf8(s, _chain(stack, nanc, e))  # raises the Python path's EncodeError
    raise AssertionError("utf8() did not raise")


cdef int w_str(Writer* w, str s, object e, list stack, Py_ssize_t nanc) except -1:
    """STR_I with the UTF-8 of *s*, written straight from the string's storage (runs of
    ASCII a word at a time)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), i
    cdef uint64_t v
    cdef int kind
    cdef uint32_t c
    cdef const uint8_t* d1
    cdef const uint16_t* d2
    cdef const uint32_t* d4
    cdef unsigned char* o
    if PyUnicode_IS_ASCII(s):
        d1 = <const uint8_t*>PyUnicode_DATA(s)
        if memchr(d1, 0, <size_t>n) != NULL:
            _str_error(s, e, stack, nanc)
        w_reserve(w, n + 2)
        w.buf[w.pos] = 0x03
        memcpy(w.buf + w.pos + 1, d1, <size_t>n)
        w.buf[w.pos + 1 + n] = 0
        w.pos += n + 2
        return 0
    kind = PyUnicode_KIND(s)
    w_reserve(w, 4 * n + 2)
    o = <unsigned char*>w.buf + w.pos
    o[0] = 0x03
    o += 1
    if kind == PyUnicode_1BYTE_KIND:
        d1 = <const uint8_t*>PyUnicode_DATA(s)
        i = 0
        while i < n:
            if i + 8 <= n:  # a run of 8 ASCII characters without NUL: copied as they are
                memcpy(&v, d1 + i, 8)
                if not ((v & <uint64_t>0x8080808080808080)
                        | ((v - <uint64_t>0x0101010101010101) & ~v & <uint64_t>0x8080808080808080)):
                    memcpy(o, &v, 8)
                    o += 8
                    i += 8
                    continue
            c = d1[i]
            i += 1
            if c < 0x80:
                if c == 0:
                    _str_error(s, e, stack, nanc)
                o[0] = c
                o += 1
            else:
                o[0] = 0xC0 | (c >> 6)
                o[1] = 0x80 | (c & 0x3F)
                o += 2
    else:
        d2 = <const uint16_t*>PyUnicode_DATA(s)
        d4 = <const uint32_t*>PyUnicode_DATA(s)
        i = 0
        while i < n:
            if kind == PyUnicode_2BYTE_KIND:
                if i + 4 <= n:  # 4 ASCII characters without NUL
                    memcpy(&v, d2 + i, 8)
                    if not ((v & <uint64_t>0xFF80FF80FF80FF80)
                            | ((v - <uint64_t>0x0001000100010001) & ~v
                               & <uint64_t>0x8000800080008000)):
                        o[0] = <unsigned char>d2[i]
                        o[1] = <unsigned char>d2[i + 1]
                        o[2] = <unsigned char>d2[i + 2]
                        o[3] = <unsigned char>d2[i + 3]
                        o += 4
                        i += 4
                        continue
                c = d2[i]
            else:
                c = d4[i]
            i += 1
            if c < 0x80:
                if c == 0:
                    _str_error(s, e, stack, nanc)
                o[0] = c
                o += 1
            elif c < 0x800:
                o[0] = 0xC0 | (c >> 6)
                o[1] = 0x80 | (c & 0x3F)
                o += 2
            elif c < 0x10000:
                if 0xD800 <= c <= 0xDFFF:
                    _str_error(s, e, stack, nanc)  # a lone surrogate
                o[0] = 0xE0 | (c >> 12)
                o[1] = 0x80 | ((c >> 6) & 0x3F)
                o[2] = 0x80 | (c & 0x3F)
                o += 3
            else:
                o[0] = 0xF0 | (c >> 18)
                o[1] = 0x80 | ((c >> 12) & 0x3F)
                o[2] = 0x80 | ((c >> 6) & 0x3F)
                o[3] = 0x80 | (c & 0x3F)
                o += 4
    o[0] = 0
    w.pos = (<char*>o + 1) - w.buf
    return 0


cdef int w_opaque(Writer* w, object text, object e, list stack, Py_ssize_t nanc) except -1:
    """OPAQUE: the buffer's bytes copied once, straight into the output."""
    cdef Py_buffer view
    if PyBytes_CheckExact(text):
        w_byte(w, 0xC3)
        w_mb_u_int32(w, <uint64_t>PyBytes_GET_SIZE(text))
        w_bytes(w, PyBytes_AS_STRING(text), PyBytes_GET_SIZE(text))
        return 0
    try:
        PyObject_GetBuffer(text, &view, PyBUF_SIMPLE)
    except (TypeError, BufferError, ValueError):
        # what the Python path says about it (an error, or a view it can use)
        mv = _ep.opaque_view(text, _chain(stack, nanc, e))
        PyObject_GetBuffer(mv, &view, PyBUF_SIMPLE)
    try:
        w_byte(w, 0xC3)
        w_mb_u_int32(w, <uint64_t>view.len)
        w_bytes(w, view.buf, view.len)
    finally:
        PyBuffer_Release(&view)
    return 0


cdef list _chain(list stack, Py_ssize_t nanc, object e):
    """The elements from the root to *e*, the one being written: its *nanc* ancestors, the
    open elements at the bottom of *stack*, then *e* (for error paths)."""
    cdef list chain = stack[:nanc]
    chain.append(e)
    return chain


cdef int _tag_code(object e, object tag, list stack, Py_ssize_t nanc) except -1:
    cdef PyObject* hit
    if PyUnicode_CheckExact(tag):
        hit = PyDict_GetItemWithError(_TAG_CODES, tag)  # (a str key: no error to raise)
        if hit != NULL:
            return <int><object>hit
    return _ep.tag_code(e, _chain(stack, nanc, e))


@cython.wraparound(True)
cdef int _write_start(Writer* w, object e, int cur, list stack, Py_ssize_t nanc) except -2:
    """Write element *e* (whose *nanc* ancestors are the bottom of *stack*) up to its
    content; return the current page."""
    cdef Element ne
    cdef int code, page
    if type(e) is Element:
        ne = <Element>e
        tag, text, kids, cb, wire = ne.tag, ne.text, ne._children, ne._cb, ne._wire
    else:
        tag, text, kids, cb, wire = e.tag, e.text, e._children, e._cb, e._wire
    code = _tag_code(e, tag, stack, nanc)
    page = code >> 8
    if wire is not None and wire[0]:
        w_switches(w, wire[0])
        if wire[0][-1] != page:
            raise EncodeError(f"recorded page switches end on page {wire[0][-1]}, not the "
                              f"tag's page {page}", None, _ep.element_path(_chain(stack, nanc, e)))
        cur = page
    elif page != cur:
        w_reserve(w, 2)
        w.buf[w.pos] = 0
        w.buf[w.pos + 1] = <char>page
        w.pos += 2
        cur = page
    if text is None:
        w_byte(w, (code & 0x3F) | (0x40 if (cb or kids) else 0))
        return cur
    if not PyUnicode_CheckExact(text) and isinstance(text, str):
        text = str(text)  # a str subclass: its plain string value
    if kids:
        raise EncodeError("element has both text and children (EAS has no mixed content)",
                          None, _ep.element_path(_chain(stack, nanc, e)))
    w_byte(w, (code & 0x3F) | 0x40)
    if wire is not None and wire[1]:
        w_switches(w, wire[1])
        cur = wire[1][-1]
    if PyUnicode_CheckExact(text):
        w_str(w, <str>text, e, stack, nanc)
    else:
        w_opaque(w, text, e, stack, nanc)
    return cur


cdef bint _content_bit(object e) except -1:
    cdef Element ne
    if type(e) is Element:
        ne = <Element>e
        return ne._cb or ne.text is not None or (ne._children is not None
                                                 and PyList_GET_SIZE(ne._children) > 0)
    return e.content_bit


cdef object _children_of(object e):
    if type(e) is Element:
        kids = (<Element>e)._children
    else:
        kids = e._children
    return kids if kids else ()


@cython.wraparound(True)
cdef int _encode_into(Writer* w, object roots, int cur) except -2:
    """Append the body for *roots* to *w*; as ``_encode_py.encode``."""
    cdef list stack = []       # the open elements, root first
    cdef list iters = []       # per open element: its children (list) or an iterator
    cdef Py_ssize_t idx_small[64]
    cdef Py_ssize_t* idx = idx_small   # per open element: index into a list of children
    cdef Py_ssize_t cap = 64, depth, i
    cdef Py_ssize_t* grown
    cdef object kids, child
    try:
        for root in roots:
            if type(root) is not Element and not isinstance(root, _ELEMENT_TYPES):
                raise EncodeError(f"expected an Element, got {type(root).__name__}", None, "")
            cur = _write_start(w, root, cur, stack, 0)
            if not _content_bit(root):
                continue
            stack.append(root)
            iters.append(_children_of(root))
            idx[0] = 0
            depth = 1
            while depth:
                kids = iters[depth - 1]
                child = None
                if PyList_CheckExact(kids):
                    i = idx[depth - 1]
                    if i < PyList_GET_SIZE(kids):
                        child = <object>PyList_GET_ITEM(kids, i)
                        idx[depth - 1] = i + 1
                elif type(kids) is tuple:
                    i = idx[depth - 1]
                    if i < len(<tuple>kids):
                        child = (<tuple>kids)[i]
                        idx[depth - 1] = i + 1
                else:
                    if idx[depth - 1] == 0:
                        kids = iters[depth - 1] = iter(kids)
                        idx[depth - 1] = -1
                    child = next(kids, None)
                if child is not None:
                    if type(child) is not Element and not isinstance(child, _ELEMENT_TYPES):
                        raise EncodeError(f"child of type {type(child).__name__} is not an "
                                          "Element", None, _ep.element_path(stack))
                    cur = _write_start(w, child, cur, stack, depth)
                    if _content_bit(child):
                        if depth == cap:
                            grown = <Py_ssize_t*>malloc(<size_t>cap * 2 * sizeof(Py_ssize_t))
                            if grown == NULL:
                                raise MemoryError()
                            memcpy(grown, idx, <size_t>cap * sizeof(Py_ssize_t))
                            if idx != idx_small:
                                free(idx)
                            idx = grown
                            cap *= 2
                        stack.append(child)
                        iters.append(_children_of(child))
                        idx[depth] = 0
                        depth += 1
                    continue
                e = stack[depth - 1]
                wire = (<Element>e)._wire if type(e) is Element else e._wire
                if wire is not None and wire[2]:
                    w_switches(w, wire[2])
                    cur = wire[2][-1]
                w_byte(w, 0x01)
                stack.pop()
                iters.pop()
                depth -= 1
        return cur
    finally:
        if idx != idx_small:
            free(idx)


cdef Py_ssize_t _last_size = 256  # the previous output's size: the next one's first guess


cdef object _encode(bytes prefix, object roots, int page):
    global _last_size
    cdef Writer w
    w.out = NULL
    try:
        w_init(&w, min(_last_size + (_last_size >> 3) + 64, 1 << 16))
        w_bytes(&w, PyBytes_AS_STRING(prefix), PyBytes_GET_SIZE(prefix))
        _encode_into(&w, roots, page)
        _last_size = w.pos
        return w_finish(&w)
    finally:
        Py_XDECREF(w.out)


def encode(roots, initial_page=0):
    return _encode(b"", roots, initial_page)


def dumps(obj):
    if isinstance(obj, _ELEMENT_TYPES):
        return _encode(_EAS_HEADER_BYTES, (obj,), 0)
    if isinstance(obj, Document):
        return _encode(_ep.header_bytes(obj.header), (obj.root,), 0)
    raise _ep.not_encodable(obj)


def dumps_fragment(elements, *, page=0):
    if isinstance(elements, _ELEMENT_TYPES):
        elements = (elements,)
    if page not in _t.PAGES:
        raise _ep.bad_initial_page(page)
    return _encode(b"", tuple(elements), page)


# one docstring per entry point: the Python implementation's
for _f, _src in ((loads, _dp.loads), (loads_document, _dp.loads_document),
                 (loads_fragment, _dp.loads_fragment), (iterparse, _dp.iterparse),
                 (decode, _dp.decode), (dumps, _ep.dumps), (dumps_fragment, _ep.dumps_fragment),
                 (encode, _ep.encode)):
    _f.__doc__ = _src.__doc__
del _f, _src
