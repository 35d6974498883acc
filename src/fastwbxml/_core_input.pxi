# Input: the one bounds-checked reader (every read of the input goes through rd_byte /
# rd_span, which check against the end), the input holder, and the readers the tree
# decoder and the event reader share (STR_I, OPAQUE, limits, header, stack growth).

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
    """Like rd_nul, and whether the bytes before the NUL are all ASCII (one pass, 16 bytes
    at a time)."""
    cdef const unsigned char* p = rd_span(r, at, r.end - at)
    cdef Py_ssize_t i
    cdef int nonascii = 0
    if p == NULL:
        return -1
    i = fw_find_nul(p, r.end - at, &nonascii)
    if i < 0:
        return -1
    ascii[0] = not nonascii
    return at + i


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
        return _errbuf(&self.r, self.data)

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


cdef object _errbuf(const Reader* r, object data):
    """The input as bytes, for the Python helpers that build exact errors (cold path)."""
    if PyBytes_CheckExact(data):
        return data
    return PyBytes_FromStringAndSize(<const char*>r.buf, r.end)


cdef inline object _str_i(const Reader* r, object data, Py_ssize_t pos, Py_ssize_t stop,
                          bint ascii, object max_len):
    """The string of the STR_I at *pos* whose NUL is at *stop* (inside the input *data*,
    read through *r*)."""
    cdef Py_ssize_t n = stop - pos - 1, nchars
    cdef const unsigned char* p = rd_span(r, pos + 1, n)
    cdef int kind
    if ascii:
        if n == 1:  # CPython's own one-character strings (no NUL: p[0] is 1..127)
            return <object>ONE_CHAR[p[0]]
        if n <= FW_SC_MAX:
            return fw_ascii_short(p, n)
        res = PyUnicode_New(n, 127)
        memcpy(PyUnicode_DATA(res), p, <size_t>n)
        return res
    cdef size_t slot
    cdef PyObject* hit
    if n <= FW_SC_MAX:  # (n >= 2: a non-ASCII character takes 2 bytes)
        hit = fw_sc_find(p, n, &slot)
        if hit != NULL:
            return <object>hit
    if fw_utf8_scan(p, n, &nchars, &kind) == 0:  # one pass to size it, one to fill it
        res = PyUnicode_New(nchars, 0xFF if kind == 1 else (0xFFFF if kind == 2 else 0x10FFFF))
        fw_utf8_fill(p, n, nchars, kind, PyUnicode_DATA(res))
        if n <= FW_SC_MAX:
            fw_sc_put(slot, p, n, res)
        return res
    cdef PyObject* s = PyUnicode_DecodeUTF8_raw(<const char*>p, n, NULL)
    if s == NULL:
        PyErr_Clear()
        _dc.decode_str_i(_errbuf(r, data), pos, r.end, max_len)  # raises InvalidStringError
        raise AssertionError("decode_str_i did not raise")
    res = <object>s
    Py_DECREF(res)
    return res


cdef Py_ssize_t _limit_slow(object v) except? -1:
    try:
        return v
    except OverflowError:
        return PY_SSIZE_T_MAX if v > 0 else PY_SSIZE_T_MIN


cdef inline Py_ssize_t _limit(object v) except? -1:
    """A limit as a C integer; values beyond the C range act like the Python ints they are."""
    cdef Py_ssize_t x
    if PyLong_CheckExact(v):
        x = PyLong_AsSsize_t_raw(v)
        if x != -1 or PyErr_Occurred_raw() == NULL:
            return x
        PyErr_Clear()  # an OverflowError
        return PY_SSIZE_T_MAX if v > 0 else PY_SSIZE_T_MIN
    return _limit_slow(v)


cdef object _start_body(const Reader* r, object data, bint fragment, object page,
                        bint eas_only, int* cur, Py_ssize_t* pos_out):
    """Header and initial page, as ``_decode_py.start_body``; returns the header (the body
    offset through *pos_out*)."""
    cdef const unsigned char* h
    if not fragment:
        h = rd_span(r, 0, 4)
        if h != NULL and h[0] == 3 and h[1] == 1 and h[2] == 0x6A and h[3] == 0:
            cur[0] = 0
            pos_out[0] = 4
            return _EAS_HEADER
        header, pos, _ = _dc.start_body(_errbuf(r, data), False, 0, eas_only)
        cur[0] = 0
        pos_out[0] = pos
        return header
    header, pos, p = _dc.start_body(b"", True, page, False)
    cur[0] = p
    pos_out[0] = 0
    return None


