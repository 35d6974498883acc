"""The one place where fastwbxml chooses its implementation: native or pure Python.

fastwbxml has two codecs with one API: the native core (``_core``, Cython) and the pure-
Python one (``_decode_py`` / ``_encode_py`` over ``_element_py``), which is the fallback and
the oracle of the differential tests.  The choice is made here, once per process, at import:

* ``FASTWBXML_PUREPYTHON`` set (to anything non-empty): Python; ``_core`` is not even
  imported.
* otherwise the native core if it imports, else Python (a build without a C compiler).

The choice fixes the *element class in use* (:data:`Element`): both decoders build it, so a
process has one tree class, and ``fastwbxml.Element`` is it.  The encoders and ``==`` accept
either class (:data:`ELEMENT_TYPES`).  The Python element module is told the choice
(``_element_py.set_active``) so that pickles load as the class in use.  ``fastwbxml._api``
then binds the public functions to the chosen codec.

Layering: this module imports the two element classes' modules, nothing above them; the
Python codec imports this module (for the class to build); ``_api`` imports both.
"""
from __future__ import annotations

import os

from . import _element_py

__all__ = ["native", "Element", "PyElement", "ELEMENT_TYPES", "IMPLEMENTATION"]

PyElement = _element_py.Element

#: the native core module, or None (not built, or FASTWBXML_PUREPYTHON set)
native = None
if not os.environ.get("FASTWBXML_PUREPYTHON"):
    try:
        from . import _core as native  # type: ignore[attr-defined,no-redef]
    except ImportError:
        native = None

if native is not None:
    Element = native.Element
    ELEMENT_TYPES: tuple = (Element, PyElement)
    IMPLEMENTATION = "native"
else:
    Element = PyElement
    ELEMENT_TYPES = (PyElement,)
    IMPLEMENTATION = "python"

_element_py.set_active(Element, ELEMENT_TYPES)
