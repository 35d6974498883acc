"""ctypes binding to libwbxml 0.11.x (Debian ``libwbxml2-1``): its in-process C tree API.

Only the tree functions are used (the C library's own document model), so the figures are
libwbxml's C tree decode and encode plus one ctypes call each:

* decode: ``wbxml_tree_from_wbxml(wbxml, len, WBXML_LANG_ACTIVESYNC, WBXML_CHARSET_UTF_8,
  &tree)`` then ``wbxml_tree_destroy(tree)`` (a Python decode also frees its tree when the
  result is dropped, so both sides include building and freeing the tree);
* encode: ``wbxml_tree_to_wbxml(tree, &out, &out_len, &params)`` then ``wbxml_free(out)``,
  from a tree built once per message by decoding it; ``params`` = WBXML 1.3, no string
  table, keep whitespace (EAS sends no string tables and bodies end in CRLF).

Debian ships no ``wbxml_tree.h``: the prototypes below are those of libwbxml 0.11.8's
``src/wbxml_tree.h`` (``WB_ULONG`` is ``unsigned int``, ``WB_BOOL``/``WB_UTINY`` are
``unsigned char``, enums are ``int``).

Install: ``apt-get install -y libwbxml2-1`` (``libwbxml2-dev`` adds the headers,
``libwbxml2-utils`` the ``wbxml2xml`` tool).  When the library cannot be loaded,
``AVAILABLE`` is False and ``REASON`` says why.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess

__all__ = ["AVAILABLE", "REASON", "VERSION", "LibWbxmlError", "decode", "decode_tree",
           "encode", "encode_discard", "Tree", "library_path"]

WBXML_LANG_ACTIVESYNC = 2402
WBXML_CHARSET_UTF_8 = 106
WBXML_VERSION_13 = 0x03

_CANDIDATES = ("libwbxml2.so.1", "libwbxml2.so", "libwbxml2.so.0")


class LibWbxmlError(Exception):
    """libwbxml returned an error code."""

    def __init__(self, func: str, code: int):
        self.code = code
        msg = _errors_string(code) if _lib is not None else "?"
        super().__init__(f"{func} failed: {code} ({msg})")


class _GenWBXMLParams(ctypes.Structure):
    _fields_ = [("wbxml_version", ctypes.c_int),        # WBXMLVersion
                ("keep_ignorable_ws", ctypes.c_ubyte),  # WB_BOOL
                ("use_strtbl", ctypes.c_ubyte),
                ("produce_anonymous", ctypes.c_ubyte)]


def _load():
    names = list(_CANDIDATES)
    found = ctypes.util.find_library("wbxml2")
    if found:
        names.insert(0, found)
    errors = []
    for name in names:
        try:
            return ctypes.CDLL(name), name
        except OSError as e:
            errors.append(str(e))
    raise OSError("; ".join(errors[:2]))


def _version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libwbxml2-1"],
                             capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout:
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    real = os.path.realpath(library_path() or "")
    return os.path.basename(real) or "unknown"


_lib = None
_libname = None
AVAILABLE = False
REASON = ""
try:
    _lib, _libname = _load()
    _from_wbxml = _lib.wbxml_tree_from_wbxml
    _from_wbxml.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.c_int, ctypes.c_int,
                            ctypes.POINTER(ctypes.c_void_p)]
    _from_wbxml.restype = ctypes.c_int
    _to_wbxml = _lib.wbxml_tree_to_wbxml
    _to_wbxml.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                          ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(_GenWBXMLParams)]
    _to_wbxml.restype = ctypes.c_int
    _destroy = _lib.wbxml_tree_destroy
    _destroy.argtypes = [ctypes.c_void_p]
    _destroy.restype = None
    _free = _lib.wbxml_free
    _free.argtypes = [ctypes.c_void_p]
    _free.restype = None
    _errors_string_c = _lib.wbxml_errors_string
    _errors_string_c.argtypes = [ctypes.c_int]
    _errors_string_c.restype = ctypes.c_char_p
    AVAILABLE = True
except (OSError, AttributeError) as _e:
    REASON = (f"libwbxml2 not loadable ({_e}); install it with "
              f"'apt-get install -y libwbxml2-1'")
    _lib = None


def library_path() -> str | None:
    """The loaded shared object's path, if any."""
    if _lib is None:
        return None
    for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib",
              "/usr/local/lib"):
        p = os.path.join(d, _libname)
        if os.path.exists(p):
            return p
    return _libname


