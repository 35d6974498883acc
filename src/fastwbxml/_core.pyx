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
from libc.stdlib cimport free, malloc, realloc
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
    bint PyUnicode_CheckExact_raw "PyUnicode_CheckExact"(PyObject* o)
    bint PyLong_CheckExact(object o)
    list PyList_New_raw "PyList_New"(Py_ssize_t n)
    void PyList_SET_ITEM_raw "PyList_SET_ITEM"(object l, Py_ssize_t i, PyObject* o)
    void Py_SET_SIZE_raw "Py_SET_SIZE"(object o, Py_ssize_t n)
    Py_ssize_t PyLong_AsSsize_t_raw "PyLong_AsSsize_t"(object o)
    PyObject* PyErr_Occurred_raw "PyErr_Occurred"()
    Py_ssize_t PyList_GET_SIZE_raw "PyList_GET_SIZE"(PyObject* o)

cdef extern from *:
    """
    /* fastwbxml: string conversion helpers (plain C; callers pass spans they checked). */
    #include <string.h>
    #include <stdint.h>
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif

    /* Copy the leading run of UCS-2 code units in 1..0x7F as bytes to *o*; return its
       length (stops before a NUL or a non-ASCII unit).  May write up to 8 bytes past the
       run (never past o + n): the caller's buffer holds at least n bytes. */
    static inline Py_ssize_t fw_ucs2_ascii_run(const uint16_t *s, Py_ssize_t n,
                                               unsigned char *o) {
        Py_ssize_t i = 0;
    #if defined(__SSE2__) && defined(__GNUC__)
        const __m128i zero = _mm_setzero_si128();
        const __m128i hi = _mm_set1_epi16((short)0xFF80);
        while (i + 8 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            unsigned int ok = (unsigned int)(
                _mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(v, hi), zero))
                & ~_mm_movemask_epi8(_mm_cmpeq_epi16(v, zero)));
            _mm_storel_epi64((__m128i *)(o + i), _mm_packus_epi16(v, v));
            if (ok != 0xFFFF)
                return i + (__builtin_ctz(~ok) >> 1);
            i += 8;
        }
    #endif
        while (i < n) {
            uint16_t c = s[i];
            if (c == 0 || c > 0x7F)
                break;
            o[i] = (unsigned char)c;
            i++;
        }
        return i;
    }

    /* The same for latin-1 (1 byte a character) storage: the leading run of 1..0x7F. */
    static inline Py_ssize_t fw_latin1_ascii_run(const unsigned char *s, Py_ssize_t n,
                                                 unsigned char *o) {
        Py_ssize_t i = 0;
    #if defined(__SSE2__) && defined(__GNUC__)
        const __m128i zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            unsigned int bad = (unsigned int)(_mm_movemask_epi8(v)
                                              | _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
            _mm_storeu_si128((__m128i *)(o + i), v);
            if (bad)
                return i + __builtin_ctz(bad);
            i += 16;
        }
    #endif
        while (i < n) {
            unsigned char c = s[i];
            if (c == 0 || c > 0x7F)
                break;
            o[i] = c;
            i++;
        }
        return i;
    }

    /* Offset of the first NUL in p[0:n], or -1 if there is none; through *nonascii*,
       whether a byte before it is not ASCII.  16 bytes at a time. */
    static inline Py_ssize_t fw_find_nul(const unsigned char *p, Py_ssize_t n, int *nonascii) {
        Py_ssize_t i = 0;
        unsigned int hi = 0;
    #if defined(__SSE2__) && defined(__GNUC__)
        const __m128i zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
            unsigned int z = (unsigned int)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero));
            unsigned int h = (unsigned int)_mm_movemask_epi8(v);
            if (z) {
                unsigned int k = (unsigned int)__builtin_ctz(z);
                hi |= h & ((1u << k) - 1);
                *nonascii = hi != 0;
                return i + k;
            }
            hi |= h;
            i += 16;
        }
    #endif
        while (i < n) {
            if (p[i] == 0) {
                *nonascii = hi != 0;
                return i;
            }
            hi |= p[i] & 0x80;
            i++;
        }
        return -1;
    }

    /* Short strings, cached by their UTF-8: the last str made for each of FW_SC_SIZE hash
       slots.  Values such as "IPM.Note", "65001", a category or an address repeat in every
       item of a Sync; a hit costs no decoding and no allocation (and trees share the
       object).  Only strings that decoded successfully are entered. */
    #define FW_SC_MAX 64
    #define FW_SC_BITS 9
    #define FW_SC_SIZE (1 << FW_SC_BITS)
    typedef struct { PyObject *s; Py_ssize_t n; unsigned char b[FW_SC_MAX]; } fw_sc_entry;
    static fw_sc_entry fw_sc[FW_SC_SIZE];

    static inline size_t fw_sc_slot(const unsigned char *p, Py_ssize_t n) {
        uint64_t a, b;
        if (n >= 8) {
            memcpy(&a, p, 8);
            memcpy(&b, p + n - 8, 8);
        } else if (n >= 4) {
            uint32_t x, y;
            memcpy(&x, p, 4);
            memcpy(&y, p + n - 4, 4);
            a = x; b = y;
        } else {
            a = p[0]; b = ((uint64_t)p[n >> 1] << 8) | p[n - 1];
        }
        return (size_t)((((a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL)
                          ^ ((uint64_t)n << 57)) * 0x9E3779B97F4A7C15ULL) >> (64 - FW_SC_BITS));
    }

    /* The cached str of the UTF-8 p[0:n] (2 <= n <= FW_SC_MAX), borrowed, or NULL; the slot
       through *slot* either way. */
    static inline PyObject *fw_sc_find(const unsigned char *p, Py_ssize_t n, size_t *slot) {
        fw_sc_entry *e = &fw_sc[*slot = fw_sc_slot(p, n)];
        if (e->s != NULL && e->n == n && memcmp(e->b, p, (size_t)n) == 0)
            return e->s;
        return NULL;
    }

    /* Enter *s*, the str of p[0:n], in *slot*. */
    static inline void fw_sc_put(size_t slot, const unsigned char *p, Py_ssize_t n,
                                 PyObject *s) {
        fw_sc_entry *e = &fw_sc[slot];
        PyObject *old = e->s;
        Py_INCREF(s);
        e->s = s;
        e->n = n;
        memcpy(e->b, p, (size_t)n);
        Py_XDECREF(old);
    }

    /* The str of the ASCII bytes p[0:n] (2 <= n <= FW_SC_MAX, no NUL); a new reference. */
    static PyObject *fw_ascii_short(const unsigned char *p, Py_ssize_t n) {
        size_t slot;
        PyObject *s = fw_sc_find(p, n, &slot);
        if (s != NULL) {
            Py_INCREF(s);
            return s;
        }
        s = PyUnicode_New(n, 127);
        if (s == NULL)
            return NULL;
        memcpy(PyUnicode_DATA(s), p, (size_t)n);
        fw_sc_put(slot, p, n, s);
        return s;
    }

    /* Validate the UTF-8 in p[0:n] (strict: no overlongs, surrogates or values past
       U+10FFFF, exactly what CPython's strict decoder accepts); count its characters and
       give the kind of str it needs (1, 2 or 4 bytes a character).  0 on success, -1 if it
       is not valid UTF-8.  Runs of ASCII go 16 bytes at a time. */
    static int fw_utf8_scan(const unsigned char *p, Py_ssize_t n, Py_ssize_t *nchars,
                            int *kind) {
        Py_ssize_t i = 0, cont = 0;  /* cont: continuation bytes seen */
        int k = 1;
        while (i < n) {
            unsigned int c = p[i];
            if (c < 0x80) {
    #if defined(__SSE2__) && defined(__GNUC__)
                if (i + 16 <= n) {
                    unsigned int m = (unsigned int)_mm_movemask_epi8(
                        _mm_loadu_si128((const __m128i *)(p + i)));
                    i += m ? __builtin_ctz(m) : 16;  /* to the next non-ASCII byte */
                    continue;
                }
    #endif
                i++;
                continue;
            }
            if (c < 0xC2)
                return -1;
            if (c < 0xE0) {
                if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80)
                    return -1;
                if (c >= 0xC4)
                    k = k < 2 ? 2 : k;
                i += 2; cont += 1;
                continue;
            }
            if (c < 0xF0) {
                unsigned int c1;
                if (i + 2 >= n)
                    return -1;
                c1 = p[i + 1];
                if ((c1 & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
                    return -1;
                if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
                    return -1;
                k = k < 2 ? 2 : k;
                i += 3; cont += 2;
                continue;
            }
            if (c < 0xF5) {
                unsigned int c1;
                if (i + 3 >= n)
                    return -1;
                c1 = p[i + 1];
                if ((c1 & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80
                        || (p[i + 3] & 0xC0) != 0x80)
                    return -1;
                if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
                    return -1;
                k = 4;
                i += 4; cont += 3;
                continue;
            }
            return -1;
        }
        *nchars = n - cont;
        *kind = k;
        return 0;
    }

    /* Decode p[0:n], which fw_utf8_scan accepted (nchars characters of that kind), into
       the storage of a str of that kind.  The vector paths store whole 16-character blocks
       (the part past an ASCII run is written again after it), only while 16 characters of
       room remain. */
    static void fw_utf8_fill(const unsigned char *p, Py_ssize_t n, Py_ssize_t nchars,
                             int kind, void *data) {
        Py_ssize_t i = 0;
        if (kind == 1) {
            unsigned char *o = (unsigned char *)data, *o_end = o + nchars;
            while (i < n) {
                unsigned int c = p[i];
                if (c < 0x80) {
    #if defined(__SSE2__) && defined(__GNUC__)
                    if (i + 16 <= n && o_end - o >= 16) {
                        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
                        unsigned int m = (unsigned int)_mm_movemask_epi8(v);
                        _mm_storeu_si128((__m128i *)o, v);
                        m = m ? (unsigned int)__builtin_ctz(m) : 16;
                        i += m; o += m;
                        continue;
                    }
    #endif
                    *o++ = (unsigned char)c; i++;
                    continue;
                }
                *o++ = (unsigned char)(((c & 0x1F) << 6) | (p[i + 1] & 0x3F)); i += 2;
            }
        } else if (kind == 2) {
            uint16_t *o = (uint16_t *)data, *o_end = o + nchars;
    #if defined(__SSE2__) && defined(__GNUC__)
            const __m128i zero = _mm_setzero_si128();
    #endif
            while (i < n) {
                unsigned int c = p[i];
                if (c < 0x80) {
    #if defined(__SSE2__) && defined(__GNUC__)
                    if (i + 16 <= n && o_end - o >= 16) {
                        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
                        unsigned int m = (unsigned int)_mm_movemask_epi8(v);
                        _mm_storeu_si128((__m128i *)o, _mm_unpacklo_epi8(v, zero));
                        _mm_storeu_si128((__m128i *)(o + 8), _mm_unpackhi_epi8(v, zero));
                        m = m ? (unsigned int)__builtin_ctz(m) : 16;
                        i += m; o += m;
                        continue;
                    }
    #endif
                    *o++ = (uint16_t)c; i++;
                    continue;
                }
                if (c < 0xE0) {
                    *o++ = (uint16_t)(((c & 0x1F) << 6) | (p[i + 1] & 0x3F)); i += 2;
                } else {
                    *o++ = (uint16_t)(((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6)
                                      | (p[i + 2] & 0x3F));
                    i += 3;
                }
            }
        } else {
            uint32_t *o = (uint32_t *)data;
            while (i < n) {
                unsigned int c = p[i];
                if (c < 0x80) {
                    *o++ = c; i++;
                } else if (c < 0xE0) {
                    *o++ = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F); i += 2;
                } else if (c < 0xF0) {
                    *o++ = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
                    i += 3;
                } else {
                    *o++ = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12)
                           | ((p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
                    i += 4;
                }
            }
        }
    }
    """
    Py_ssize_t fw_ucs2_ascii_run(const uint16_t* s, Py_ssize_t n, unsigned char* o) noexcept nogil
    Py_ssize_t fw_find_nul(const unsigned char* p, Py_ssize_t n, int* nonascii) noexcept nogil
    object fw_ascii_short(const unsigned char* p, Py_ssize_t n)
    PyObject* fw_sc_find(const unsigned char* p, Py_ssize_t n, size_t* slot) noexcept
    void fw_sc_put(size_t slot, const unsigned char* p, Py_ssize_t n, object s) noexcept
    int FW_SC_MAX
    Py_ssize_t fw_latin1_ascii_run(const unsigned char* s, Py_ssize_t n, unsigned char* o) noexcept nogil
    int fw_utf8_scan(const unsigned char* p, Py_ssize_t n, Py_ssize_t* nchars, int* kind) noexcept nogil
    void fw_utf8_fill(const unsigned char* p, Py_ssize_t n, Py_ssize_t nchars, int kind,
                      void* data) noexcept nogil

