"""The element tree: :class:`Element`, close to ``xml.etree.ElementTree.Element``.

An element has a ``tag`` (``"Page:Name"``, e.g. ``"AirSync:Sync"``), a ``text`` that is
``None`` (no content), a ``str`` (an inline string, STR_I), or ``bytes`` / ``memoryview``
(OPAQUE data), and an ordered list of children (iterate, index, ``len``).  An element holds
either text or children, never both: EAS has no mixed content.  ``content_bit`` tells
``<Status/>`` from ``<Status></Status>`` (see :mod:`fastwbxml._element_py`).

``Element`` here is the class in use, chosen by :mod:`fastwbxml._impl`: the native node
when the core is built (and ``FASTWBXML_PUREPYTHON`` is not set), else the pure-Python one
(``PyElement``).  This module only names it and adds :func:`SubElement`.
"""
from __future__ import annotations

from typing import Union

from ._element_py import _rebuild  # noqa: F401  (older pickles name it here)
# PyElement and ELEMENT_TYPES are named here for tests and tools (not public)
from ._impl import ELEMENT_TYPES, Element, PyElement  # noqa: F401

Text = Union[str, bytes, bytearray, memoryview, None]

__all__ = ["Element", "SubElement"]


def SubElement(parent: Element, tag: str, text: Text = None, *, content_bit: bool = False) -> Element:
    """Create an element, append it to *parent* and return it.

    An unqualified *tag* (``"Collections"``) takes the parent's code page.
    """
    if ":" not in tag:
        tag = f"{parent.namespace}:{tag}"
    child = Element(tag, text, content_bit=content_bit)
    parent.append(child)
    return child