def _errors_string(code: int) -> str:
    s = _errors_string_c(code)
    return s.decode("latin-1") if s else "?"


VERSION = _version() if AVAILABLE else None

_PARAMS = _GenWBXMLParams(WBXML_VERSION_13, 1, 0, 1)


class Tree:
    """A libwbxml ``WBXMLTree*`` built by decoding; destroyed with :meth:`close`."""
    __slots__ = ("ptr",)
    _destroy_at_exit = None  # wbxml_tree_destroy, held by the class to outlive the module

    def __init__(self, ptr: ctypes.c_void_p):
        self.ptr = ptr

    def close(self) -> None:
        if self.ptr:
            self._destroy_at_exit(self.ptr)
            self.ptr = None

    def __del__(self):  # also at interpreter exit, when module globals may be gone
        if self.ptr and self._destroy_at_exit is not None:
            self._destroy_at_exit(self.ptr)
            self.ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


if AVAILABLE:
    Tree._destroy_at_exit = _destroy


def decode_tree(data: bytes) -> Tree:
    """Decode *data* into a libwbxml tree (raises :class:`LibWbxmlError`)."""
    tree = ctypes.c_void_p()
    rc = _from_wbxml(data, len(data), WBXML_LANG_ACTIVESYNC, WBXML_CHARSET_UTF_8,
                     ctypes.byref(tree))
    if rc != 0:
        raise LibWbxmlError("wbxml_tree_from_wbxml", rc)
    return Tree(tree.value)


def make_decoder():
    """A function ``decode(data) -> None`` with the ctypes objects bound once: builds the
    tree and destroys it (the timed operation)."""
    tree = ctypes.c_void_p()
    ref = ctypes.byref(tree)
    f, d, lang, cs = _from_wbxml, _destroy, WBXML_LANG_ACTIVESYNC, WBXML_CHARSET_UTF_8

    def decode(data, _len=len):
        rc = f(data, _len(data), lang, cs, ref)
        if rc:
            raise LibWbxmlError("wbxml_tree_from_wbxml", rc)
        d(tree)
    return decode


def make_encoder(tree: Tree):
    """A function ``encode() -> None`` that encodes *tree* and frees the output (the timed
    operation)."""
    out = ctypes.c_void_p()
    out_len = ctypes.c_uint()
    ref_out, ref_len, ref_params = ctypes.byref(out), ctypes.byref(out_len), ctypes.byref(_PARAMS)
    f, free, ptr = _to_wbxml, _free, ctypes.c_void_p(tree.ptr)

    def encode():
        rc = f(ptr, ref_out, ref_len, ref_params)
        if rc:
            raise LibWbxmlError("wbxml_tree_to_wbxml", rc)
        free(out)
    return encode


def decode(data: bytes) -> None:
    """Decode and free (for one-off use; :func:`make_decoder` is the benchmarked form)."""
    decode_tree(data).close()


def encode(tree: Tree) -> bytes:
    """Encode *tree* and return a copy of libwbxml's output."""
    out = ctypes.c_void_p()
    out_len = ctypes.c_uint()
    rc = _to_wbxml(tree.ptr, ctypes.byref(out), ctypes.byref(out_len), ctypes.byref(_PARAMS))
    if rc != 0:
        raise LibWbxmlError("wbxml_tree_to_wbxml", rc)
    try:
        return ctypes.string_at(out, out_len.value)
    finally:
        _free(out)


def encode_discard(tree: Tree) -> None:
    make_encoder(tree)()
