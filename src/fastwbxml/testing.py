"""Hypothesis strategies for property tests of EAS code: WBXML trees, messages, typed
binding objects, and hostile input.  Public API, for fastwbxml's own tests and downstream
libraries; needs Hypothesis (``pip install 'fastwbxml[testing]'``), imported only here.

How it works.

* :func:`trees` draws :class:`~fastwbxml.Element` trees from the code page tables.  Every
  element gets content that fits its tag's kind: a ``container`` gets children (up to
  ``max_children``, none below ``max_depth``), a ``string`` tag text, an ``opaque`` tag bytes,
  an ``empty`` tag nothing, an ``any`` tag one of these.  ``version`` keeps only tags that
  exist in that protocol version (:func:`fastwbxml.tables.exists_in`); ``pages`` keeps only
  tags of those code pages (numbers or names).  Text is any Unicode except NUL and lone
  surrogates (which WBXML's UTF-8 inline strings cannot hold), with CR/LF, control
  characters and astral characters made likely.  ``any_content=True`` gives any tag any of
  the four forms (and the content bit on childless elements), ``unknown_tokens=True`` adds
  the raw ``Page:Unknown_0xHH`` tags of tokens no table defines: both still encode, and are
  what a codec's exactness tests need.
* :func:`messages` is the WBXML of such trees, with the EAS header (:func:`fastwbxml.dumps`).
* :func:`eas_objects` draws instances of a typed binding class (``fastwbxml.eas``) from the
  class's own wire rows (``WIRE``, compiled from its ``wire()`` fields): each converter gets values of its type (enums,
  integers, booleans, text, datetimes in the field's format, opaque bytes, nested objects).
  With ``version``, fields, choices and enum values that version lacks are left out, and
  the object must :meth:`supports` the version.  :func:`meeting_responses` and
  :func:`meeting_requests` are the two most often needed.
* :func:`hostile_messages` starts from valid messages (or the byte strings given as
  ``seeds``, e.g. the rows of a malformed-vector file a test read) and damages them:
  truncation anywhere, byte mutations, and the malformed shapes EAS decoders meet in the
  wild, built generically at a drawn place -- an unsupported global token, the attribute
  bit, SWITCH_PAGE to an undefined page, an over-long multi-byte integer, an OPAQUE length
  past the end, a string cut before its NUL, invalid UTF-8, a string-table reference, an
  END too many or too few, bytes after the root.  A decoder under test must return a tree
  or raise :class:`fastwbxml.WBXMLError`, never anything else, and never hang.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt

try:
    from hypothesis import strategies as st
except ImportError as exc:                      # pragma: no cover - depends on the install
    raise ImportError("fastwbxml.testing needs Hypothesis: pip install 'fastwbxml[testing]' "
                      "(or pip install hypothesis)") from exc

from . import tables
from ._api import dumps, iterparse
from .element import Element
from .errors import WBXMLError

__all__ = ["trees", "messages", "texts", "eas_objects", "application_data",
           "meeting_responses", "meeting_requests", "hostile_messages", "deep_tree"]

_NOT_UTF8_SAFE = ("Cs",)                        # lone surrogates


def texts(max_size: int = 40):
    """Strings WBXML can carry inline: any Unicode but NUL and lone surrogates."""
    return st.text(st.characters(blacklist_categories=_NOT_UTF8_SAFE, blacklist_characters="\x00"),
                   max_size=max_size) | st.sampled_from(["", "\r\n", "a\rb", "\x01\x1f\x7f",
                                                         "é€😀 日本", " "])


def _page_numbers(pages) -> set[int] | None:
    if pages is None:
        return None
    by_name = {cp.name: n for n, cp in tables.PAGES.items()}
    out = set()
    for p in ([pages] if isinstance(pages, (int, str)) else pages):
        if isinstance(p, str):
            if p not in by_name:
                raise ValueError(f"no code page named {p!r}")
            p = by_name[p]
        if p not in tables.PAGES:
            raise ValueError(f"no code page {p!r}")
        out.add(p)
    return out


def _tag_pool(version, pages, unknown_tokens: bool) -> list[str]:
    wanted = _page_numbers(pages)
    if version is not None:
        tables.version_key(version)             # a clear ValueError for a bad version
    pool = sorted(t for t, info in tables.TAGS.items()
                  if (wanted is None or info.page in wanted)
                  and (version is None or tables.exists_in(t, version)))
    if unknown_tokens:
        pool += sorted(tables.raw_tag(n, tok) for n in tables.PAGES
                       if wanted is None or n in wanted
                       for tok in range(0x05, 0x40) if tables.TAG_NAMES[n][tok] is None)
    if not pool:
        raise ValueError(f"no tag in code page(s) {pages!r} exists in version {version!r}")
    return pool


def _kind(tag: str) -> str:
    info = tables.TAGS.get(tag)
    return info.kind if info is not None else "any"


def trees(version: str | None = None, pages=None, *, max_depth: int = 4,
          max_children: int = 5, any_content: bool = False, unknown_tokens: bool = False,
          max_text: int = 40, max_opaque: int = 60):
    """Valid :class:`~fastwbxml.Element` trees (see the module docstring)."""
    if max_depth < 1 or max_children < 0:
        raise ValueError("max_depth must be >= 1 and max_children >= 0")
    pool = _tag_pool(version, pages, unknown_tokens)
    container_pool = [t for t in pool if _kind(t) in ("container", "any")] or pool
    tags = st.sampled_from(pool)
    strings = texts(max_text)
    opaques = st.binary(max_size=max_opaque)

    @st.composite
    def element(draw, depth: int, tag_strategy=tags):
        tag = draw(tag_strategy)
        kind = "any" if any_content else _kind(tag)
        if kind == "any":
            kind = draw(st.sampled_from(["container", "string", "opaque", "empty"]))
        if kind == "string":
            return Element(tag, draw(strings))
        if kind == "opaque":
            return Element(tag, draw(opaques))
        if kind == "empty":
            return Element(tag, content_bit=any_content and draw(st.booleans()))
        children = []
        if depth < max_depth:
            children = draw(st.lists(element(depth + 1), max_size=max_children))
        if children:
            return Element(tag, None, children)
        return Element(tag, content_bit=any_content and draw(st.booleans()))

    if any_content:
        return element(1)
    # a root with its kind's content: a container where one exists
    return element(1, st.sampled_from(container_pool))


def messages(version: str | None = None, pages=None, **tree_options):
    """The WBXML bytes (EAS header ``03 01 6A 00``) of :func:`trees`."""
    return trees(version, pages, **tree_options).map(dumps)


# -- typed bindings ----------------------------------------------------------------------------
def _datetimes(compact: bool):
    base = st.datetimes(min_value=_dt.datetime(1980, 1, 1), max_value=_dt.datetime(2099, 1, 1))
    if compact:
        base = base.map(lambda d: d.replace(microsecond=0))
    else:
        base = base.map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
    return base.map(lambda d: d.replace(tzinfo=_dt.timezone.utc))


def _in_version(version, tag: str, since=None, until=None) -> bool:
    from .eas.versions import in_range
    return version is None or (tables.exists_in(tag, version)
                               and in_range(version, since, until))


def _value(conv, depth: int, version):
    from .eas import values as F
    from .eas.commands.sync import _AppData
    from .eas.versions import in_range
    if isinstance(conv, F.EnumOf):
        members = [m for m in conv.enum_cls if version is None or conv.since.get(int(m)) is None
                   or in_range(version, conv.since[int(m)], None)]
        return st.sampled_from(members)
    if isinstance(conv, (F.FlagOrBoolean, F.Boolean, F.Flag)):
        return st.booleans()
    if isinstance(conv, F.Integer):
        return st.integers(-2**31, 2**31 - 1)
    if isinstance(conv, F.Text):
        return texts(12)
    if isinstance(conv, F.DateTime):
        return _datetimes(conv.compact)
    if isinstance(conv, F.Opaque):
        return st.binary(max_size=16)
    if isinstance(conv, F.Nested):
        return eas_objects(conv.cls, version, _depth=depth)
    if isinstance(conv, F.Choice):
        classes = [c for t, c in conv.classes.items() if _in_version(version, t)]
        return st.one_of(*(eas_objects(c, version, _depth=depth) for c in classes)) \
            if classes else st.nothing()
    if isinstance(conv, F.ListOf):
        return st.lists(_value(conv.item, depth, version), max_size=2).map(tuple)
    if isinstance(conv, _AppData):
        return _application_data(depth, version)
    raise TypeError(f"no strategy for the converter {conv!r}")


def _application_data(depth: int, version):
    from .eas import CalendarEvent, Email, MeetingRequest, classify_application_data

    def same_class(obj):
        elem = obj.element("AirSync:ApplicationData", None)
        return type(classify_application_data(elem)) is type(obj)
    return st.one_of(*(eas_objects(c, version, _depth=depth)
                       for c in (CalendarEvent, MeetingRequest, Email))).filter(same_class)


def application_data(version: str | None = None):
    """Typed Sync ApplicationData (``CalendarEvent``, ``MeetingRequest``, ``Email``) that
    reads back as the same class."""
    return _application_data(0, version)


def eas_objects(cls, version: str | None = None, *, _depth: int = 0):
    """Instances of a ``fastwbxml.eas`` binding class (a ``Mapped`` dataclass) drawn from its
    ``WIRE`` rows; with *version*, only what that version has, and ``obj.supports(version)``."""
    from .eas import EASValueError
    from .eas.commands.sync import _AppData
    from .eas.values import Choice, ListOf, Nested
    required = {f.name for f in dataclasses.fields(cls) if f.default is not None}
    kwargs = {}
    for f in cls.WIRE:
        present = any(_in_version(version, t, f.since, f.until) for t in f.tags)
        if not present or (_depth > 3 and f.attr not in required
                           and isinstance(f.conv, (Nested, ListOf, Choice, _AppData))):
            if f.attr in required:
                return st.nothing()             # a required field this version lacks
            continue                            # keep trees small / leave out what v lacks
        value = _value(f.conv, _depth + 1, version)
        if f.many:
            value = st.lists(value, max_size=2).map(tuple)
        if f.attr not in required:
            value = st.none() | value
        kwargs[f.attr] = value

    def valid(obj) -> bool:
        try:
            obj.to_children(None)
        except EASValueError:
            return False
        return version is None or obj.supports(version)
    return st.builds(cls, **kwargs).filter(valid)


def meeting_responses(version: str | None = None):
    """``MeetingResponse`` command requests valid for *version*."""
    from .eas import MeetingResponse
    return eas_objects(MeetingResponse, version)


def meeting_requests(version: str | None = None):
    """``MeetingRequest`` e-mails (Sync ApplicationData) valid for *version*."""
    from .eas import MeetingRequest, classify_application_data

    def reads_back(obj) -> bool:        # not classified as a plain Email when read back
        elem = obj.element("AirSync:ApplicationData", None)
        return type(classify_application_data(elem)) is MeetingRequest
    return eas_objects(MeetingRequest, version).filter(reads_back)


# -- hostile input -------------------------------------------------------------------------
def _tag_offsets(data: bytes) -> list[int]:
    """Offsets of tag bytes in a message fastwbxml wrote (from the codec's event reader)."""
    reader = iterparse(data)
    return [reader.offset for event, _ in reader if event == "start"]


def _shapes(draw, data: bytes) -> bytes:
    """One malformed shape, built into valid message *data* at a drawn place."""
    tags = _tag_offsets(data) or [len(data)]
    at = draw(st.sampled_from(tags))
    shape = draw(st.sampled_from([
        "global_token", "attribute_bit", "unknown_page", "long_mb_u_int32", "opaque_overrun",
        "unterminated_string", "invalid_utf8", "string_table_ref", "extra_end", "missing_end",
        "trailing_bytes", "header"]))
    undefined = [p for p in range(256) if p not in tables.PAGES]
    if shape == "global_token":     # ENTITY, LITERAL*, EXT_*, PI: not used by EAS
        tok = draw(st.sampled_from([0x02, 0x04, 0x40, 0x41, 0x42, 0x43, 0x44, 0x80, 0x81,
                                    0x82, 0x83, 0x84, 0xC0, 0xC1, 0xC2, 0xC4]))
        return data[:at] + bytes([tok]) + data[at:]
    if shape == "attribute_bit" and at < len(data):
        return data[:at] + bytes([data[at] | 0x80]) + data[at + 1:]
    if shape == "unknown_page":
        return data[:at] + bytes([0x00, draw(st.sampled_from(undefined))]) + data[at:]
    if shape == "long_mb_u_int32":
        return data[:at] + b"\xc3\x81\x82\x83\x84\x85\x06\x11" + data[at:]
    if shape == "opaque_overrun":
        return data[:at] + b"\xc3" + bytes([draw(st.integers(0x10, 0x7F))]) + b"\x41" + data[at:]
    if shape == "unterminated_string":
        return data[:at] + b"\x03" + draw(st.binary(max_size=8)).replace(b"\x00", b"a")
    if shape == "invalid_utf8":
        bad = draw(st.sampled_from([b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80",
                                    b"\xc0\xaf", b"\xf4\x90\x80\x80"]))
        return data[:at] + b"\x03" + bad + b"\x00" + data[at:]
    if shape == "string_table_ref":  # STR_T into a string table EAS does not have
        return data[:at] + b"\x83\x00" + data[at:]
    if shape == "extra_end":
        return data + b"\x01" * draw(st.integers(1, 3))
    if shape == "missing_end" and data.endswith(b"\x01"):
        return data[:-1]
    if shape == "trailing_bytes":
        return data + draw(st.binary(min_size=1, max_size=6))
    # a damaged header: version, public id, charset, string table length
    i = draw(st.integers(0, 3))
    return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]


