"""The pure-Python element: the tree node of the Python codec, and the shared methods.

An element has a ``tag`` (``"Page:Name"``, e.g. ``"AirSync:Sync"``), a ``text`` that is
``None`` (no content), a ``str`` (an inline string, STR_I), or ``bytes`` / ``memoryview``
(OPAQUE data), and an ordered list of children (iterate, index, ``len``).  An element holds
either text or children, never both: EAS has no mixed content.

``content_bit`` tells whether the element is written with WBXML's content bit.  It is
always true for an element with text or children; for one with neither it distinguishes
``<Status/>`` (no content bit, the default) from ``<Status></Status>`` (content bit and an
immediate END), which real servers send and which fastwbxml keeps apart.

Five slots hold it all: ``tag``, ``text``, ``_children`` (``None`` until the first child, so
a leaf costs no list), ``_cb`` (the content bit as written) and ``_wire`` (the redundant page
switches read around it, a ``_wire.Wire`` or ``None``).  The native core's ``Element`` has
the same slots, and reuses the methods here that are not on a hot path (search, comparison,
copy, pickling): one definition of each, whichever class runs it.

Which class is *in use* is decided elsewhere, once (``fastwbxml._impl``), which then calls
:func:`set_active`: ``==`` accepts both classes (``ELEMENT_TYPES``); ``copy()`` and a pickle
build the class in use (``ACTIVE``), whichever class they start from.  This module imports only the ElementTree conversion
(``_etree``), itself a leaf over the tables.
"""
from __future__ import annotations

from typing import Iterator, Union

from . import _etree

Text = Union[str, bytes, bytearray, memoryview, None]

__all__ = ["Element", "ACTIVE", "ELEMENT_TYPES", "set_active"]


