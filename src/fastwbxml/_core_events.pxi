# The event reader: the same token loop as a pull parser.

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
    cdef Limits _lim
    cdef tuple _lim_objs          # keeps the objects _lim borrows
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
        self._lim_objs = (max_depth, max_elements, max_string_len, max_opaque_len,
                          max_input_len)
        limits_init(&self._lim, max_depth, max_elements, max_string_len, max_opaque_len,
                    max_input_len)
        src = _Input.__new__(_Input)
        _open(src, data)
        if src.r.end > self._lim.input_len:
            raise _err.err_input_too_long(src.r.end, max_input_len)
        self._end = src.r.end
        self.header = _start_body(&src.r, data, fragment, page, False, &cur, &self._pos)
        self._page = cur
        self._fragment = fragment
        self._strict = strict
        self._opaque_mv = opaque_memoryview
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
        if self._depth >= self._lim.depth:
            raise _err.err_too_deep(<object>self._lim.depth_o, pos)
        self._count += 1
        if self._count > self._lim.elements:
            raise _err.err_too_many(<object>self._lim.elements_o, pos)
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
            if self._depth == self._cap and grow_stack(<void**>&self._stack, &self._cap,
                                                       sizeof(Frame), NULL) < 0:
                raise MemoryError()
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

    def __next__(self):
        cdef PyObject* ev
        cdef Py_ssize_t pos, stop, start, depth
        cdef int b, code
        cdef Frame* top
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
                text = rd_text(r, self._src.data, pos, &self._pos, &self._lim)
                top.state = 2
                return self._text_event(text)
            if b == 0xC3:
                top = self._text_target(pos)
                stop = rd_opaque(r, self._src.data, pos, &start, &self._lim)
                self._pos = stop
                top.state = 2
                if self._opaque_mv:
                    return (OPAQUE, self._src.slice_mv(start, stop))
                return (OPAQUE, rd_opaque_bytes(r, start, stop))
            # a tag: the common case here (a table name, no limit reached, no error); any
            # other case, in the order the Python path checks it, in _tag
            depth = self._depth
            code = self._page * 64 + (b & 0x3F)
            if ((b & 0x3F) >= 5 and not b & 0x80 and NAMES[code] != NULL
                    and depth < self._lim.depth and depth < self._cap
                    and self._count < self._lim.elements
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
                if stop - pos - 1 > self._lim.string_len:
                    raise _err.err_string_too_long(stop - pos - 1,
                                                   <object>self._lim.string_len_o, pos)
                top.state = 2
                self._pos = stop + 1
            elif b == 0xC3:
                top = self._text_target(pos)
                self._pos = rd_opaque(r, self._src.data, pos, &start, &self._lim)
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


