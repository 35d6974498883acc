"""Value converters: how one element's content becomes a Python value and back.

A binding field names its tag and one converter; the converter owns everything about the
value: :class:`Text`, :class:`Integer`, :class:`Boolean` and :class:`EnumOf` for the
scalar kinds, :class:`DateTime` for the two date forms (its ``compact`` flag is the
field's form on the wire), :class:`Opaque` for bytes written as WBXML OPAQUE,
:class:`Flag` / :class:`FlagOrBoolean` for elements whose presence is the value,
:class:`Nested` for a container holding another binding class, :class:`ListOf` for a
wrapper of repeated children and :class:`Choice` for children of several classes told
apart by tag.

Reading is strict about values (``Status`` that is not a number raises
:class:`EASParseError` naming the tag); writing is strict about types
(:class:`EASValueError`).  A converter may also refuse a *value* a protocol version lacks
(:meth:`Converter.check`, e.g. an enum member added in 16.0).  Converters know binding
classes only by their methods (``from_element``, ``element``, ``TAG``), so this module
does not import the machinery that uses it.
"""
from __future__ import annotations

import enum
from typing import Any, Mapping

from .. import Element, tables
from .codecs.dates import format_datetime, parse_datetime
from .errors import EASParseError, EASValueError, VersionError
from .versions import in_range

__all__ = ["Converter", "Text", "Integer", "Boolean", "EnumOf", "FlagOrBoolean", "DateTime",
           "Opaque", "Flag", "Nested", "ListOf", "Choice"]


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
        if first is not None and not in_range(version, first, None):
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

    def __init__(self, cls: type):
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

    def __init__(self, *classes: type):
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