class Element:
    __slots__ = ("tag", "text", "_children", "_cb", "_wire")

    def __init__(self, tag: str, text: Text = None, children=None, *, content_bit: bool = False):
        self.tag = tag
        self.text = text
        self._children = list(children) if children else None
        self._cb = bool(content_bit)
        self._wire = None

    # -- content ---------------------------------------------------------------------------
    @property
    def content_bit(self) -> bool:
        return self._cb or self.text is not None or bool(self._children)

    @content_bit.setter
    def content_bit(self, value: bool) -> None:
        self._cb = bool(value)

    @property
    def is_opaque(self) -> bool:
        """True when ``text`` is opaque data (bytes-like) rather than a string."""
        return self.text is not None and not isinstance(self.text, str)

    @property
    def namespace(self) -> str:
        """The code page name part of ``tag`` (``"AirSync"`` for ``"AirSync:Sync"``)."""
        return self.tag.partition(":")[0]

    @property
    def name(self) -> str:
        """The tag name without its code page (``"Sync"`` for ``"AirSync:Sync"``)."""
        ns, sep, name = self.tag.partition(":")
        return name if sep else ns

    # -- list behaviour --------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._children) if self._children else 0

    def __bool__(self) -> bool:  # an element is always truthy (unlike ElementTree's warning)
        return True

    def __iter__(self) -> Iterator["Element"]:
        return iter(self._children or ())

    def __getitem__(self, index):
        if self._children is None:
            if isinstance(index, slice):
                return []
            raise IndexError("element has no children")
        return self._children[index]

    def __setitem__(self, index, value) -> None:
        if self._children is None:
            self._children = []
        self._children[index] = value

    def __delitem__(self, index) -> None:
        if self._children is None:
            raise IndexError("element has no children")
        del self._children[index]

    def append(self, child: "Element") -> None:
        if self._children is None:
            self._children = [child]
        else:
            self._children.append(child)

    def extend(self, children) -> None:
        for child in children:
            self.append(child)

    def insert(self, index: int, child: "Element") -> None:
        if self._children is None:
            self._children = []
        self._children.insert(index, child)

    def remove(self, child: "Element") -> None:
        if not self._children:
            raise ValueError("element has no children")
        for i, c in enumerate(self._children):
            if c is child:
                del self._children[i]
                return
        raise ValueError("child not found")

    def clear(self) -> None:
        self.text = None
        self._children = None
        self._cb = False
        self._wire = None

    # -- search ----------------------------------------------------------------------------
    def iter(self, tag: str | None = None) -> Iterator["Element"]:
        """This element and all descendants, depth first; only those named *tag* if given."""
        stack = [self]
        while stack:
            e = stack.pop()
            if tag is None or tag == "*" or e.tag == tag:
                yield e
            if e._children:
                stack.extend(reversed(e._children))

    def itertext(self) -> Iterator[str]:
        for e in self.iter():
            if isinstance(e.text, str):
                yield e.text

    def iterfind(self, path: str) -> Iterator["Element"]:
        """Elements matching *path* below this one.

        A path is steps joined by ``/``: a qualified tag (``"Email:Subject"``), an
        unqualified name (resolved in the code page of the element it is looked up in, so
        ``sync.find("Collections/Collection")`` works), ``*`` (any child), ``.`` (this
        element), or an empty step (``a//b``: ``b`` at any depth below).
        """
        current = [self]
        steps = path.split("/")
        if steps and steps[0] == "":
            if len(steps) > 1 and steps[1] == "":
                steps = ["."] + steps[1:]  # ".//x" written as "//x"
            else:
                raise SyntaxError("absolute paths are not supported; start from an element")
        descend = False
        for step in steps:
            if step == "":
                descend = True
                continue
            if step == ".":
                nxt = current
            else:
                nxt = []
                for e in current:
                    candidates = _descendants(e) if descend else (e._children or ())
                    if step == "*":
                        nxt.extend(candidates)
                    else:
                        want = step if ":" in step else f"{e.namespace}:{step}"
                        nxt.extend(c for c in candidates if c.tag == want)
            descend = False
            current = _unique(nxt)
        if descend:
            raise SyntaxError("path cannot end with '/'")
        return iter(current)

    def find(self, path: str) -> "Element | None":
        return next(self.iterfind(path), None)

    def findall(self, path: str) -> list["Element"]:
        return list(self.iterfind(path))

    def findtext(self, path: str, default=None):
        """The text of the first match; ``""`` for a match with no text; *default* if none."""
        e = self.find(path)
        if e is None:
            return default
        return "" if e.text is None else e.text

    # -- comparison and display ------------------------------------------------------------
    def __eq__(self, other) -> bool:
        if not isinstance(other, ELEMENT_TYPES):
            return NotImplemented
        a, b = [(self, other)], None
        while a:
            x, y = a.pop()
            if x.tag != y.tag or x.content_bit != y.content_bit:
                return False
            tx, ty = x.text, y.text
            if tx is not None or ty is not None:
                if tx is None or ty is None or isinstance(tx, str) != isinstance(ty, str):
                    return False
                if tx != ty:
                    return False
            cx, cy = x._children or (), y._children or ()
            if len(cx) != len(cy):
                return False
            a.extend(zip(cx, cy))
        return True

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        if self.text is not None:
            t = self.text if isinstance(self.text, str) else bytes(self.text)
            if len(t) > 40:
                t = t[:40]
                return f"<Element {self.tag} {t!r}...>"
            return f"<Element {self.tag} {t!r}>"
        if self._children:
            return f"<Element {self.tag} ({len(self._children)} children)>"
        return f"<Element {self.tag}{' (content bit)' if self._cb else ''}>"

    def copy(self) -> "Element":
        """A deep copy, of the class in use (``ACTIVE``)."""
        e = ACTIVE(self.tag, self.text, [c.copy() for c in self], content_bit=self._cb)
        e._wire = self._wire
        return e

    def __deepcopy__(self, memo) -> "Element":
        return self.copy()

    def __reduce__(self):
        # pickles name no implementation: they load with whichever Element class is active
        # (``_rebuild`` builds ``ACTIVE``)
        return _rebuild, (self.tag, self.text, self._children, self._cb, self._wire)

    # -- ElementTree interop ---------------------------------------------------------------
    def to_etree(self):
        """An ``xml.etree.ElementTree.Element`` tree (see :func:`fastwbxml.xmlview.to_etree`)."""
        return _etree.to_etree(self)

    @classmethod
    def from_etree(cls, elem) -> "Element":
        """The inverse of :meth:`to_etree`: a tree of this class."""
        return _etree.from_etree(elem, cls)


def _rebuild(tag, text, children, cb, wire):
    e = ACTIVE(tag, text, children, content_bit=cb)
    e._wire = wire
    return e


def _descendants(e: Element) -> list:
    out = []
    for c in e._children or ():
        out.extend(c.iter())
    return out


def _unique(elems: list) -> list:
    seen = set()
    out = []
    for e in elems:
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return out



#: the element classes ``==`` and the encoders accept, and the class a pickle loads as; both
#: set by :func:`set_active` (until then: this module's class alone)
ELEMENT_TYPES: tuple = (Element,)
ACTIVE = Element


def set_active(cls, types: tuple) -> None:
    """Record the class in use and the accepted classes (called once, by ``fastwbxml._impl``)."""
    global ACTIVE, ELEMENT_TYPES
    ACTIVE, ELEMENT_TYPES = cls, types