_PyElement = _el.Element
cdef object _ELEMENT_TYPES = _el.ELEMENT_TYPES  # rebound below, once Element exists
cdef object _EAS_HEADER = EAS_HEADER
cdef bytes _EAS_HEADER_BYTES = EAS_HEADER_BYTES
cdef object _set_wire = set_wire
cdef str START = _tokens.START
cdef str END = _tokens.END
cdef str TEXT = _tokens.TEXT
cdef str OPAQUE = _tokens.OPAQUE

DEFAULT_MAX_DEPTH = _limits.DEFAULT_MAX_DEPTH
DEFAULT_MAX_ELEMENTS = _limits.DEFAULT_MAX_ELEMENTS
DEFAULT_MAX_STRING_LEN = _limits.DEFAULT_MAX_STRING_LEN
DEFAULT_MAX_OPAQUE_LEN = _limits.DEFAULT_MAX_OPAQUE_LEN
DEFAULT_MAX_INPUT_LEN = _limits.DEFAULT_MAX_INPUT_LEN


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

cdef PyObject* ONE_CHAR[128]        # borrowed: chr(i), CPython's cached one-character strings
cdef int _i
for _i in range(128):
    _c = chr(_i)
    _KEEP.append(_c)
    ONE_CHAR[_i] = <PyObject*>_c
del _c


