/* fastwbxml native core: UTF-8 and ASCII helpers (validation, filling a str, the UTF-8
   writer loop) and the short-string cache.  Plain C over spans the caller checked.
   Included by _core.pyx (cdef extern from "_core_utf8.h"), after Python.h. */
#ifndef FASTWBXML_CORE_UTF8_H
#define FASTWBXML_CORE_UTF8_H

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

#if defined(__GNUC__)
#define FW_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define FW_ALWAYS_INLINE inline
#endif

/* fw_utf8_fill for the 1- and 2-byte kinds: one body, made into one loop per kind by the
   constant *kind* of each call (always inlined).  The vector path stores whole
   16-character blocks (the part past an ASCII run is written again after it), only while
   16 characters of room remain.  Kind 1 meets only 1- and 2-byte sequences (below U+0100). */
static FW_ALWAYS_INLINE void fw_utf8_fill_narrow(const unsigned char *p, Py_ssize_t n,
                                                 Py_ssize_t nchars, int kind, void *data) {
    Py_ssize_t i = 0, j = 0;  /* j: characters written */
    unsigned char *o1 = (unsigned char *)data;
    uint16_t *o2 = (uint16_t *)data;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i zero = _mm_setzero_si128();
#endif
    while (i < n) {
        unsigned int c = p[i];
        if (c < 0x80) {
#if defined(__SSE2__) && defined(__GNUC__)
            if (i + 16 <= n && nchars - j >= 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
                unsigned int m = (unsigned int)_mm_movemask_epi8(v);
                if (kind == 1) {
                    _mm_storeu_si128((__m128i *)(o1 + j), v);
                } else {
                    _mm_storeu_si128((__m128i *)(o2 + j), _mm_unpacklo_epi8(v, zero));
                    _mm_storeu_si128((__m128i *)(o2 + j + 8), _mm_unpackhi_epi8(v, zero));
                }
                m = m ? (unsigned int)__builtin_ctz(m) : 16;
                i += m; j += m;
                continue;
            }
#endif
            i++;
        } else if (c < 0xE0) {
            c = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F); i += 2;
        } else {
            c = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F); i += 3;
        }
        if (kind == 1)
            o1[j++] = (unsigned char)c;
        else
            o2[j++] = (uint16_t)c;
    }
}

/* Decode p[0:n], which fw_utf8_scan accepted (nchars characters of that kind), into
   the storage of a str of that kind. */
static void fw_utf8_fill(const unsigned char *p, Py_ssize_t n, Py_ssize_t nchars,
                         int kind, void *data) {
    Py_ssize_t i = 0;
    uint32_t *o = (uint32_t *)data;
    if (kind == 1) {
        fw_utf8_fill_narrow(p, n, nchars, 1, data);
        return;
    }
    if (kind == 2) {
        fw_utf8_fill_narrow(p, n, nchars, 2, data);
        return;
    }
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


/* Write the UTF-8 of the n characters of *kind* (1, 2 or 4 bytes each) at d to o, whose
   room the caller checked (2 bytes a character for kind 1, 4 otherwise, at most); return
   the end of what was written, or NULL at a NUL or a lone surrogate (the caller asks the
   Python helper for the exact error).  One body, made into one loop per kind by the
   constant *kind* of each call (always inlined); runs of ASCII go 8 or 16 at a time. */
static FW_ALWAYS_INLINE unsigned char *fw_utf8_write_kind(const void *d, Py_ssize_t n,
                                                          unsigned char *o, int kind) {
    const uint8_t *d1 = (const uint8_t *)d;
    const uint16_t *d2 = (const uint16_t *)d;
    const uint32_t *d4 = (const uint32_t *)d;
    Py_ssize_t i = 0, k;
    while (i < n) {
        uint32_t c = kind == 1 ? d1[i] : (kind == 2 ? d2[i] : d4[i]);
        if (c < 0x80) {
            if (c == 0)
                return NULL;
            if (kind == 1)
                k = fw_latin1_ascii_run(d1 + i, n - i, o);  /* at least this one */
            else if (kind == 2)
                k = fw_ucs2_ascii_run(d2 + i, n - i, o);
            else {
                o[0] = (unsigned char)c;
                k = 1;
            }
            o += k;
            i += k;
            continue;
        }
        i++;
        if (c < 0x800) {
            o[0] = (unsigned char)(0xC0 | (c >> 6));
            o[1] = (unsigned char)(0x80 | (c & 0x3F));
            o += 2;
        } else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF)
                return NULL;
            o[0] = (unsigned char)(0xE0 | (c >> 12));
            o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            o[2] = (unsigned char)(0x80 | (c & 0x3F));
            o += 3;
        } else {
            o[0] = (unsigned char)(0xF0 | (c >> 18));
            o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            o[3] = (unsigned char)(0x80 | (c & 0x3F));
            o += 4;
        }
    }
    return o;
}

static unsigned char *fw_utf8_write(const void *d, int kind, Py_ssize_t n, unsigned char *o) {
    if (kind == 1)
        return fw_utf8_write_kind(d, n, o, 1);
    if (kind == 2)
        return fw_utf8_write_kind(d, n, o, 2);
    return fw_utf8_write_kind(d, n, o, 4);
}

#endif
