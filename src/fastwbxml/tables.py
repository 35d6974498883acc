"""The code page tables, loaded from data generated from ``wbxml_tables/``.

Tags are named ``"<Page>:<Name>"`` with the [MS-ASWBXML] code page name and the spec's tag
name, e.g. ``"AirSync:Sync"``, ``"Calendar:Attendee"``, ``"MeetingResponse:UserResponse"``.
A token that its page does not define is named ``"<Page>:Unknown_0xHH"`` (a raw node).

The data, and the list of protocol versions (``VERSIONS``), are generated at build time from
``wbxml_tables/`` into ``fastwbxml/_tables.py`` by ``tools/gen_tables.py``: one declaration
of each fact.  An unbuilt checkout has no ``_tables.py`` and says how to build.
"""
from __future__ import annotations

import re
import sys
from typing import NamedTuple

__all__ = [
    "VERSIONS", "TagInfo", "CodePage", "PAGES", "PAGES_BY_NAME", "tag_info", "exists_in",
    "version_key",
]

try:
    from ._tables import PAGES as _RAW_PAGES
    from ._tables import VERSIONS
except ImportError:  # a source checkout that was not built
    raise ImportError(
        "fastwbxml._tables is missing: it is generated from wbxml_tables/ at build time. "
        "Build the package: `pip install .` (or `pip install -e .`), or in a source checkout "
        "`python setup.py build_ext --inplace`; then import it again") from None


def version_key(version: str) -> tuple:
    """``"14.1"`` -> ``(14, 1)``; raises ValueError for a version EAS does not define."""
    if version not in VERSIONS:
        raise ValueError(f"unknown EAS protocol version {version!r}; known: {', '.join(VERSIONS)}")
    major, minor = version.split(".")
    return (int(major), int(minor))


class TagInfo(NamedTuple):
    """What the tables say about one tag."""
    tag: str            #: qualified name, "Page:Name"
    page: int           #: code page number
    token: int          #: token, 0x05..0x3F
    name: str           #: the tag's name within its page
    kind: str           #: "container", "string", "opaque", "empty" or "any"
    since: str          #: first protocol version with the tag
    until: str | None   #: last protocol version with the tag (None: still current)


class CodePage(NamedTuple):
    number: int
    name: str
    xmlns: str
    prefix: str
    tags: dict          #: name -> TagInfo


PAGES: dict[int, CodePage] = {}
PAGES_BY_NAME: dict[str, CodePage] = {}
#: qualified tag -> TagInfo (interned tag strings shared with the decoders)
TAGS: dict[str, TagInfo] = {}
#: 256 entries: None for an unknown page, else a list of 64 interned qualified names or None
TAG_NAMES: list = [None] * 256
#: qualified tag -> (page << 8) | token, for the encoders
TAG_CODES: dict[str, int] = {}
#: xmlns -> page, for the XML view
PAGES_BY_XMLNS: dict[str, CodePage] = {}

for _page, _name, _xmlns, _prefix, _rows in _RAW_PAGES:
    _names = [None] * 64
    _tags = {}
    for _token, _tag, _kind, _since, _until in _rows:
        _q = sys.intern(f"{_name}:{_tag}")
        _info = TagInfo(_q, _page, _token, _tag, _kind, _since, _until)
        _names[_token] = _q
        _tags[_tag] = _info
        TAGS[_q] = _info
        TAG_CODES[_q] = (_page << 8) | _token
    _cp = CodePage(_page, _name, _xmlns, _prefix, _tags)
    PAGES[_page] = _cp
    PAGES_BY_NAME[_name] = _cp
    PAGES_BY_XMLNS[_xmlns] = _cp
    TAG_NAMES[_page] = _names

_RAW_RE = re.compile(r"Unknown_0x([0-9A-F]{2})")


def raw_tag(page: int, token: int) -> str:
    """The name given to a token that page *page* does not define."""
    return f"{PAGES[page].name}:Unknown_0x{token:02X}"


def tag_code(tag: str) -> int:
    """``(page << 8) | token`` for *tag*, including raw ``Page:Unknown_0xHH`` names.

    Raises KeyError (with a message) for a tag that cannot be encoded.
    """
    code = TAG_CODES.get(tag)
    if code is not None:
        return code
    if not isinstance(tag, str):
        raise KeyError(f"tag must be a str, not {type(tag).__name__}")
    ns, sep, name = tag.partition(":")
    if not sep:
        raise KeyError(f"tag {tag!r} has no code page prefix (write it as 'Page:Name', "
                       f"e.g. 'AirSync:{tag}')")
    cp = PAGES_BY_NAME.get(ns)
    if cp is None:
        raise KeyError(f"unknown code page {ns!r} in tag {tag!r}")
    m = _RAW_RE.fullmatch(name)
    if m:
        token = int(m.group(1), 16)
        if 0x05 <= token <= 0x3F:
            known = TAG_NAMES[cp.number][token]
            if known is None:
                return (cp.number << 8) | token
            raise KeyError(f"raw tag {tag!r} names a known token: write it as {known!r}")
    raise KeyError(f"unknown tag {name!r} in code page {ns} ({cp.number})")


def tag_info(tag: str) -> TagInfo:
    """The table entry of a qualified tag name; KeyError if unknown."""
    return TAGS[tag]


def exists_in(tag: str, version: str) -> bool:
    """Whether protocol *version* (e.g. ``"14.1"``) has *tag*."""
    info = TAGS[tag]
    v = version_key(version)
    if v < version_key(info.since):
        return False
    return info.until is None or v <= version_key(info.until)