cdef tuple _raw_entry(int page, int token, bint strict, Py_ssize_t pos):
    """(name, start event, end event) of a token its page does not define; with *strict*,
    the Python path's UnknownTagError.  Cached: a raw name is one object for the process."""
    cdef PyObject* hit = PyDict_GetItem(_RAW, (page << 6) | token)
    if strict:
        _dc.tag_name(page, token, True, pos)  # raises
    if hit != NULL:
        return <tuple>hit
    name = _dc.tag_name(page, token, False, pos)
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


# ==========================================================================================
# the element
# ==========================================================================================
# Children of a decoded element: a C array, not a list.  A list is a garbage-collected
# object: the ~6,000 lists of a 1,000-item Sync would be ~6,000 GC allocations per decode,
# each counted towards the next collection (untracking a list does not uncount it), so the
# decoder would trigger collections -- and now and then a full one, which traverses every
# object the application keeps -- ten times per decode.  The decoder instead appends each
# child to a block of PyMem memory owned by its parent (``_kids``: two header slots, then
# the children, owned references) and makes no GC allocation but the result's list.
#
# Python code never sees the array: reading ``_children`` (which every method written in
# Python does: find, iter, ==, copy, pickling ...) turns it into the list it would have
# been -- same order, same elements, untracked as the decoder's lists always were -- stored
# in ``_lst`` and returned from then on (``e._children is e._children``).  ``len()``,
# ``content_bit`` and the encoder read either form without converting.  Assigning
# ``_children`` (a list or None, as before) drops the array.  Invariant: ``_kids`` is NULL
# whenever ``_lst`` is not None.
#
# Freeing: a list's dealloc goes through CPython's trashcan, so that freeing a deep tree does
# not recurse in C once per level; the trashcan needs a GC header, which elements do not
# have.  fw_kids_release below does the same by hand: past FW_KIDS_MAX_DEPTH nested
# releases, a block is put on a per-thread list (linked through its first header slot, the
# count in the second: no allocation while freeing) that the outermost release drains.
cdef extern from *:
    """
    #if defined(_MSC_VER)
    #define FW_TLS __declspec(thread)
    #else
    #define FW_TLS _Thread_local
    #endif
    #define FW_KIDS_HDR 2
    #define FW_BASICSIZE(o) (Py_TYPE(o)->tp_basicsize)
    #define FW_KIDS_MAX_DEPTH 50
    static FW_TLS Py_ssize_t fw_kids_depth = 0;
    static FW_TLS PyObject **fw_kids_deferred = NULL;

    /* Release a children block holding *n* owned references (may run arbitrary code:
       the children's deallocators).  Bounded C recursion whatever the tree's depth. */
    static void fw_kids_release(PyObject **block, Py_ssize_t n) {
        Py_ssize_t i;
        if (fw_kids_depth >= FW_KIDS_MAX_DEPTH) {
            block[0] = (PyObject *)fw_kids_deferred;
            block[1] = (PyObject *)(intptr_t)n;
            fw_kids_deferred = block;
            return;
        }
        fw_kids_depth++;
        for (;;) {
            for (i = n; --i >= 0;)
                Py_XDECREF(block[FW_KIDS_HDR + i]);
            PyMem_Free(block);
            if (fw_kids_depth != 1 || fw_kids_deferred == NULL)
                break;
            block = fw_kids_deferred;
            fw_kids_deferred = (PyObject **)block[0];
            n = (Py_ssize_t)(intptr_t)block[1];
        }
        fw_kids_depth--;
    }

    /* The element's deallocator: release its block, then Cython's own (which clears the
       object fields and keeps the freelist).  Not a __dealloc__ method: Cython wraps those
       in an exception save and restore, which cost more than the rest of the deallocation
       for each of a tree's 40,000 elements; releasing references needs no such thing (as
       list_dealloc does not).  The field offsets come from the module (fw_element_setup). */
    static destructor fw_element_base_dealloc = NULL;
    static Py_ssize_t fw_element_kids_off = 0, fw_element_n_off = 0;
    static void fw_element_dealloc(PyObject *o) {
        PyObject ***slot = (PyObject ***)((char *)o + fw_element_kids_off);
        PyObject **block = *slot;
        if (block != NULL) {
            *slot = NULL;
            fw_kids_release(block, (Py_ssize_t)*(int *)((char *)o + fw_element_n_off));
        }
        fw_element_base_dealloc(o);
    }
    static void fw_element_setup(PyTypeObject *t, Py_ssize_t kids_off, Py_ssize_t n_off) {
        if (t->tp_dealloc == fw_element_dealloc)
            return;
        fw_element_kids_off = kids_off;
        fw_element_n_off = n_off;
        fw_element_base_dealloc = t->tp_dealloc;
        t->tp_dealloc = fw_element_dealloc;
    }
    """
    int FW_KIDS_HDR
    Py_ssize_t Py_TYPE_basicsize "FW_BASICSIZE"(object o)
    void fw_kids_release(PyObject** block, Py_ssize_t n)
    ctypedef struct PyTypeObject
    void fw_element_setup(PyTypeObject* t, Py_ssize_t kids_off, Py_ssize_t n_off)
    void* PyMem_Realloc(void* p, size_t n)
    void PyMem_Free(void* p)

cdef object _pyel_method(str name):
    return _PyElement.__dict__[name]


# Not tracked by the cyclic GC (no_gc): a decoded Sync of 40,000 elements would otherwise be
# 40,000 more objects for every collection to traverse while it is built and as long as it
# lives (measured: 1.5-2x the decode time with the GC on).  A tree cannot form a cycle by
# itself; the price is that a cycle a user makes through elements (``e.append(e)``, or a
# text object that refers back to its element) is never collected: a leak, never a crash --
# objects reachable only from elements still count as referenced, so they are not freed.
# The children lists made from the decoder's arrays are untracked too (they hold only
# elements).  Deep trees are freed without deep C recursion (fw_kids_release above; the
# lists' dealloc uses the trashcan).
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
    # (64 bytes, as many as the list-holding element took in pymalloc's 16-byte classes)
    cdef public object tag
    cdef public object text
    cdef list _lst              # the children as a list, or None (see "Children" above)
    cdef PyObject** _kids       # or the decoder's block: FW_KIDS_HDR slots, then _n children
    cdef public object _wire
    cdef int _n                 # (the block's capacity follows from _n: see _add_kid)
    cdef public bint _cb

    def __init__(self, tag, text=None, children=None, *, content_bit=False):
        self.tag = tag
        self.text = text
        _set_children(self, list(children) if children else None)
        self._cb = bool(content_bit)
        self._wire = None

    @property
    def _children(self):
        """The children: a list, or None for none (the pure-Python class's slot)."""
        return _kids_list(self)

    @_children.setter
    def _children(self, value):
        _set_children(self, value)

    @_children.deleter
    def _children(self):
        _set_children(self, None)

    @property
    def content_bit(self):
        """Whether the element is written with WBXML's content bit (see the module doc)."""
        return self._cb or self.text is not None or _nkids(self) > 0

    @content_bit.setter
    def content_bit(self, value):
        self._cb = bool(value)

    def __len__(self):
        return _nkids(self)

    def __sizeof__(self):
        # the object, and its children block if it has one (as a list counts its item array)
        cdef Py_ssize_t n = self._n
        cdef Py_ssize_t cap = 0
        if self._kids != NULL:
            cap = 4
            while cap < n:
                cap *= 2
            cap += FW_KIDS_HDR
        return Py_TYPE_basicsize(self) + cap * <Py_ssize_t>sizeof(PyObject*)

    def __bool__(self):
        return True

    def __iter__(self):
        cdef list kids = _kids_list(self)
        return iter(kids if kids is not None else ())

    def __getitem__(self, index):
        cdef list kids = _kids_list(self)
        if kids is None:
            if isinstance(index, slice):
                return []
            raise IndexError("element has no children")
        return kids[index]

    def append(self, child):
        cdef list kids = _kids_list(self)
        if kids is None:
            self._lst = [child]
        else:
            kids.append(child)

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


