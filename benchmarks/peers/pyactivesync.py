"""Adapter for pyactivesync (PyPI, 0.17.0): its pure-Python WBXML reader and writer.

pyactivesync's codec (``pyactivesync._wbxml``):

* decode: ``WBXMLReader(data).parse()`` -> list of nodes ``(tag_path, text, children)``,
  where ``tag_path`` is ``"Page.Name"`` and text/opaque content is a child node
  ``("#text", str, [])`` / ``("#opaque", bytes, [])``.  Unknown pages/tokens are named
  ``"pageN"`` / ``"0xHH"`` rather than rejected.
* encode: a tree of ``wtag(page, name, children, text, opaque)`` closures applied to a
  ``WBXMLWriter``; ``render()`` prepends the header ``03 01 6A 00``.

Its tables (``pyactivesync._codepages``: ``CODEPAGES`` page name -> {tag name: token},
``PAGE_INDEX`` name -> number, ``PAGE_ORDER`` number -> name, ``REVERSE`` number ->
{token: name}) lack whole code pages (Calendar, MeetingResponse, Email2, ...) and many
tags.  :func:`extend_tables` adds, at run time and in place (the reader and writer hold
references to these very dicts), every page and tag of ``fastwbxml.tables.PAGES`` that
pyactivesync does not have; its own names and tokens are kept where it has them (e.g.
``ComposeMail.MIME`` for fastwbxml's ``ComposeMail:Mime``, ``ItemEstimate`` for
``GetItemEstimate``).  :data:`CONFLICTS` lists tokens where the two tables disagree.
"""
from __future__ import annotations

__all__ = ["AVAILABLE", "REASON", "VERSION", "extend_tables", "decode", "make_encoder",
           "to_tuple", "ADDED", "CONFLICTS"]

try:
    import pyactivesync  # noqa: F401
    from pyactivesync import _codepages, _wbxml
except ImportError as _e:  # pragma: no cover - depends on the environment
    AVAILABLE = False
    REASON = f"pyactivesync not installed ({_e}); pip install pyactivesync==0.17.0"
    VERSION = None
else:
    AVAILABLE = True
    REASON = ""
    try:
        from importlib.metadata import version as _v
        VERSION = _v("pyactivesync")
    except Exception:  # pragma: no cover
        VERSION = getattr(pyactivesync, "__version__", "unknown")

#: what extend_tables() added: {"pages": [...], "tags": n}
ADDED: dict = {"pages": [], "tags": 0}
#: (page number, token, pyactivesync name, fastwbxml name) where the tables disagree
CONFLICTS: list = []
# fastwbxml tag -> (pyactivesync page name, pyactivesync tag name), for the encoder
_TO_PYAS: dict = {}
# "Page.Name" (pyactivesync) -> fastwbxml tag, for comparing decoded trees
_FROM_PYAS: dict = {}
_extended = False


def extend_tables() -> None:
    """Add fastwbxml's pages and tags that pyactivesync lacks (idempotent)."""
    global _extended
    if _extended or not AVAILABLE:
        return
    from fastwbxml import tables
    cp, index, order, reverse = (_codepages.CODEPAGES, _codepages.PAGE_INDEX,
                                 _codepages.PAGE_ORDER, _codepages.REVERSE)
    for num, page in sorted(tables.PAGES.items()):
        pname = order.get(num)
        if pname is None:
            pname = page.name
            if pname in cp:  # a name clash with another page number: keep both apart
                pname = f"{page.name}{num}"
            cp[pname] = {}
            index[pname] = num
            order[num] = pname
            reverse[num] = {}
            ADDED["pages"].append(f"{num} {pname}")
        tags = cp[pname]
        rev = reverse.setdefault(num, {})
        for name, info in page.tags.items():
            own = rev.get(info.token)
            if own is None:
                rev[info.token] = name
                if name in tags and tags[name] & 0x3F != info.token:
                    CONFLICTS.append((num, info.token, f"{pname}.{name}", info.tag))
                tags.setdefault(name, info.token)
                ADDED["tags"] += 1
                own = name
            elif own != name:
                CONFLICTS.append((num, info.token, f"{pname}.{own}", info.tag))
            _TO_PYAS[info.tag] = (pname, own)
            _FROM_PYAS[f"{pname}.{own}"] = info.tag
    _extended = True


def decode(data: bytes) -> list:
    """pyactivesync's decode to its tree (a list of root nodes)."""
    return _wbxml.WBXMLReader(data).parse()


def make_decoder():
    Reader = _wbxml.WBXMLReader

    def decode(data):
        return Reader(data).parse()
    return decode


def _builder(e):
    page, name = _TO_PYAS[e.tag]
    text = e.text
    if text is None:
        kids = [_builder(c) for c in e] or None
        return _wbxml.wtag(page, name, kids)
    if isinstance(text, str):
        return _wbxml.wtag(page, name, None, text=text)
    return _wbxml.wtag(page, name, None, opaque=bytes(text))


def make_encoder(root):
    """A function ``encode() -> bytes`` that writes the prebuilt closure tree of *root* (a
    fastwbxml Element) with pyactivesync's writer."""
    extend_tables()
    build = _builder(root)
    Writer = _wbxml.WBXMLWriter

    def encode():
        w = Writer()
        build(w)
        return w.render()
    return encode


def to_tuple(nodes: list):
    """pyactivesync's tree -> the benchmark's ``(tag, text, (children...))`` tuple form
    with fastwbxml tag names (for checking that both decoded the same thing)."""
    def conv(node):
        path, _, children = node
        text = None
        kids = []
        for c in children:
            if c[0] in ("#text", "#opaque"):
                text = c[1]
            else:
                kids.append(conv(c))
        return (_FROM_PYAS.get(path, path), text, tuple(kids))
    return conv(nodes[0])
