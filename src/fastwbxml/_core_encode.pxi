# The encoder: tag codes by address, start/end tokens, and the one loop over a tree.

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
                    if depth == cap and grow_stack(<void**>&fr, &cap, sizeof(EFrame),
                                                   small) < 0:
                        Py_XDECREF(kids)
                        raise MemoryError()
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