cdef void _setup_element_dealloc() except *:
    """Install fw_element_dealloc (above) as Element's deallocator."""
    cdef Element probe = Element.__new__(Element)
    fw_element_setup(<PyTypeObject*>Element,
                     <char*>&probe._kids - <char*><PyObject*>probe,
                     <char*>&probe._n - <char*><PyObject*>probe)


_setup_element_dealloc()


cdef inline Element _new_element(object tag):
    cdef Element e = Element.__new__(Element)
    e.tag = tag
    return e


cdef inline Py_ssize_t _nkids(Element e) noexcept:
    """How many children *e* has, in whichever form it holds them."""
    if e._lst is not None:
        return PyList_GET_SIZE(e._lst)
    return e._n


cdef inline PyObject* _kid(Element e, Py_ssize_t i) noexcept:
    """Borrowed: child *i* of *e*, or NULL past the last one (either form)."""
    if e._lst is not None:
        return PyList_GET_ITEM(e._lst, i) if i < PyList_GET_SIZE(e._lst) else NULL
    return e._kids[FW_KIDS_HDR + i] if i < e._n else NULL


cdef inline list _kids_list(Element e):
    """*e*'s children as a list (made from its block on first use), or None: ``_children``."""
    if e._kids != NULL:
        with cython.critical_section(e):  # (free-threaded builds: one thread converts)
            _materialise(e)
    return e._lst


cdef int _set_children(Element e, object value) except -1:
    """``e._children = value``: a list or None, as the pure-Python slot's users expect."""
    if value is not None and type(value) is not list:
        raise TypeError(f"Expected list, got {type(value).__name__}")
    cdef PyObject** block = e._kids
    cdef Py_ssize_t n = e._n
    e._kids = NULL
    e._n = 0
    e._lst = value  # (may free the old list, and run code: the block is detached first)
    if block != NULL:
        fw_kids_release(block, n)
    return 0


cdef int _materialise(Element e) except -1:
    """Turn *e*'s children block into its ``_lst``: the list the decoder used to make."""
    cdef Py_ssize_t n = e._n
    cdef list lst = PyList_New_raw(n)  # may run a collection, and so Python code
    cdef PyObject** block = e._kids
    if block == NULL or e._n != n:  # that code converted or replaced the children
        Py_SET_SIZE_raw(lst, 0)       # (the list's slots are still NULL)
        if block != NULL:
            return _materialise(e)
        return 0
    cdef Py_ssize_t i
    for i in range(n):  # the references move to the list
        PyList_SET_ITEM_raw(lst, i, block[FW_KIDS_HDR + i])
    e._kids = NULL
    e._n = 0
    PyMem_Free(block)
    PyObject_GC_UnTrack(<PyObject*>lst)
    e._lst = lst
    return 0


# ==========================================================================================
# decoder
# ==========================================================================================
cdef inline int _add_kid(Element parent, Element e) except -1:
    """Append *e* to *parent*'s children block.  Its capacity is 4 for up to 4 children
    (most EAS containers have 2 to 4: no resize for them), else the power of two at or above
    their number: full when there are 4, 8, 16 ... (or none), then doubled.  No Python code
    runs here."""
    cdef int n = parent._n
    cdef Py_ssize_t cap
    cdef PyObject** block
    if parent._lst is not None:  # (only if Python code converted it meanwhile)
        parent._lst.append(e)
        return 0
    if n == 0 or (n >= 4 and (n & (n - 1)) == 0):
        if n >= (1 << 30):
            raise MemoryError("more than 2**30 children in one element")
        cap = 4 if n == 0 else 2 * <Py_ssize_t>n
        block = <PyObject**>PyMem_Realloc(parent._kids,
                                          <size_t>(cap + FW_KIDS_HDR) * sizeof(PyObject*))
        if block == NULL:
            raise MemoryError()
        parent._kids = block
    Py_INCREF(e)
    parent._kids[FW_KIDS_HDR + n] = <PyObject*>e
    parent._n = n + 1
    return 0


cdef inline tuple _pages(int first, list more):
    return (first,) if more is None else tuple(more)


cdef object _DEF_DEPTH = DEFAULT_MAX_DEPTH, _DEF_ELEMENTS = DEFAULT_MAX_ELEMENTS
cdef object _DEF_STRING = DEFAULT_MAX_STRING_LEN, _DEF_OPAQUE = DEFAULT_MAX_OPAQUE_LEN
cdef Py_ssize_t _DEF_DEPTH_C = DEFAULT_MAX_DEPTH, _DEF_ELEMENTS_C = DEFAULT_MAX_ELEMENTS
cdef Py_ssize_t _DEF_STRING_C = DEFAULT_MAX_STRING_LEN, _DEF_OPAQUE_C = DEFAULT_MAX_OPAQUE_LEN
cdef object _DEF_INPUT = DEFAULT_MAX_INPUT_LEN
cdef Py_ssize_t _DEF_INPUT_C = DEFAULT_MAX_INPUT_LEN


