"""The binding machinery: how a frozen dataclass maps to an element's children.

A binding class is a frozen dataclass whose wire fields are declared once, in the class
body, with :func:`wire`::

    @wired
    class Attendee(Mapped):
        email: str | None = wire("Calendar:Email", Text())
        status: AttendeeStatus | None = wire("Calendar:AttendeeStatus", EnumOf(AttendeeStatus))

:func:`wire` is :func:`dataclasses.field` carrying a :class:`Wire` row in its metadata:
the qualified tag, the converter (:mod:`fastwbxml.eas.values`), whether the tag repeats
directly in the parent (``many``), and an optional narrower ``since`` / ``until`` for fields
whose range differs by context (``InstanceId`` in a MeetingResponse ``Result``).  The
:func:`wired` decorator makes the class a frozen dataclass and compiles those rows into
``WIRE``, the class's wire order: the order of the class body, or, where the constructor's
positional order must differ from the wire's, the one explicit ``WIRE_ORDER`` tuple of
attribute names (checked to name every wire field once).  Every tag is checked against the
code page tables when the class is made, so a typo fails at import.

:class:`Mapped` reads children into the dataclass and writes it back, checking each tag
against the protocol version with :func:`fastwbxml.tables.exists_in`.  Reading is lenient
about order (servers such as SOGo send ``RequestId, CalendarId, Status``) and keeps
children it does not know in the ``extra`` attribute of classes that have one, so that a
decoded item writes back without loss; it is strict about values.  :class:`Message` is a
whole command (request or response): it adds the root tag and the WBXML bytes.
"""
from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Iterable, TypeVar

from .. import Element, dumps, loads, tables
from .errors import EASParseError, VersionError
from .values import Choice, Converter, Flag, ListOf
from .versions import check_version_name, in_range, range_text

__all__ = ["Wire", "wire", "wire_of", "wired", "Mapped", "Message"]

_T = TypeVar("_T", bound="Mapped")
_KEY = "fastwbxml.eas.wire"


@dataclasses.dataclass(frozen=True)
class Wire:
    """How one attribute goes on the wire: tag, converter, repetition, version range.

    ``many``: the tag repeats directly in the parent (the value is a tuple).  ``since`` /
    ``until`` narrow the tag's version range from the code page tables for this context.
    ``attr`` is filled in by :func:`wired` from the dataclass field's name.
    """
    tag: str
    conv: Converter
    many: bool = False
    since: str | None = None
    until: str | None = None
    attr: str = ""

    @property
    def tags(self) -> tuple[str, ...]:
        if isinstance(self.conv, Choice):
            return tuple(self.conv.classes)
        return (self.tag,)


def wire(tag: str, conv: Converter, *, default: Any = None, factory: Any = None,
         required: bool = False, many: bool = False, since: str | None = None,
         until: str | None = None) -> Any:
    """A dataclass field that goes on the wire as *tag* through *conv*.  The default is
    ``None``; *default* / *factory* give another, *required* none at all."""
    meta = {_KEY: Wire(tag, conv, many, since, until)}
    if required:
        return dataclasses.field(metadata=meta)
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def wire_of(f: dataclasses.Field) -> Wire | None:
    """The :class:`Wire` row a dataclass field declares (``None`` for ``extra``)."""
    row = f.metadata.get(_KEY)
    return None if row is None else dataclasses.replace(row, attr=f.name)


def wired(cls: type[_T]) -> type[_T]:
    """Make *cls* a frozen dataclass and compile its :func:`wire` fields into ``WIRE``."""
    cls = dataclasses.dataclass(frozen=True)(cls)
    fields = dataclasses.fields(cls)
    rows = {f.name: w for f in fields if (w := wire_of(f)) is not None}
    order = getattr(cls, "WIRE_ORDER", None)
    if order is not None:
        if sorted(order) != sorted(rows):
            raise TypeError(f"{cls.__name__}.WIRE_ORDER must name each wire field once: "
                            f"has {sorted(order)}, fields {sorted(rows)}")
        rows = {attr: rows[attr] for attr in order}
    by_tag: dict[str, Wire] = {}
    for w in rows.values():
        for t in w.tags:
            if t not in tables.TAGS:
                raise TypeError(f"{cls.__name__}.{w.attr}: unknown tag {t!r}")
            by_tag[t] = w
    cls.WIRE = tuple(rows.values())
    cls._BY_TAG = by_tag
    cls._KEEPS_EXTRA = any(f.name == "extra" for f in fields)
    return cls


