# The token tables as C arrays over fastwbxml.tables' interned names, the module's
# shared constants, and the one-character string cache.

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