cdef tuple _decode(object data, bint fragment, object page, bint eas_only, bint strict,
                   bint opaque_mv, object max_depth_o, object max_elements_o,
                   object max_string_len_o, object max_opaque_len_o,
                   object max_input_len_o):
    """Decode *data*; return ``(header, roots)``."""
    # the limits as C integers (the defaults, the usual case, without asking the objects)
    cdef Py_ssize_t max_depth = (_DEF_DEPTH_C if max_depth_o is _DEF_DEPTH
                                 else _limit(max_depth_o))
    cdef Py_ssize_t max_elements = (_DEF_ELEMENTS_C if max_elements_o is _DEF_ELEMENTS
                                    else _limit(max_elements_o))
    cdef Py_ssize_t max_string_len = (_DEF_STRING_C if max_string_len_o is _DEF_STRING
                                      else _limit(max_string_len_o))
    cdef Py_ssize_t max_opaque_len = (_DEF_OPAQUE_C if max_opaque_len_o is _DEF_OPAQUE
                                      else _limit(max_opaque_len_o))
    cdef list roots = None     # made with the first root (a list of one: no resize)
    cdef Reader rd
    cdef _Input holder = None  # holds the buffer of input that is not bytes
    cdef object mv = None      # a memoryview of the input, for opaque_memoryview
    if PyBytes_CheckExact(data):
        rd.buf = <const unsigned char*>PyBytes_AS_STRING(data)
        rd.end = PyBytes_GET_SIZE(data)
    else:
        holder = _Input.__new__(_Input)
        _open(holder, data)
        rd = holder.r
        mv = holder.mv
    if rd.end > (_DEF_INPUT_C if max_input_len_o is _DEF_INPUT else _limit(max_input_len_o)):
        raise _err.err_input_too_long(rd.end, max_input_len_o)
    cdef const Reader* r = &rd
    cdef Py_ssize_t end = r.end
    cdef int cur = 0, before = 0, b, p, token
    cdef Py_ssize_t pos
    header = _start_body(r, data, fragment, page, eas_only, &cur, &pos)
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
    try:
        while True:
            b = rd_byte(r, pos)
            if b < 0:
                break
            if b == 0x00:  # SWITCH_PAGE
                p = rd_byte(r, pos + 1)
                if p < 0:
                    raise _err.err_switch_truncated(pos)
                if not PAGE_KNOWN[p]:
                    raise _err.err_unknown_page(p, pos)
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
                    raise _err.err_end_unmatched(have_root and not fragment, pos)
                depth -= 1
                if npending:
                    e = <Element>stack[depth]
                    e._wire = _set_wire(e._wire, 2, _pages(first_pending, more_pending))
                    npending = 0
                    more_pending = None
                pos += 1
                if depth == 0 and not fragment and pos < end:
                    raise _err.err_trailing(end - pos, pos)
                continue
            if b == 0x03 or b == 0xC3:  # STR_I / OPAQUE
                if depth == 0:
                    raise _err.err_text_outside(pos)
                e = <Element>stack[depth - 1]
                if e.text is not None or _nkids(e):
                    raise _err.err_mixed(e.tag, pos)
                if b == 0x03:
                    stop = rd_str(r, pos + 1, &ascii)
                    if stop < 0 or stop - pos - 1 > max_string_len:
                        _dc.decode_str_i(_errbuf(r, data), pos, end, max_string_len_o)  # raises
                    e.text = _str_i(r, data, pos, stop, ascii, max_string_len_o)
                    stop += 1
                else:
                    start = pos + 1
                    if (rd_mb_u_int32(r, &start, &length) < 0 or <uint64_t>(end - start) < length
                            or <int64_t>length > max_opaque_len):
                        _dc.opaque_span(_errbuf(r, data), pos, end, max_opaque_len_o)  # raises
                        raise AssertionError("opaque_span did not raise")
                    stop = start + <Py_ssize_t>length
                    if opaque_mv:
                        if mv is None:
                            mv = memoryview(data)
                        e.text = mv[start:stop]
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
                raise _err.err_unsupported_token(b, pos)
            # a tag
            if depth:
                parent = <Element>stack[depth - 1]
                if parent.text is not None:
                    raise _err.err_mixed(parent.tag, pos)
            elif have_root and not fragment:
                raise _err.err_second_root(pos)
            if depth >= max_depth:
                raise _err.err_too_deep(max_depth_o, pos)
            count += 1
            if count > max_elements:
                raise _err.err_too_many(max_elements_o, pos)
            name = NAMES[cur * 64 + token]
            if name != NULL:
                e = _new_element(<object>name)
            else:
                e = _new_element(_raw_entry(cur, token, strict, pos)[0])
            if npending:
                # the rule of _wire.keep_before_tag: only redundant switches are kept
                if npending != 1 or first_pending == before:
                    e._wire = Wire(_pages(first_pending, more_pending), None, None)
                npending = 0
                more_pending = None
            if depth:
                _add_kid(parent, e)
            else:
                if roots is None:
                    roots = [e]
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
            raise _err.err_ends_inside((<Element>stack[depth - 1]).tag, depth, end)
        if npending:
            raise _err.err_switch_at_end(end - 2 * npending)
        if not have_root and not fragment:
            raise _err.err_no_root(pos)
        return (header, roots if roots is not None else [])
    finally:
        if stack != small_stack:
            free(stack)


def decode(data, *, fragment=False, page=0, eas_only=False, strict=False,
           opaque_memoryview=False, max_depth=DEFAULT_MAX_DEPTH,
           max_elements=DEFAULT_MAX_ELEMENTS, max_string_len=DEFAULT_MAX_STRING_LEN,
           max_opaque_len=DEFAULT_MAX_OPAQUE_LEN, max_input_len=DEFAULT_MAX_INPUT_LEN):
    return _decode(data, fragment, page, eas_only, strict, opaque_memoryview, max_depth,
                   max_elements, max_string_len, max_opaque_len, max_input_len)


def loads(data, *, strict=False, opaque_memoryview=False, max_depth=DEFAULT_MAX_DEPTH,
          max_elements=DEFAULT_MAX_ELEMENTS, max_string_len=DEFAULT_MAX_STRING_LEN,
          max_opaque_len=DEFAULT_MAX_OPAQUE_LEN, max_input_len=DEFAULT_MAX_INPUT_LEN):
    return (<list>_decode(data, False, 0, True, strict, opaque_memoryview, max_depth,
                          max_elements, max_string_len, max_opaque_len, max_input_len)[1])[0]


def loads_document(data, *, strict=False, opaque_memoryview=False, max_depth=DEFAULT_MAX_DEPTH,
                   max_elements=DEFAULT_MAX_ELEMENTS, max_string_len=DEFAULT_MAX_STRING_LEN,
                   max_opaque_len=DEFAULT_MAX_OPAQUE_LEN, max_input_len=DEFAULT_MAX_INPUT_LEN):
    res = _decode(data, False, 0, False, strict, opaque_memoryview, max_depth, max_elements,
                  max_string_len, max_opaque_len, max_input_len)
    return Document(res[0], (<list>res[1])[0])


