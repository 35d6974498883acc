# The tree decoder: one loop over the tokens, building Elements.

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


cdef tuple _decode(object data, bint fragment, object page, bint eas_only, bint strict,
                   bint opaque_mv, object max_depth_o, object max_elements_o,
                   object max_string_len_o, object max_opaque_len_o,
                   object max_input_len_o):
    """Decode *data*; return ``(header, roots)``."""
    cdef Limits lim
    limits_init(&lim, max_depth_o, max_elements_o, max_string_len_o, max_opaque_len_o,
                max_input_len_o)
    cdef Py_ssize_t max_depth = lim.depth, max_elements = lim.elements
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
    if rd.end > lim.input_len:
        raise _err.err_input_too_long(rd.end, max_input_len_o)
    cdef const Reader* r = &rd
    cdef Py_ssize_t end = r.end
    cdef int cur = 0, before = 0, b, p, token
    cdef Py_ssize_t pos
    header = _start_body(r, data, fragment, page, eas_only, &cur, &pos)
    cdef PyObject* small_stack[64]
    cdef PyObject** stack = small_stack   # borrowed: each element is owned by its parent
    cdef Py_ssize_t cap = 64, depth = 0, count = 0, stop, start
    cdef PyObject* name
    cdef Element e, parent
    # SWITCH_PAGE operands since the last other token: how many, the first, and (from the
    # second on, which is rare) all of them in a list
    cdef Py_ssize_t npending = 0
    cdef int first_pending = 0
    cdef list more_pending = None
    cdef bint have_root = False
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
                    e.text = rd_text(r, data, pos, &stop, &lim)
                else:
                    stop = rd_opaque(r, data, pos, &start, &lim)
                    if opaque_mv:
                        if mv is None:
                            mv = memoryview(data)
                        e.text = mv[start:stop]
                    else:
                        e.text = rd_opaque_bytes(r, start, stop)
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
                if depth == cap and grow_stack(<void**>&stack, &cap, sizeof(PyObject*),
                                               small_stack) < 0:
                    raise MemoryError()
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


