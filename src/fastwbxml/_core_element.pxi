# The native Element: a cdef class whose children a decoder keeps in a C block.

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
cdef extern from "_core_kids.h":
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


