"""A mitmproxy content view for Exchange ActiveSync (WBXML) bodies, built on fastwbxml.

Load it as a mitmproxy script (the same for ``mitmproxy`` and ``mitmweb``)::

    mitmdump -s "$(python -c 'import fastwbxml.contrib.mitmproxy_addon as m; print(m.__file__)')"

How it works.  :func:`render` is the whole view and needs no mitmproxy: it decodes a body
with :func:`fastwbxml.loads_document` (EAS's ``03 01 6A 00`` header and any other WBXML
1.1-1.3 UTF-8 header) and returns the lossless namespaced XML view of :func:`fastwbxml.to_xml`:
non-ASCII text as it is, undefined tokens as ``Page:Unknown_0xHH`` elements, pages 25 and 254,
OPAQUE data as base64 marked ``wbxml:content="opaque"``, an element written with the content
bit but nothing inside marked ``"empty"``.  A body that is not valid WBXML is not handed back
to mitmproxy as an error (mitmproxy would then show a hex dump with nothing said): the view
shows a first line naming the error and its byte offset, then the ``fastwbxml dump`` token
listing up to the error.  The decoder is bounded (no hang on a body cut inside a string).

The rest adapts :func:`render` to the two generations of mitmproxy's content view API:

* mitmproxy 12 and later: a ``contentviews.InteractiveContentview`` named ``fastwbxml``,
  registered with ``contentviews.add`` when the script loads.  ``reencode`` turns edited XML
  back into WBXML with :func:`fastwbxml.from_xml` + :func:`fastwbxml.dumps` (keeping the
  original body's header when it was not EAS's), so an edited request can be replayed.
* mitmproxy 11: a ``contentviews.View`` subclass of the same name, added on ``load`` and
  removed on ``done`` (mitmproxy 11 refuses a second view with the same name).

Both give a render priority of 2 for ``application/vnd.ms-sync.wbxml`` (also the bare
``application/vnd.ms-sync`` some clients send) and ``application/vnd.wap.wbxml`` bodies, above
the built-in WBXML view's 1, so this view wins in ``auto`` mode.  It can be chosen by name,
``fastwbxml``: in mitmproxy's and mitmweb's view menus, and in mitmdump as
``--set dumper_default_contentview=fastwbxml`` (which then shows any body, whatever its
content type, through this view).

Without mitmproxy the module still imports (so ``python -c ...`` above can print its path),
and :func:`render` / :func:`reencode` work; only the mitmproxy hooks are left out.
"""
from __future__ import annotations

import io

from fastwbxml import EAS_HEADER, Document, WBXMLError, dumps, from_xml, loads_document, to_xml
from fastwbxml.dump import dump

try:                                            # the script runs inside mitmproxy
    from mitmproxy import contentviews as _cv
except ImportError:                             # imported elsewhere: render() only
    _cv = None

__all__ = ["NAME", "CONTENT_TYPES", "PRIORITY", "render", "reencode"]

NAME = "fastwbxml"
CONTENT_TYPES = frozenset({"application/vnd.ms-sync.wbxml", "application/vnd.ms-sync",
                           "application/vnd.wap.wbxml"})
PRIORITY = 2.0          # the built-in WBXML view answers 1.0 for the same content types
_HEADER_NOTE = "<!-- WBXML header: "


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower()


def priority(data: bytes, content_type: str | None) -> float:
    """The render priority: :data:`PRIORITY` for a non-empty WBXML body, else 0."""
    return PRIORITY if data and _media_type(content_type) in CONTENT_TYPES else 0.0


def render(data: bytes) -> tuple[str, str, bool]:
    """``(description, text, ok)`` for a body: the XML view if *data* decodes (*ok* true),
    else the first line naming the error and the token listing up to it."""
    data = bytes(data)
    try:
        doc = loads_document(data)
    except WBXMLError as exc:
        listing = io.StringIO()
        dump(data, out=listing)
        head = (f"fastwbxml: not valid WBXML: {type(exc).__name__}: {exc}; "
                f"the tokens up to the error ({len(data)} bytes):")
        return (f"fastwbxml: invalid at offset {exc.offset}", head + "\n" + listing.getvalue(),
                False)
    text = to_xml(doc.root)
    if doc.header != EAS_HEADER:
        text = f"{_HEADER_NOTE}{doc.header!r} -->\n" + text
    return f"fastwbxml: {doc.root.tag}", text, True


def reencode(prettified: str, original: bytes | None = None) -> bytes:
    """WBXML for edited XML *prettified*; the header of *original* is kept when it decodes
    and is not EAS's.  Raises :class:`fastwbxml.XMLViewError` for XML that is no tree."""
    root = from_xml(prettified)
    if original:
        try:
            header = loads_document(original).header
        except WBXMLError:
            header = EAS_HEADER
        if header != EAS_HEADER:
            return dumps(Document(header, root))
    return dumps(root)


if _cv is not None and hasattr(_cv, "InteractiveContentview"):       # mitmproxy >= 12

    class FastWBXMLContentview(_cv.InteractiveContentview):
        """ActiveSync WBXML as lossless XML; edits re-encode to WBXML."""

        name = NAME
        syntax_highlight = "xml"

        def prettify(self, data: bytes, metadata) -> str:
            return render(data)[1]

        def render_priority(self, data: bytes, metadata) -> float:
            return priority(data, metadata.content_type)

        def reencode(self, prettified: str, metadata) -> bytes:
            return reencode(prettified, getattr(metadata, "original_data", None))

    view = FastWBXMLContentview()

    def load(loader) -> None:
        _cv.add(view)

elif _cv is not None:                                                 # mitmproxy 11

    class FastWBXMLView(_cv.View):
        """ActiveSync WBXML as lossless XML (mitmproxy 11 API)."""

        name = NAME

        def __call__(self, data: bytes, **metadata):
            description, text, _ok = render(data)
            return description, _cv.format_text(text)

        def render_priority(self, data: bytes, *, content_type: str | None = None,
                            **metadata) -> float:
            return priority(data, content_type)

    view = FastWBXMLView()

    def load(loader) -> None:
        if _cv.get(NAME) is not None:        # a reloaded script: drop the previous one
            _cv.remove(_cv.get(NAME))
        _cv.add(view)

    def done() -> None:
        if view in _cv.views:
            _cv.remove(view)
