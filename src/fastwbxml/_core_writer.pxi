# The output writer (a bytes object grown in place) and the UTF-8 / OPAQUE writers.

# ==========================================================================================
# encoder
# ==========================================================================================
cdef struct Writer:
    PyObject* out       # a bytes object being filled (owned; refcount 1, so resizable)
    char* buf
    Py_ssize_t pos, cap


cdef int w_init(Writer* w, Py_ssize_t cap) except -1:
    if cap < 16:
        cap = 16  # never 0: that would be the shared empty bytes object
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


cdef struct EFrame:
    PyObject* node      # owned: an open element
    PyObject* kids      # owned: its children (list, tuple or iterator; for an Element that
                        # holds them in a block, the Element itself), or NULL for none
    Py_ssize_t idx      # the next index into a list or tuple; -1: kids is an iterator


cdef list _open_list(const EFrame* fr, Py_ssize_t n):
    """The *n* open elements, root first (for error paths)."""
    cdef Py_ssize_t i
    return [<object>fr[i].node for i in range(n)]


cdef list _chain(const EFrame* fr, Py_ssize_t nanc, object e):
    """The elements from the root to *e*, the one being written: its *nanc* ancestors (the
    open elements at the bottom of *fr*), then *e* (for error paths)."""
    cdef list chain = _open_list(fr, nanc)
    chain.append(e)
    return chain


cdef int _str_error(str s, object e, const EFrame* fr, Py_ssize_t nanc) except -1:
    _ec.utf8(s, _chain(fr, nanc, e))  # raises the Python path's EncodeError
    raise AssertionError("utf8() did not raise")


cdef Py_ssize_t _utf8_len(str s, int kind, Py_ssize_t n) noexcept:
    """The length of the UTF-8 of *s* (surrogates counted as 3 bytes: they are refused
    while it is written)."""
    cdef Py_ssize_t i, extra = 0
    cdef uint32_t c
    cdef const uint8_t* d1
    cdef const uint16_t* d2
    cdef const uint32_t* d4
    if kind == PyUnicode_1BYTE_KIND:
        d1 = <const uint8_t*>PyUnicode_DATA(s)
        for i in range(n):
            extra += d1[i] >> 7
    elif kind == PyUnicode_2BYTE_KIND:
        d2 = <const uint16_t*>PyUnicode_DATA(s)
        for i in range(n):
            c = d2[i]
            extra += (c >= 0x80) + (c >= 0x800)
    else:
        d4 = <const uint32_t*>PyUnicode_DATA(s)
        for i in range(n):
            c = d4[i]
            extra += (c >= 0x80) + (c >= 0x800) + (c >= 0x10000)
    return n + extra


cdef int w_str(Writer* w, str s, object e, const EFrame* fr, Py_ssize_t nanc) except -1:
    """STR_I with the UTF-8 of *s*, written straight from the string's storage (by
    fw_utf8_write in _core_utf8.h)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), k
    cdef int kind
    cdef const uint8_t* d1
    cdef unsigned char* o
    if PyUnicode_IS_ASCII(s):
        d1 = <const uint8_t*>PyUnicode_DATA(s)
        if memchr(d1, 0, <size_t>n) != NULL:
            _str_error(s, e, fr, nanc)
        w_reserve(w, n + 2)
        o = <unsigned char*>w.buf + w.pos
        o[0] = 0x03
        memcpy(o + 1, d1, <size_t>n)
        o[1 + n] = 0
        w.pos += n + 2
        return 0
    kind = PyUnicode_KIND(s)
    k = (2 if kind == PyUnicode_1BYTE_KIND else 4) * n + 2
    if k > w.cap - w.pos:  # the exact size, not the bound: no growth a bound alone asks for
        k = _utf8_len(s, kind, n) + 2
    w_reserve(w, k)
    o = <unsigned char*>w.buf + w.pos
    o[0] = 0x03
    o += 1
    o = fw_utf8_write(PyUnicode_DATA(s), kind, n, o)
    if o == NULL:
        _str_error(s, e, fr, nanc)  # a NUL or a lone surrogate
    o[0] = 0
    w.pos = (<char*>o + 1) - w.buf
    return 0


cdef int w_opaque(Writer* w, object text, object e, const EFrame* fr, Py_ssize_t nanc) except -1:
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
        mv = _ec.opaque_view(text, _chain(fr, nanc, e))
        PyObject_GetBuffer(mv, &view, PyBUF_SIMPLE)
    try:
        w_byte(w, 0xC3)
        w_mb_u_int32(w, <uint64_t>view.len)
        w_bytes(w, view.buf, view.len)
    finally:
        PyBuffer_Release(&view)
    return 0