def loads_fragment(data, *, page=0, strict=False, opaque_memoryview=False,
                   max_depth=DEFAULT_MAX_DEPTH, max_elements=DEFAULT_MAX_ELEMENTS,
                   max_string_len=DEFAULT_MAX_STRING_LEN, max_opaque_len=DEFAULT_MAX_OPAQUE_LEN,
                   max_input_len=DEFAULT_MAX_INPUT_LEN):
    return _decode(data, True, page, False, strict, opaque_memoryview, max_depth, max_elements,
                   max_string_len, max_opaque_len, max_input_len)[1]


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

    @cython.final
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
                 max_string_len=DEFAULT_MAX_STRING_LEN, max_opaque_len=DEFAULT_MAX_OPAQUE_LEN,
                 max_input_len=DEFAULT_MAX_INPUT_LEN):
        cdef int cur = 0
        cdef _Input src
        if self._src is not None or self._stack != NULL:
            raise RuntimeError("EventReader.__init__ called twice")
        self._cap = 32
        self._stack = <Frame*>malloc(self._cap * sizeof(Frame))
        if self._stack == NULL:
            raise MemoryError()
        src = _Input.__new__(_Input)
        _open(src, data)
        if src.r.end > _limit(max_input_len):
            raise _err.err_input_too_long(src.r.end, max_input_len)
        self._end = src.r.end
        self.header = _start_body(&src.r, data, fragment, page, False, &cur, &self._pos)
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

    @cython.final
    cdef inline Frame* _text_target(self, Py_ssize_t pos) except NULL:
        if self._depth == 0:
            raise _err.err_text_outside(pos)
        cdef Frame* top = &self._stack[self._depth - 1]
        if top.state:
            raise _err.err_mixed(<object>top.tag, pos)
        return top

    @cython.final
    cdef inline int _tag(self, int b, Py_ssize_t pos, PyObject** start_ev) except -1:
        """Checks and bookkeeping for the tag byte *b*; pushes it if it has content; returns
        1 if it has content (else 0) and its events through *start_ev* / ``_pending_end``."""
        cdef int token = b & 0x3F
        cdef Frame* f
        cdef PyObject* s
        cdef PyObject* e
        cdef PyObject* name
        cdef int code
        if token < 5 or b & 0x80:
            raise _err.err_unsupported_token(b, pos)
        if self._depth:
            if self._stack[self._depth - 1].state == 2:
                raise _err.err_mixed(<object>self._stack[self._depth - 1].tag, pos)
        elif self._roots and not self._fragment:
            raise _err.err_second_root(pos)
        if self._depth >= self._max_depth:
            raise _err.err_too_deep(self._max_depth_o, pos)
        self._count += 1
        if self._count > self._max_elements:
            raise _err.err_too_many(self._max_elements_o, pos)
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

    @cython.final
    cdef int _finish(self) except -1:
        if self._depth:
            raise _err.err_ends_inside(<object>self._stack[self._depth - 1].tag, self._depth,
                                  self._end)
        if not self._done:
            self._done = True
            if not self._roots and not self._fragment:
                raise _err.err_no_root(self._pos)
        return 0

    @cython.final
    cdef inline int _switch(self, Py_ssize_t pos) except -1:
        cdef int p = rd_byte(&self._src.r, pos + 1)
        if p < 0:
            raise _err.err_switch_truncated(pos)
        if not PAGE_KNOWN[p]:
            raise _err.err_unknown_page(p, pos)
        self._page = p
        self._pos = pos + 2
        return 0

    @cython.final
    cdef Py_ssize_t _opaque_stop(self, Py_ssize_t pos, Py_ssize_t* start) except -1:
        cdef uint64_t length
        start[0] = pos + 1
        if (rd_mb_u_int32(&self._src.r, start, &length) < 0
                or <uint64_t>(self._end - start[0]) < length
                or <int64_t>length > self._max_opaque_len):
            _dc.opaque_span(self._src.errbuf(), pos, self._end, self._max_opaque_len_o)
            raise AssertionError("opaque_span did not raise")
        return start[0] + <Py_ssize_t>length

    def __next__(self):
        cdef PyObject* ev
        cdef Py_ssize_t pos, stop, start, depth
        cdef int b, code
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
                code = rd_byte(r, pos + 1)
                if code >= 0 and PAGE_KNOWN[code]:
                    self._page = code
                    self._pos = pos + 2
                else:
                    self._switch(pos)  # raises
                continue
            if b == 0x01:
                if self._depth == 0:
                    raise _err.err_end_unmatched(self._roots != 0 and not self._fragment, pos)
                self._depth -= 1
                ev = self._stack[self._depth].end_ev
                self._pos = pos + 1
                if self._depth == 0 and not self._fragment and self._pos < self._end:
                    raise _err.err_trailing(self._end - self._pos, self._pos)
                return <object>ev
            if b == 0x03:
                depth = self._depth
                if depth and self._stack[depth - 1].state == 0:
                    top = &self._stack[depth - 1]
                else:
                    top = self._text_target(pos)  # raises
                stop = rd_str(r, pos + 1, &ascii)
                if stop < 0 or stop - pos - 1 > self._max_string_len:
                    _dc.decode_str_i(self._src.errbuf(), pos, self._end, self._max_string_len_o)
                text = _str_i(r, self._src.data, pos, stop, ascii, self._max_string_len_o)
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
            # a tag: the common case here (a table name, no limit reached, no error); any
            # other case, in the order the Python path checks it, in _tag
            depth = self._depth
            code = self._page * 64 + (b & 0x3F)
            if ((b & 0x3F) >= 5 and not b & 0x80 and NAMES[code] != NULL
                    and depth < self._max_depth and depth < self._cap
                    and self._count < self._max_elements
                    and (self._stack[depth - 1].state != 2 if depth
                         else (self._roots == 0 or self._fragment))):
                self._count += 1
                if depth:
                    self._stack[depth - 1].state = 1
                else:
                    self._roots += 1
                if b & 0x40:
                    top = &self._stack[depth]
                    top.tag = NAMES[code]
                    top.end_ev = END_EV[code]
                    top.state = 0
                    self._depth = depth + 1
                    self.content_bit = True
                else:
                    self._pending_end = END_EV[code]
                    self.content_bit = False
                self._pos = pos + 1
                return <object>START_EV[code]
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
                        raise _err.err_trailing(self._end - self._pos, self._pos)
                    return
            elif b == 0x03:
                top = self._text_target(pos)
                stop = rd_nul(r, pos + 1)
                if stop < 0:
                    raise _err.err_unterminated(pos)
                if stop - pos - 1 > self._max_string_len:
                    raise _err.err_string_too_long(stop - pos - 1, self._max_string_len_o, pos)
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
              max_string_len=DEFAULT_MAX_STRING_LEN, max_opaque_len=DEFAULT_MAX_OPAQUE_LEN,
              max_input_len=DEFAULT_MAX_INPUT_LEN):
    return EventReader(data, fragment=fragment, page=page, strict=strict,
                       opaque_memoryview=opaque_memoryview, max_depth=max_depth,
                       max_elements=max_elements, max_string_len=max_string_len,
                       max_opaque_len=max_opaque_len, max_input_len=max_input_len)


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
    """STR_I with the UTF-8 of *s*, written straight from the string's storage (runs of
    ASCII 8 characters at a time)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), i, k
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
    i = 0
    if kind == PyUnicode_1BYTE_KIND:
        d1 = <const uint8_t*>PyUnicode_DATA(s)
        while i < n:
            c = d1[i]
            if c < 0x80:
                if c == 0:
                    _str_error(s, e, fr, nanc)
                k = fw_latin1_ascii_run(d1 + i, n - i, o)  # at least this one
                o += k
                i += k
                continue
            i += 1
            o[0] = 0xC0 | (c >> 6)
            o[1] = 0x80 | (c & 0x3F)
            o += 2
    elif kind == PyUnicode_2BYTE_KIND:
        d2 = <const uint16_t*>PyUnicode_DATA(s)
        while i < n:
            c = d2[i]
            if c < 0x80:
                if c == 0:
                    _str_error(s, e, fr, nanc)
                k = fw_ucs2_ascii_run(d2 + i, n - i, o)  # at least this one
                o += k
                i += k
                continue
            i += 1
            if c < 0x800:
                o[0] = 0xC0 | (c >> 6)
                o[1] = 0x80 | (c & 0x3F)
                o += 2
            else:
                if 0xD800 <= c <= 0xDFFF:
                    _str_error(s, e, fr, nanc)  # a lone surrogate
                o[0] = 0xE0 | (c >> 12)
                o[1] = 0x80 | ((c >> 6) & 0x3F)
                o[2] = 0x80 | (c & 0x3F)
                o += 3
    else:
        d4 = <const uint32_t*>PyUnicode_DATA(s)
        while i < n:
            c = d4[i]
            i += 1
            if c < 0x80:
                if c == 0:
                    _str_error(s, e, fr, nanc)
                o[0] = c
                o += 1
            elif c < 0x800:
                o[0] = 0xC0 | (c >> 6)
                o[1] = 0x80 | (c & 0x3F)
                o += 2
            elif c < 0x10000:
                if 0xD800 <= c <= 0xDFFF:
                    _str_error(s, e, fr, nanc)  # a lone surrogate
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


# tag -> code by the tag object's address, for the table's own (interned) names: what
# decoded trees, and code using fastwbxml.tables' names, carry; other tags go through the dict
DEF TAGPTR_BITS = 12
cdef PyObject* TAGPTR_KEY[1 << TAGPTR_BITS]
cdef int TAGPTR_CODE[1 << TAGPTR_BITS]


cdef inline size_t _tagptr_slot(const PyObject* p) noexcept nogil:
    return <size_t>(((<uint64_t><size_t>p >> 4) * <uint64_t>0x9E3779B97F4A7C15)
                    >> (64 - TAGPTR_BITS))


cdef inline int _tagptr_code(const PyObject* p) noexcept nogil:
    """The code of the table name *p*, or -1 if *p* is not one."""
    cdef size_t i = _tagptr_slot(p)
    while TAGPTR_KEY[i] != NULL:
        if TAGPTR_KEY[i] == p:
            return TAGPTR_CODE[i]
        i = (i + 1) & ((1 << TAGPTR_BITS) - 1)
    return -1


cdef void _init_tagptr() except *:
    cdef size_t i
    cdef int k
    for k in range(1 << TAGPTR_BITS):
        TAGPTR_KEY[k] = NULL
    n = 0
    for k in range(256 * 64):
        if NAMES[k] == NULL:
            continue
        code = _TAG_CODES.get(<object>NAMES[k])
        if code is None:
            continue
        n += 1
        if n > (1 << TAGPTR_BITS) // 2:
            raise RuntimeError("tag table too large for TAGPTR_BITS")
        i = _tagptr_slot(NAMES[k])
        while TAGPTR_KEY[i] != NULL:
            i = (i + 1) & ((1 << TAGPTR_BITS) - 1)
        TAGPTR_KEY[i] = NAMES[k]
        TAGPTR_CODE[i] = code


_init_tagptr()


cdef inline int _tag_code(object e, object tag, const EFrame* fr, Py_ssize_t nanc) except -1:
    cdef PyObject* hit
    cdef int code = _tagptr_code(<PyObject*>tag)
    if code >= 0:
        return code
    if PyUnicode_CheckExact(tag):
        hit = PyDict_GetItemWithError(_TAG_CODES, tag)  # (a str key: no error to raise)
        if hit != NULL:
            return <int><object>hit
    return _ec.tag_code(e, _chain(fr, nanc, e))


cdef int w_switches(Writer* w, object pages) except -1:
    cdef bytes one
    for p in pages:  # as the Python encoder: b"\x00" + bytes((p,))
        one = bytes((p,))
        w_byte(w, 0)
        w_byte(w, <unsigned char>PyBytes_AS_STRING(one)[0])
    return 0


cdef inline int w_page(Writer* w, int page) except -1:
    """A SWITCH_PAGE to *page*."""
    w_reserve(w, 2)
    w.buf[w.pos] = 0
    w.buf[w.pos + 1] = <char>page
    w.pos += 2
    return 0


@cython.wraparound(True)
cdef int _write_start(Writer* w, object e, int* cur, const EFrame* fr, Py_ssize_t nanc,
                      PyObject** kids_out) except -1:
    """Write element *e* (whose *nanc* ancestors are the bottom of *fr*) up to its content,
    updating the current page.  Return 1 if it is left open: the caller writes its children
    (a new reference to them, or NULL for none, through *kids_out*) and then its end; else 0
    (it is complete: no content, or its text and end)."""
    cdef Element ne
    cdef int code, page
    cdef bint cb, exact = type(e) is Element
    cdef Py_ssize_t nkids = 0
    if exact:
        ne = <Element>e
        tag, text, cb, wire = ne.tag, ne.text, ne._cb, ne._wire
        kids = None
        nkids = _nkids(ne)
    else:
        tag, text, kids, cb, wire = e.tag, e.text, e._children, e._cb, e._wire
    code = _tag_code(e, tag, fr, nanc)
    page = code >> 8
    if wire is not None and wire[0]:
        w_switches(w, wire[0])
        if wire[0][-1] != page:
            raise _err.err_wire_page(wire[0][-1], page, _ec.element_path(_chain(fr, nanc, e)))
        cur[0] = page
    elif page != cur[0]:
        w_page(w, page)
        cur[0] = page
    if text is None:
        if exact:  # children: a list, a block, or none
            if nkids > 0:
                w_byte(w, (code & 0x3F) | 0x40)
                kids_out[0] = _kids_ref(ne)
                return 1
            w_byte(w, (code & 0x3F) | (0x40 if cb else 0))
            kids_out[0] = NULL
            if not cb:
                return 0
            if wire is None:  # no switches before the end: write it now
                w_byte(w, 0x01)
                return 0
            return 1
        w_byte(w, (code & 0x3F) | (0x40 if (cb or kids) else 0))
    else:
        if not PyUnicode_CheckExact(text) and isinstance(text, str):
            text = str(text)  # a str subclass: its plain string value
        if nkids > 0 or kids:
            raise _err.err_text_and_children(_ec.element_path(_chain(fr, nanc, e)))
        w_byte(w, (code & 0x3F) | 0x40)
        if wire is not None and wire[1]:
            w_switches(w, wire[1])
            cur[0] = wire[1][-1]
        if PyUnicode_CheckExact(text):
            w_str(w, <str>text, e, fr, nanc)
        else:
            w_opaque(w, text, e, fr, nanc)
        if exact:
            kids_out[0] = NULL
            if wire is None:
                w_byte(w, 0x01)
                return 0
            return 1
    # not an Element: its content bit and children, as the Python path asks for them
    if not e.content_bit:
        return 0
    kids = e._children
    if kids:
        Py_INCREF(kids)
        kids_out[0] = <PyObject*>kids
    else:
        kids_out[0] = NULL
    return 1


cdef inline PyObject* _kids_ref(Element e) noexcept:
    """A new reference to what an encoder frame walks for *e*'s children: its list, or *e*
    itself when they are in a block (read through ``_kid`` at each step, so that Python code
    that converts or changes them meanwhile is seen, never a stale pointer)."""
    cdef PyObject* k = <PyObject*>e._lst if e._lst is not None else <PyObject*>e
    Py_INCREF(<object>k)
    return k


cdef inline int _fast_start(Writer* w, object e, int* cur, const EFrame* fr, Py_ssize_t nanc,
                            PyObject** kids_out) except -2:
    """``_write_start`` for the common Element, read through borrowed pointers: a table name
    for tag, no recorded page switches, no text or a str, no children if it has text.  -1
    (nothing written) for any other, which ``_write_start`` then writes.  Runs no Python
    code (but on the path of an error), so the element's fields cannot change under it."""
    cdef PyObject* tag = <PyObject*>(<Element>e).tag
    cdef PyObject* text = <PyObject*>(<Element>e).text
    cdef int code, page
    cdef bint has_kids
    if <PyObject*>(<Element>e)._wire != <PyObject*>None:
        return -1
    code = _tagptr_code(tag)
    if code < 0:
        return -1
    has_kids = (<Element>e)._kids != NULL or ((<Element>e)._lst is not None
                                             and PyList_GET_SIZE((<Element>e)._lst) > 0)
    if text != <PyObject*>None and (has_kids or not PyUnicode_CheckExact_raw(text)):
        return -1
    page = code >> 8
    w_reserve(w, 4)
    if page != cur[0]:
        w.buf[w.pos] = 0
        w.buf[w.pos + 1] = <char>page
        w.pos += 2
        cur[0] = page
    if text == <PyObject*>None:
        if has_kids:
            w.buf[w.pos] = <char>((code & 0x3F) | 0x40)
            w.pos += 1
            kids_out[0] = _kids_ref(<Element>e)
            return 1
        if (<Element>e)._cb:  # start and end, no content
            w.buf[w.pos] = <char>((code & 0x3F) | 0x40)
            w.buf[w.pos + 1] = 0x01
            w.pos += 2
        else:
            w.buf[w.pos] = <char>(code & 0x3F)
            w.pos += 1
        return 0
    w.buf[w.pos] = <char>((code & 0x3F) | 0x40)
    w.pos += 1
    w_str(w, <str>text, e, fr, nanc)
    w_byte(w, 0x01)
    return 0


