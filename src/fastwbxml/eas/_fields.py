"""The one field-mapping mechanism every EAS class uses, for reading and for writing.

A class lists its fields once, in wire order, as :class:`Field` rows ``(attribute, tag,
converter)``; :class:`Mapped` reads an element's children into the dataclass and writes
the dataclass back to children, checking each tag against the protocol version with
:func:`fastwbxml.tables.exists_in` (plus an optional narrower ``since``/``until`` for
fields whose meaning differs by context, e.g. ``InstanceId`` in a MeetingResponse
``Result``).  Nothing here is specific to one command.

Reading is lenient about order (servers such as SOGo send ``RequestId, CalendarId,
Status``) and keeps children it does not know in the ``extra`` attribute of classes that
have one, so that a decoded item writes back without loss; it is strict about values (a
``Status`` that is not a number raises :class:`EASParseError`).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import re
from typing import Any, ClassVar, Iterable, Mapping, TypeVar

from .. import tables
from .. import dumps, loads
from .. import Element
from .errors import EASParseError, EASValueError, VersionError

__all__ = [
    "Field", "Converter", "Text", "Integer", "Boolean", "EnumOf", "DateTime", "Opaque",
    "Flag", "FlagOrBoolean", "Nested", "ListOf", "Choice", "Mapped", "Message", "check_version_name",
    "parse_datetime", "format_datetime",
]

UTC = _dt.timezone.utc
_T = TypeVar("_T", bound="Mapped")


def check_version_name(version: str) -> str:
    """Return *version* if EAS defines it, else raise :class:`EASValueError`."""
    try:
        tables.version_key(version)
    except ValueError as exc:
        raise EASValueError(str(exc)) from None
    return version


def _in_range(version: str, since: str | None, until: str | None) -> bool:
    v = tables.version_key(version)
    if since is not None and v < tables.version_key(since):
        return False
    return until is None or v <= tables.version_key(until)


# -- dates ---------------------------------------------------------------------------------
# Be exact when writing, liberal when reading: the date part and the time part each come
# with or without separators ("-" / ":"), independently, because servers and even
# [MS-ASCMD]'s own example 4.17.1 mix them (``20090907T07:00:00.000Z``).
_DATE_TIME = re.compile(
    r"^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(:?)(\d{2})\6(\d{2})(?:\.(\d{1,6}))?"
    r"(Z|[+-]\d{2}:?\d{2})?$")


def parse_datetime(text: str) -> _dt.datetime:
    """An aware UTC datetime from an EAS date: the Compact DateTime of [MS-ASDTYPE]
    2.7.2 (``20110510T170000Z``), the dateTime of 2.3 (``2012-06-08T17:30:00.000Z``), and
    the hybrids of the two that servers send (``20090907T07:00:00.000Z``, [MS-ASCMD]
    4.17.1).  No zone means UTC (EAS times are UTC)."""
    text = text.strip()
    m = _DATE_TIME.match(text)
    if m is None:
        raise EASParseError(f"invalid date {text!r}: expected 20110510T170000Z or "
                            "2011-05-10T17:00:00.000Z")
    y, _, mo, d, h, _, mi, s, frac, zone = m.groups()
    try:
        tz = UTC
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            tz = _dt.timezone(sign * _dt.timedelta(hours=int(digits[:2]),
                                                   minutes=int(digits[2:])))
        value = _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s),
                             int((frac or "0").ljust(6, "0")), tzinfo=tz)
    except ValueError as exc:  # e.g. month 13
        raise EASParseError(f"invalid date {text!r}: {exc}") from None
    return value.astimezone(UTC)


def format_datetime(value: _dt.datetime, compact: bool) -> str:
    """Write an aware datetime in UTC, compact or extended (with milliseconds)."""
    if not isinstance(value, _dt.datetime):
        raise EASValueError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise EASValueError(f"naive datetime {value!r}: EAS times are UTC, give a tzinfo")
    u = value.astimezone(UTC)
    if compact:
        return u.strftime("%Y%m%dT%H%M%SZ")
    return u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond // 1000:03d}Z"


# -- converters ----------------------------------------------------------------------------
class Converter:
    """Turns one element into a Python value (:meth:`read`) and back (:meth:`write`)."""

    def read(self, elem: Element) -> Any:
        raise NotImplementedError

    def write(self, tag: str, value: Any, version: str | None) -> Element:
        return Element(tag, self.format(value))

    def format(self, value: Any) -> str:
        raise NotImplementedError

    def check(self, value: Any, version: str, where: str, tag: str) -> None:
        """Raise :class:`VersionError` for a value (not a tag) *version* lacks."""

    @staticmethod
    def text(elem: Element) -> str:
        t = elem.text
        if t is None:
            if len(elem):
                raise EASParseError(f"{elem.tag} has child elements where text was expected")
            return ""
        if isinstance(t, str):
            return t
        try:
            return bytes(t).decode("utf-8")
        except UnicodeDecodeError:
            raise EASParseError(f"{elem.tag}: opaque data is not UTF-8 text") from None


class Text(Converter):
    """A string."""

    def read(self, elem):
        return self.text(elem)

    def format(self, value):
        if not isinstance(value, str):
            raise EASValueError(f"expected str, got {type(value).__name__}")
        return value


class Integer(Converter):
    """An integer written in decimal."""

    def read(self, elem):
        t = self.text(elem).strip()
        try:
            return int(t)
        except ValueError:
            raise EASParseError(f"{elem.tag}: {t!r} is not an integer") from None

    def format(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise EASValueError(f"expected int, got {type(value).__name__}")
        return str(int(value))


class Boolean(Converter):
    """``0`` / ``1`` (also reads ``true`` / ``false``)."""

    def read(self, elem):
        t = self.text(elem).strip().lower()
        if t in ("1", "true"):
            return True
        if t in ("0", "false"):
            return False
        raise EASParseError(f"{elem.tag}: {t!r} is not a boolean (0 or 1)")

    def format(self, value):
        return "1" if value else "0"


class EnumOf(Integer):
    """An :class:`enum.IntEnum`; *since* maps values to the first version having them."""

    def __init__(self, enum_cls: type[enum.IntEnum], since: Mapping[int, str] | None = None):
        self.enum_cls = enum_cls
        self.since = dict(since or {})

    def read(self, elem):
        n = super().read(elem)
        try:
            return self.enum_cls(n)
        except ValueError:
            raise EASParseError(f"{elem.tag}: {n} is not a {self.enum_cls.__name__} value "
                                f"({', '.join(str(int(m)) for m in self.enum_cls)})") from None

    def format(self, value):
        return str(int(self.enum_cls(value)))

    def check(self, value, version, where, tag):
        first = self.since.get(int(value))
        if first is not None and not _in_range(version, first, None):
            raise VersionError(where, tag, version,
                               f"value {int(value)} ({self.enum_cls(value).name}) needs {first}+")


class FlagOrBoolean(Boolean):
    """An element that is either empty (True) or ``0`` / ``1`` (``GetChanges``,
    ``DeletesAsMoves``); True is written empty, False as ``0``."""

    def read(self, elem):
        if elem.text is None or (isinstance(elem.text, str) and not elem.text.strip()):
            return True
        return super().read(elem)

    def write(self, tag, value, version):
        return Element(tag) if value else Element(tag, "0")


class DateTime(Converter):
    """An aware datetime; reads both EAS forms, writes *compact* or extended."""

    def __init__(self, compact: bool):
        self.compact = compact

    def read(self, elem):
        return parse_datetime(self.text(elem))

    def format(self, value):
        return format_datetime(value, self.compact)


class Opaque(Converter):
    """Bytes written as WBXML OPAQUE (reads an inline string as its UTF-8 bytes)."""

    def read(self, elem):
        t = elem.text
        if t is None:
            return b""
        return t.encode("utf-8") if isinstance(t, str) else bytes(t)

    def write(self, tag, value, version):
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise EASValueError(f"{tag}: expected bytes, got {type(value).__name__}")
        return Element(tag, bytes(value))


class Flag(Converter):
    """An empty element whose presence means True (``<SaveInSentItems/>``)."""

    def read(self, elem):
        return True

    def write(self, tag, value, version):
        return Element(tag)


class Nested(Converter):
    """A container element holding a :class:`Mapped` dataclass."""

    def __init__(self, cls: type["Mapped"]):
        self.cls = cls

    def read(self, elem):
        return self.cls.from_element(elem)

    def write(self, tag, value, version):
        if not isinstance(value, self.cls):
            raise EASValueError(f"{tag}: expected {self.cls.__name__}, got "
                                f"{type(value).__name__}")
        return value.element(tag, version)


class ListOf(Converter):
    """A wrapper element with repeated *item_tag* children, as a tuple (``None`` leaves the
    wrapper out, ``()`` writes it empty, e.g. to clear ``Categories`` in a Change).  With
    a :class:`Choice` as *item* (and *item_tag* None) the children may mix its tags."""

    def __init__(self, item_tag: str | None, item: Converter):
        self.item_tag = item_tag
        self.item = item

    def _tag(self, value) -> str:
        return self.item.tag_of(value) if isinstance(self.item, Choice) else self.item_tag

    def read(self, elem):
        allowed = self.item.classes if isinstance(self.item, Choice) else (self.item_tag,)
        out = []
        for child in elem:
            if child.tag not in allowed:
                raise EASParseError(f"{elem.tag} holds {child.tag}, expected "
                                    f"{' or '.join(allowed)}")
            out.append(self.item.read(child))
        return tuple(out)

    def write(self, tag, value, version):
        return Element(tag, children=[self.item.write(self._tag(v), v, version) for v in value])

    def check(self, value, version, where, tag):
        for v in value:
            item_tag = self._tag(v)
            if not tables.exists_in(item_tag, version):
                raise VersionError(where, item_tag, version)
            self.item.check(v, version, where, item_tag)


class Choice(Converter):
    """One of several :class:`Mapped` classes, chosen by tag (each class has a ``TAG``);
    used with ``many=True`` for mixed lists such as Sync ``Commands``."""

    def __init__(self, *classes: type["Mapped"]):
        self.classes = {c.TAG: c for c in classes}

    def read(self, elem):
        return self.classes[elem.tag].from_element(elem)

    def write(self, tag, value, version):
        return value.element(value.TAG, version)

    def tag_of(self, value) -> str:
        tag = getattr(value, "TAG", None)
        if tag not in self.classes:
            raise EASValueError(f"{type(value).__name__} is not one of "
                                f"{', '.join(c.__name__ for c in self.classes.values())}")
        return tag


# -- fields and the mapped base class ------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Field:
    """One row of a class's mapping: attribute, qualified tag, converter.

    ``many``: the tag repeats directly in the parent (value is a tuple).  ``since`` /
    ``until`` narrow the tag's version range from the code page tables for this context.
    """
    attr: str
    tag: str
    conv: Converter
    many: bool = False
    since: str | None = None
    until: str | None = None

    @property
    def tags(self) -> tuple[str, ...]:
        if isinstance(self.conv, Choice):
            return tuple(self.conv.classes)
        return (self.tag,)


class Mapped:
    """Base of every dataclass that maps to an element's children via ``FIELDS``.

    Subclasses are frozen dataclasses; one with an ``extra`` field keeps unknown children
    there (and writes them back last), one without rejects them.
    """
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    TAG: ClassVar[str] = ""
    _BY_TAG: ClassVar[dict[str, Field]] = {}

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        by_tag: dict[str, Field] = {}
        for f in cls.FIELDS:
            for t in f.tags:
                if t not in tables.TAGS:
                    raise TypeError(f"{cls.__name__}.{f.attr}: unknown tag {t!r}")
                by_tag[t] = f
        cls._BY_TAG = by_tag

    def __post_init__(self) -> None:
        # accept lists for tuple-valued fields: the dataclass stays hashable and immutable
        # (a repeated field is never None: it is absent when empty; a Flag is a bool)
        for f in self.FIELDS:
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
        keeps_extra = any(f.name == "extra" for f in dataclasses.fields(cls))
        for child in children:
            f = cls._BY_TAG.get(child.tag)
            if f is None:
                if keeps_extra:
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
        for f in cls.FIELDS:   # an absent flag is False, whatever the default says
            if isinstance(f.conv, Flag):
                values.setdefault(f.attr, False)
        if keeps_extra:
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
        for f in self.FIELDS:
            value = getattr(self, f.attr)
            if value is None:
                continue
            for item in (value if f.many else (value,)):
                if isinstance(f.conv, Flag) and not item:
                    continue
                tag = f.conv.tag_of(item) if isinstance(f.conv, Choice) else f.tag
                if version is not None:
                    where = f"{name}.{f.attr}"
                    if not tables.exists_in(tag, version) or not _in_range(version, f.since,
                                                                          f.until):
                        raise VersionError(where, tag, version, _range_text(tag, f))
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


def _range_text(tag: str, f: Field) -> str:
    info = tables.tag_info(tag)
    since = max((s for s in (info.since, f.since) if s), key=tables.version_key)
    ends = [u for u in (info.until, f.until) if u]
    until = min(ends, key=tables.version_key) if ends else None
    return f"it exists in {since}" + (f" to {until}" if until else " and later")


class Message(Mapped):
    """A whole command request or response: ``ROOT`` is its root tag."""
    ROOT: ClassVar[str] = ""

    def to_element(self, version: str) -> Element:
        """The root element for protocol *version* (raises :class:`VersionError`)."""
        check_version_name(version)
        if not tables.exists_in(self.ROOT, version):
            raise VersionError(type(self).__name__, self.ROOT, version,
                               _range_text(self.ROOT, Field("", self.ROOT, Text())))
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
