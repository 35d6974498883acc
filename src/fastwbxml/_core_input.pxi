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


cdef object _DEF_DEPTH = DEFAULT_MAX_DEPTH, _DEF_ELEMENTS = DEFAULT_MAX_ELEMENTS
cdef object _DEF_STRING = DEFAULT_MAX_STRING_LEN, _DEF_OPAQUE = DEFAULT_MAX_OPAQUE_LEN
cdef object _DEF_INPUT = DEFAULT_MAX_INPUT_LEN
cdef Py_ssize_t _DEF_DEPTH_C = DEFAULT_MAX_DEPTH, _DEF_ELEMENTS_C = DEFAULT_MAX_ELEMENTS
cdef Py_ssize_t _DEF_STRING_C = DEFAULT_MAX_STRING_LEN, _DEF_OPAQUE_C = DEFAULT_MAX_OPAQUE_LEN
cdef Py_ssize_t _DEF_INPUT_C = DEFAULT_MAX_INPUT_LEN


cdef struct Limits:
    # the caller's limits as C integers, built once per call by limits_init ...
    Py_ssize_t depth, elements, string_len, opaque_len, input_len
    # ... and the objects themselves (borrowed: the caller keeps them alive), for the
    # error messages, which name them as given
    PyObject* depth_o
    PyObject* elements_o
    PyObject* string_len_o
    PyObject* opaque_len_o
    PyObject* input_len_o


cdef inline Py_ssize_t _limit_or(object v, object dflt, Py_ssize_t dflt_c) except? -1:
    """_limit(v), without asking the object when it is the default (the usual case)."""
    return dflt_c if v is dflt else _limit(v)


cdef int limits_init(Limits* L, object depth, object elements, object string_len,
                     object opaque_len, object input_len) except -1:
    L.depth = _limit_or(depth, _DEF_DEPTH, _DEF_DEPTH_C)
    L.elements = _limit_or(elements, _DEF_ELEMENTS, _DEF_ELEMENTS_C)
    L.string_len = _limit_or(string_len, _DEF_STRING, _DEF_STRING_C)
    L.opaque_len = _limit_or(opaque_len, _DEF_OPAQUE, _DEF_OPAQUE_C)
    L.input_len = _limit_or(input_len, _DEF_INPUT, _DEF_INPUT_C)
    L.depth_o = <PyObject*>depth
    L.elements_o = <PyObject*>elements
    L.string_len_o = <PyObject*>string_len
    L.opaque_len_o = <PyObject*>opaque_len
    L.input_len_o = <PyObject*>input_len
    return 0


cdef inline object rd_text(const Reader* r, object data, Py_ssize_t pos, Py_ssize_t* next_,
                           const Limits* L):
    """The string of the STR_I token at *pos* (limit and UTF-8 checked); the offset after
    its NUL through *next_*.  The one STR_I reader of the decoder and the event reader."""
    cdef bint ascii = False
    cdef Py_ssize_t stop = rd_str(r, pos + 1, &ascii)
    if stop < 0 or stop - pos - 1 > L.string_len:
        _dc.decode_str_i(_errbuf(r, data), pos, r.end, <object>L.string_len_o)  # raises
        raise AssertionError("decode_str_i did not raise")
    text = _str_i(r, data, pos, stop, ascii, <object>L.string_len_o)
    next_[0] = stop + 1
    return text


cdef inline Py_ssize_t rd_opaque(const Reader* r, object data, Py_ssize_t pos,
                                 Py_ssize_t* start, const Limits* L) except -1:
    """The span of the OPAQUE token at *pos* (length and limit checked): its data's start
    through *start*, its end returned.  The one OPAQUE reader of the decoder and the event
    reader."""
    cdef uint64_t length
    start[0] = pos + 1
    if (rd_mb_u_int32(r, start, &length) < 0 or <uint64_t>(r.end - start[0]) < length
            or <int64_t>length > L.opaque_len):
        _dc.opaque_span(_errbuf(r, data), pos, r.end, <object>L.opaque_len_o)  # raises
        raise AssertionError("opaque_span did not raise")
    return start[0] + <Py_ssize_t>length


cdef inline object rd_opaque_bytes(const Reader* r, Py_ssize_t start, Py_ssize_t stop):
    """The bytes of a span rd_opaque returned."""
    return PyBytes_FromStringAndSize(<const char*>rd_span(r, start, stop - start), stop - start)


cdef int grow_stack(void** stack, Py_ssize_t* cap, size_t item, const void* small) noexcept:
    """Double the capacity of a stack of *cap* items of *item* bytes; *small* is its first
    storage, inline in the caller's C frame (never freed; NULL if the stack began on the
    heap).  0 on success, -1 when out of memory (the stack unchanged): the caller raises
    MemoryError once it has released what it holds.  The decoder's, the event reader's
    and the encoder's stacks all grow here."""
    cdef void* grown = malloc(<size_t>cap[0] * 2 * item)
    if grown == NULL:
        return -1
    memcpy(grown, stack[0], <size_t>cap[0] * item)
    if stack[0] != small:
        free(stack[0])
    stack[0] = grown
    cap[0] *= 2
    return 0


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


