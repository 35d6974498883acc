/* fastwbxml native core: an element's children block, its release without deep C
   recursion, and the element deallocator.  See _core_element.pxi for the design.
   Included by _core.pyx (cdef extern from "_core_kids.h"), after Python.h. */
#ifndef FASTWBXML_CORE_KIDS_H
#define FASTWBXML_CORE_KIDS_H

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

#endif