@cython.wraparound(True)
cdef int _write_end(Writer* w, object e, int* cur) except -1:
    wire = (<Element>e)._wire if type(e) is Element else e._wire
    if wire is not None and wire[2]:
        w_switches(w, wire[2])
        cur[0] = wire[2][-1]
    w_byte(w, 0x01)
    return 0


cdef Py_ssize_t _CYCLE_CHECK_DEPTH = _ec.CYCLE_CHECK_DEPTH


cdef int _encode_into(Writer* w, object roots, int cur) except -2:
    """Append the body for *roots* to *w*; as ``_encode_py.encode``.  One loop over a C
    stack of open elements (each frame owns its element and children)."""
    cdef EFrame small[64]
    cdef EFrame* fr = small
    cdef EFrame* top
    cdef EFrame* grown
    cdef Py_ssize_t cap = 64, depth = 0, i
    cdef PyObject* kids
    cdef PyObject* kid
    cdef object child, it
    cdef int open_
    cdef set on_path = None  # ids of the open elements, from CYCLE_CHECK_DEPTH on
    try:
        for root in roots:
            if type(root) is not Element and not isinstance(root, _ELEMENT_TYPES):
                raise _err.err_not_element(root)
            child = root
            while True:
                # write *child* (at *depth*); push it if it stays open
                open_ = -1
                if type(child) is Element:
                    open_ = _fast_start(w, child, &cur, fr, depth, &kids)
                if open_ < 0:
                    open_ = _write_start(w, child, &cur, fr, depth, &kids)
                if open_:
                    if kids != NULL:  # (only an element with children can recur)
                        if on_path is None and depth >= _CYCLE_CHECK_DEPTH:
                            on_path = {id(<object>fr[i].node) for i in range(depth)}
                        if on_path is not None:
                            if id(child) in on_path:
                                Py_XDECREF(kids)
                                raise _ec.cycle_error(_chain(fr, depth, child))
                            on_path.add(id(child))
                    if depth == cap:
                        grown = <EFrame*>malloc(<size_t>cap * 2 * sizeof(EFrame))
                        if grown == NULL:
                            Py_XDECREF(kids)
                            raise MemoryError()
                        memcpy(grown, fr, <size_t>cap * sizeof(EFrame))
                        if fr != small:
                            free(fr)
                        fr = grown
                        cap *= 2
                    top = &fr[depth]
                    Py_INCREF(child)
                    top.node = <PyObject*>child
                    top.kids = kids
                    top.idx = 0
                    depth += 1
                # the next child of the innermost open element; close those that have none
                child = None
                while depth:
                    top = &fr[depth - 1]
                    kids = top.kids
                    if kids != NULL:
                        i = top.idx
                        if type(<object>kids) is Element:  # an element's own children
                            if (<Element>kids)._kids != NULL:  # (the usual: its block)
                                if i < (<Element>kids)._n:
                                    child = <object>(<Element>kids)._kids[FW_KIDS_HDR + i]
                                    top.idx = i + 1
                            else:  # turned into a list meanwhile, or emptied
                                kid = _kid(<Element>kids, i)
                                if kid != NULL:
                                    child = <object>kid
                                    top.idx = i + 1
                        elif PyList_CheckExact(<object>kids):
                            if i < PyList_GET_SIZE(<object>kids):
                                child = <object>PyList_GET_ITEM(<object>kids, i)
                                top.idx = i + 1
                        elif type(<object>kids) is tuple and i >= 0:
                            if i < len(<tuple>kids):
                                child = (<tuple>kids)[i]
                                top.idx = i + 1
                        else:
                            if i == 0:
                                it = iter(<object>kids)
                                Py_INCREF(it)
                                top.kids = <PyObject*>it
                                top.idx = -1
                                Py_DECREF(<object>kids)
                                kids = <PyObject*>it
                                it = None
                            child = next(<object>kids, None)
                    if child is not None:
                        if type(child) is not Element and not isinstance(child, _ELEMENT_TYPES):
                            raise _err.err_child_not_element(
                                child, _ec.element_path(_open_list(fr, depth)))
                        break
                    _write_end(w, <object>top.node, &cur)
                    if on_path is not None:
                        on_path.discard(id(<object>top.node))
                    depth -= 1
                    Py_XDECREF(top.kids)
                    Py_DECREF(<object>top.node)
                if child is None:
                    break
        return cur
    finally:
        while depth:
            depth -= 1
            Py_XDECREF(fr[depth].kids)
            Py_DECREF(<object>fr[depth].node)
        if fr != small:
            free(fr)


# The previous output's size: the next one's first capacity, exactly.  Encoding messages of
# one size (common: the same kind of message again) then allocates once and never resizes.
# That matters for large outputs: glibc serves them with mmap until a freed chunk raises its
# threshold to that chunk's size, so allocating more than the final (shrunk) size every time
# means fresh pages, and page faults, on every call.
cdef Py_ssize_t _last_size = 256


cdef object _encode(bytes prefix, object roots, int page):
    global _last_size
    cdef Writer w
    w.out = NULL
    try:
        w_init(&w, _last_size)
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
        return _encode(_ec.header_bytes(obj.header), (obj.root,), 0)
    raise _err.err_not_encodable(obj)


def dumps_fragment(elements, *, page=0):
    if isinstance(elements, _ELEMENT_TYPES):
        elements = (elements,)
    if page not in _t.PAGES:
        raise _err.err_bad_initial_page(page)
    return _encode(b"", tuple(elements), page)