class Mapped:
    """Base of every binding class (a :func:`wired` dataclass).

    One with an ``extra`` field keeps unknown children there (and writes them back last),
    one without rejects them.
    """
    WIRE: ClassVar[tuple[Wire, ...]] = ()
    WIRE_ORDER: ClassVar[tuple[str, ...] | None] = None
    TAG: ClassVar[str] = ""
    _BY_TAG: ClassVar[dict[str, Wire]] = {}
    _KEEPS_EXTRA: ClassVar[bool] = False

    def __post_init__(self) -> None:
        # accept lists for tuple-valued fields: the dataclass stays hashable and immutable
        # (a repeated field is never None: it is absent when empty; a Flag is a bool)
        for f in self.WIRE:
            v = getattr(self, f.attr)
            if f.many and v is None:
                object.__setattr__(self, f.attr, ())
            elif isinstance(f.conv, Flag) and not isinstance(v, bool):
                object.__setattr__(self, f.attr, bool(v))
            elif (f.many or isinstance(f.conv, ListOf)) and v is not None and not isinstance(v, tuple):
                object.__setattr__(self, f.attr, tuple(v))
        if hasattr(self, "extra") and not isinstance(self.extra, tuple):
            object.__setattr__(self, "extra", tuple(self.extra))

    # -- reading ---------------------------------------------------------------------------
    @classmethod
    def from_element(cls: type[_T], elem: Element) -> _T:
        """Read *elem*'s children (its own tag is not checked here)."""
        if isinstance(elem.text, str) and elem.text.strip():
            raise EASParseError(f"{elem.tag} holds text where {cls.__name__} fields were expected")
        return cls.from_children(elem)

    @classmethod
    def from_children(cls: type[_T], children: Iterable[Element]) -> _T:
        """Build an instance from a sequence of elements (e.g. a header-less fragment)."""
        values: dict[str, Any] = {}
        extra: list[Element] = []
        for child in children:
            f = cls._BY_TAG.get(child.tag)
            if f is None:
                if cls._KEEPS_EXTRA:
                    extra.append(child)
                    continue
                raise EASParseError(f"unexpected {child.tag} in {cls.__name__}")
            value = f.conv.read(child)
            if f.many:
                values.setdefault(f.attr, []).append(value)
            elif f.attr in values:
                raise EASParseError(f"{child.tag} appears twice in {cls.__name__}")
            else:
                values[f.attr] = value
        for f in cls.WIRE:   # an absent flag is False, whatever the default says
            if isinstance(f.conv, Flag):
                values.setdefault(f.attr, False)
        if cls._KEEPS_EXTRA:
            values["extra"] = tuple(extra)
        try:
            return cls(**values)
        except TypeError as exc:  # a required field is missing
            raise EASParseError(f"{cls.__name__}: {exc}") from None

    # -- writing ---------------------------------------------------------------------------
    def validate(self) -> None:
        """Raise :class:`EASValueError` if the object cannot form a valid message."""

    def to_children(self, version: str | None) -> list[Element]:
        """The child elements, checked against *version* (``None``: no version check)."""
        self.validate()
        name = type(self).__name__
        out: list[Element] = []
        for f in self.WIRE:
            value = getattr(self, f.attr)
            if value is None:
                continue
            for item in (value if f.many else (value,)):
                if isinstance(f.conv, Flag) and not item:
                    continue
                tag = f.conv.tag_of(item) if isinstance(f.conv, Choice) else f.tag
                if version is not None:
                    where = f"{name}.{f.attr}"
                    if not tables.exists_in(tag, version) or not in_range(version, f.since,
                                                                         f.until):
                        raise VersionError(where, tag, version,
                                           range_text(tag, f.since, f.until))
                    f.conv.check(item, version, where, tag)
                out.append(f.conv.write(tag, item, version))
        for e in getattr(self, "extra", ()):
            out.append(e.copy())
        return out

    def element(self, tag: str, version: str | None) -> Element:
        """This object as the element *tag*."""
        return Element(tag, children=self.to_children(version))

    def supports(self, version: str) -> bool:
        """Whether *version* has everything this object would write."""
        try:
            self._write_checked(check_version_name(version))
        except VersionError:
            return False
        return True

    def _write_checked(self, version: str):
        return self.to_children(version)


class Message(Mapped):
    """A whole command request or response: ``ROOT`` is its root tag."""
    ROOT: ClassVar[str] = ""

    def to_element(self, version: str) -> Element:
        """The root element for protocol *version* (raises :class:`VersionError`)."""
        check_version_name(version)
        if not tables.exists_in(self.ROOT, version):
            raise VersionError(type(self).__name__, self.ROOT, version, range_text(self.ROOT))
        return self.element(self.ROOT, version)

    def _write_checked(self, version: str):
        return self.to_element(version)

    def to_wbxml(self, version: str) -> bytes:
        """The WBXML message (with the EAS header) for protocol *version*."""
        return dumps(self.to_element(version))

    @classmethod
    def from_element(cls: type[_T], elem: Element) -> _T:
        if elem.tag != cls.ROOT:
            raise EASParseError(f"{cls.__name__} expects a {cls.ROOT} root, got {elem.tag}")
        return super().from_element(elem)

    @classmethod
    def from_wbxml(cls: type[_T], data, **decode_options) -> _T:
        """Decode a whole WBXML message (bytes-like) into this class.  *decode_options* go
        to :func:`fastwbxml.loads` (``strict``, the ``max_*`` limits for untrusted input);
        a message it refuses raises its :class:`fastwbxml.WBXMLError`."""
        return cls.from_element(loads(data, **decode_options))