def hostile_messages(base=None, *, seeds=None):
    """Bytes that an EAS decoder must reject cleanly or decode: damaged valid messages.

    *base*: the strategy of valid messages to start from (default :func:`messages` with
    unknown tokens).  *seeds*: byte strings (e.g. known-malformed vectors a test read from
    its own files), drawn as they are and damaged further."""
    base = base if base is not None else messages(max_depth=3, max_children=4,
                                                  unknown_tokens=True)
    sources = [base]
    if seeds is not None:
        seeds = [bytes(s) for s in seeds]
        if seeds:
            sources.append(st.sampled_from(seeds))
    source = st.one_of(*sources)

    @st.composite
    def damaged(draw):
        data = draw(source)
        how = draw(st.sampled_from(["shape", "truncate", "mutate", "as_is"]))
        if how == "shape" and data[:4] == b"\x03\x01\x6a\x00":
            try:
                return _shapes(draw, data)
            except WBXMLError:      # a seed whose tokens cannot be walked
                how = "truncate"
        if how == "truncate" and data:
            return data[:draw(st.integers(0, len(data) - 1))]
        if how == "mutate" and data:
            out = bytearray(data)
            for _ in range(draw(st.integers(1, 4))):
                i = draw(st.integers(0, len(out)))
                op = draw(st.sampled_from(["set", "insert", "delete"]))
                if op == "set" and i < len(out):
                    out[i] = draw(st.integers(0, 255))
                elif op == "insert":
                    out[i:i] = bytes([draw(st.integers(0, 255))])
                elif i < len(out):
                    del out[i]
            return bytes(out)
        return data
    return damaged()


def deep_tree(depth: int, tag: str = "AirSync:Collection") -> Element:
    """A chain of *depth* nested elements (for depth-limit tests; built iteratively)."""
    root = e = Element(tag)
    for _ in range(depth - 1):
        c = Element(tag)
        e.append(c)
        e = c
    return root
