# C declarations of the native core: the raw CPython API forms the .pxd files do not
# give, and the C helpers in _core_utf8.h.

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

cdef extern from "_core_utf8.h":
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
    unsigned char* fw_utf8_write(const void* d, int kind, Py_ssize_t n,
                                 unsigned char* o) noexcept nogil

