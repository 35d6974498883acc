"""The contract every fuzz target checks, shared by the atheris harnesses (fuzz_*.py) and by
tests/test_hardening.py (which replays the committed corpus through the same checks).

Decoding any bytes must end in one of two ways, identically in the native and the
pure-Python codec:

* a tree that re-encodes to exactly the input bytes, or
* a :class:`fastwbxml.WBXMLError` subclass whose ``offset`` lies in ``0 .. len(data)``,

never another exception, a crash, a hang or a read past the buffer (the last two are what
the sanitizer build and libFuzzer's timeout catch).  Encoding any tree must give the same
bytes, or the same :class:`fastwbxml.EncodeError`, in both codecs, and the bytes must decode
back to an equal tree.  The XML reader must give an :class:`Element` or an
:class:`fastwbxml.XMLViewError`.

Nothing here imports atheris: the checks run without it.
"""
from __future__ import annotations

import pathlib
import xml.etree.ElementTree as ET
import zlib

import fastwbxml
from fastwbxml import _api, tables

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
CODECS = [c for c in (_api.NATIVE, _api.PYTHON) if c is not None]
NATIVE = _api.NATIVE
PYTHON = _api.PYTHON
WBXMLError = fastwbxml.WBXMLError

# small limits, so that fuzzed inputs reach every limit check
SMALL_LIMITS = dict(max_depth=4, max_elements=12, max_string_len=6, max_opaque_len=5,
                    max_input_len=200)


class ContractError(AssertionError):
    """A broken contract: the fuzzer reports it as a crash (an uncaught exception)."""


def _err(exc: WBXMLError, n: int):
    if not isinstance(exc.offset, int) or not 0 <= exc.offset <= n:
        raise ContractError(f"{type(exc).__name__} offset {exc.offset!r} outside 0..{n}: {exc}")
    return (type(exc).__name__, exc.offset, str(exc))


# -- decoder ------------------------------------------------------------------------------
def decode_config(data: bytes) -> dict:
    """The decode options an input is tried with, chosen by its length (deterministic, and
    each option set is reached by inputs of every shape)."""
    k = len(data) % 8
    opts: dict = {}
    if k & 1:
        opts["opaque_memoryview"] = True
    if k & 2:
        opts.update(SMALL_LIMITS)
    if k == 4 or k == 5:
        opts["strict"] = True
    return opts


def _as_input(data: bytes, k: int):
    """The input as bytes, bytearray or memoryview: the three buffer paths of the core."""
    if k % 3 == 1:
        return bytearray(data)
    if k % 3 == 2:
        return memoryview(bytearray(data))
    return data


def doc_outcome(codec, data: bytes, opts: dict, wrap: int = 0):
    n = len(data)
    try:
        doc = codec.loads_document(_as_input(data, wrap), **opts)
    except WBXMLError as exc:
        return _err(exc, n)
    out = codec.dumps(doc)
    if out != data:
        raise ContractError(f"{codec.name}: decoded document re-encodes to different bytes\n"
                            f"in : {data.hex()}\nout: {out.hex()}")
    return ("ok", out)


def fragment_outcome(codec, data: bytes, opts: dict, page: int = 0, wrap: int = 0):
    n = len(data)
    try:
        roots = codec.loads_fragment(_as_input(data, wrap), page=page, **opts)
    except WBXMLError as exc:
        return _err(exc, n)
    out = codec.dumps_fragment(roots, page=page)
    if out != data:
        raise ContractError(f"{codec.name}: decoded fragment re-encodes to different bytes\n"
                            f"in : {data.hex()}\nout: {out.hex()}")
    return ("ok", out)


def events_outcome(codec, data: bytes, opts: dict, skip_mask: int, fragment: bool,
                   wrap: int = 0):
    """iterparse to the end, calling skip() after the start events that *skip_mask* picks
    (bit i%16 of the mask for the i-th start event); the events, then the error if any."""
    n = len(data)
    events = []
    try:
        r = codec.iterparse(_as_input(data, wrap), fragment=fragment, **opts)
        i = 0
        for ev, val in r:
            if ev == "opaque":
                val = bytes(val)
            events.append((ev, val, r.offset, r.depth))
            if not 0 <= r.offset <= n:
                raise ContractError(f"{codec.name}: iterparse offset {r.offset} outside 0..{n}")
            if ev == "start":
                events[-1] += (r.content_bit,)
                if skip_mask >> (i % 16) & 1:
                    r.skip()
                    events.append(("skipped", r.offset, r.depth))
                i += 1
    except WBXMLError as exc:
        events.append(_err(exc, n))
    return events


def check_decode(data: bytes, diff_every: int = 1) -> str:
    """Run every decode path of every codec on *data*; raise ContractError on any breach.
    Returns the document outcome kind ("ok" or the error class name).

    With ``diff_every=N`` > 1 the pure-Python codec is run (and compared) only on the inputs
    whose CRC-32 is a multiple of N: the native paths alone are ~30x faster, for long runs.
    """
    opts = decode_config(data)
    wrap = (len(data) >> 3) % 3
    codecs = CODECS
    if diff_every > 1 and len(CODECS) > 1 and zlib.crc32(data) % diff_every:
        codecs = CODECS[:1]
    doc = [doc_outcome(c, data, opts, wrap) for c in codecs]
    if doc[0] != doc[-1]:
        raise ContractError(f"loads_document differs: native {doc[0]} python {doc[-1]}\n"
                            f"input {data.hex()} options {opts}")
    frag = [fragment_outcome(c, data, opts, 0, wrap) for c in codecs]
    if frag[0] != frag[-1]:
        raise ContractError(f"loads_fragment differs: native {frag[0]} python {frag[-1]}\n"
                            f"input {data.hex()} options {opts}")
    mask = data[-1] if data else 0
    mask |= (data[len(data) // 2] << 8) if len(data) > 1 else 0
    for fragment in (False, True):
        ev = [events_outcome(c, data, opts, mask, fragment, wrap) for c in codecs]
        if ev[0] != ev[-1]:
            raise ContractError(f"iterparse(fragment={fragment}) differs\nnative {ev[0]}\n"
                                f"python {ev[-1]}\ninput {data.hex()} options {opts} "
                                f"skip mask {mask:#x}")
    return doc[0][0]


def check_decode_native(data: bytes) -> None:
    """The native codec alone, lean (no event lists): for long runs.  Same contract: each
    path ends in a tree that re-encodes to *data* or a WBXMLError with an offset in range."""
    N = NATIVE
    n = len(data)
    opts = decode_config(data)
    wrap = (n >> 3) % 3
    inp = _as_input(data, wrap)
    try:
        if N.dumps(N.loads_document(inp, **opts)) != data:
            raise ContractError(f"native document re-encodes differently: {data.hex()}")
    except WBXMLError as exc:
        _err(exc, n)
    try:
        if N.dumps_fragment(N.loads_fragment(inp, **opts)) != data:
            raise ContractError(f"native fragment re-encodes differently: {data.hex()}")
    except WBXMLError as exc:
        _err(exc, n)
    mask = (data[-1] | data[n // 2] << 8) if n else 0
    for fragment in (False, True):
        try:
            r = N.iterparse(inp, fragment=fragment, **opts)
            i = 0
            for ev, _ in r:
                if ev == "start":
                    if mask >> (i & 15) & 1:
                        r.skip()
                    i += 1
                if not 0 <= r.offset <= n:
                    raise ContractError(f"iterparse offset {r.offset} outside 0..{n}")
        except WBXMLError as exc:
            _err(exc, n)


# -- encoder ------------------------------------------------------------------------------
ALL_TAGS = sorted(tables.TAGS)
PAGE_NUMBERS = sorted(tables.PAGES)
RAW_TAGS = sorted(f"{cp.name}:Unknown_0x{tok:02X}" for cp in tables.PAGES.values()
                  for tok in range(0x05, 0x40) if tables.TAG_NAMES[cp.number][tok] is None)
ODD_TAGS = ["AirSync:NoSuchTag", "NoSuchPage:Sync", "", "Sync", "AirSync:Unknown_0x04",
            "AirSync:Unknown_0x40", "AirSync:"]
ODD_STRINGS = ["", "\x00", "a\x00b", "\ud800", "é€😀", "\r\n", "\x01", "\U0010ffff",
               "x" * 300, "ÿ" * 70]


def build_tree(fdp, element_class, budget: int = 60, extra_edges: list | None = None):
    """A tree drawn from an atheris-style FuzzedDataProvider (ConsumeIntInRange,
    ConsumeBool, ConsumeBytes, ConsumeUnicodeNoSurrogates, ConsumeUnicode).

    With a list for *extra_edges*, one more draw may then add an edge that makes it a
    cycle (an element appended to itself or to a descendant) or a DAG (a leaf appended to a
    second parent); the edge, ``(parent, child)``, goes into the list.  The caller removes
    it with :func:`remove_edges` (native elements are not GC-tracked: a cycle left in place
    would leak).
    """
    count = [0]
    nodes: list = []  # (element, the indices of its ancestors in nodes)
    path: list = []

    def tag():
        k = fdp.ConsumeIntInRange(0, 19)
        if k < 16:
            return ALL_TAGS[fdp.ConsumeIntInRange(0, len(ALL_TAGS) - 1)]
        if k < 19:
            return RAW_TAGS[fdp.ConsumeIntInRange(0, len(RAW_TAGS) - 1)]
        return ODD_TAGS[fdp.ConsumeIntInRange(0, len(ODD_TAGS) - 1)]

    def text():
        k = fdp.ConsumeIntInRange(0, 9)
        if k < 4:
            return None
        if k < 6:
            return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
        if k == 6:
            return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 300))
        if k == 7:
            return ODD_STRINGS[fdp.ConsumeIntInRange(0, len(ODD_STRINGS) - 1)]
        if k == 8:
            return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 8))  # may hold surrogates
        return [bytearray(b"ab"), memoryview(b"xyz"), 7, memoryview(b"abcd")[::2]][
            fdp.ConsumeIntInRange(0, 3)]

    def node(depth):
        count[0] += 1
        e = element_class(tag())
        nodes.append((e, tuple(path)))
        path.append(len(nodes) - 1)
        t = text()
        if t is not None:
            e.text = t
        e.content_bit = fdp.ConsumeBool()
        if fdp.ConsumeIntInRange(0, 15) == 0:  # recorded page switches (as a decode keeps)
            pages = tuple(PAGE_NUMBERS[fdp.ConsumeIntInRange(0, len(PAGE_NUMBERS) - 1)]
                          for _ in range(fdp.ConsumeIntInRange(1, 3)))
            e._wire = [(pages, None, None), (None, pages, None),
                       (None, None, pages)][fdp.ConsumeIntInRange(0, 2)]
        if depth < 40 and count[0] < budget:
            for _ in range(fdp.ConsumeIntInRange(0, 4) if depth < 3 else
                           fdp.ConsumeIntInRange(0, 2)):
                if count[0] >= budget:
                    break
                e.append(node(depth + 1))
        path.pop()
        return e

    root = node(0)
    if extra_edges is not None:
        k = fdp.ConsumeIntInRange(0, 7)  # (0 when the input is used up: no extra edge)
        if k >= 6:
            i = fdp.ConsumeIntInRange(0, len(nodes) - 1)
            e, ancestors = nodes[i]
            if k == 7:  # a cycle: e holds itself or one of its ancestors
                j = fdp.ConsumeIntInRange(0, len(ancestors))
                child = e if j == len(ancestors) else nodes[ancestors[j]][0]
            else:       # a DAG: a leaf under a second parent
                leaves = [n for n, _ in nodes if not len(n) and n is not e]
                child = leaves[fdp.ConsumeIntInRange(0, len(leaves) - 1)] if leaves else None
            if child is not None:
                e.append(child)
                extra_edges.append((e, child))
    return root


def makes_cycle(edges: list) -> bool:
    """Whether build_tree's extra edge closed a cycle: its parent is its child or below it
    (a walk that visits each element once)."""
    if not edges:
        return False
    parent, child = edges[0]
    seen, todo = set(), [child]
    while todo:
        e = todo.pop()
        if e is parent:
            return True
        if id(e) not in seen:
            seen.add(id(e))
            todo.extend(e)
    return False


def remove_edges(edges: list) -> None:
    """Undo :func:`build_tree`'s extra edges (each was its parent's last child)."""
    for parent, child in reversed(edges):
        assert parent[-1] is child
        del parent[-1]
    edges.clear()


def check_drawn_tree(fdp, element_class, fragment_page: int | None = None) -> tuple[str, str]:
    """The encode target's step: a tree from *fdp* (with :func:`build_tree`'s extra edge),
    :func:`check_encode` on it, and a cyclic tree must be an EncodeError.  Returns the kind
    (``"ok"`` or ``"EncodeError"``) and the shape (``"tree"``, ``"cycle"`` or ``"shared"``);
    the extra edge is removed again."""
    edges: list = []
    tree = build_tree(fdp, element_class, extra_edges=edges)
    try:
        kind = check_encode(tree, fragment_page)
        shape = "cycle" if makes_cycle(edges) else "shared" if edges else "tree"
        if shape == "cycle" and kind != "EncodeError":
            raise ContractError("a cyclic tree encoded")
        return kind, shape
    finally:
        remove_edges(edges)


def _enc(codec, fn, *args, **kw):
    try:
        return ("ok", getattr(codec, fn)(*args, **kw))
    except fastwbxml.EncodeError as exc:
        if exc.offset is not None:
            raise ContractError(f"EncodeError with an input offset: {exc!r}")
        return ("EncodeError", str(exc), exc.path)


def check_encode(tree, fragment_page: int | None = None) -> str:
    """Encode *tree* with both codecs: same bytes or same EncodeError; bytes decode back to an
    equal tree that re-encodes to the same bytes."""
    if fragment_page is None:
        res = [_enc(c, "dumps", tree) for c in CODECS]
    else:
        res = [_enc(c, "dumps_fragment", [tree], page=fragment_page) for c in CODECS]
    if res[0] != res[-1]:
        raise ContractError(f"encoders differ: native {res[0]!r} python {res[-1]!r} for "
                            f"{tree!r}")
    if res[0][0] != "ok":
        return "EncodeError"
    data = res[0][1]
    for c in CODECS:
        if fragment_page is None:
            back = c.loads_document(data)
            again = c.dumps(back)
            back = back.root
        else:
            roots = c.loads_fragment(data, page=fragment_page)
            if len(roots) != 1:
                raise ContractError(f"{c.name}: one root encoded, {len(roots)} decoded")
            back = roots[0]
            again = c.dumps_fragment(roots, page=fragment_page)
        if again != data:
            raise ContractError(f"{c.name}: re-encoding differs\n{data.hex()}\n{again.hex()}")
        if not _same_tree(tree, back):
            raise ContractError(f"{c.name}: decoded tree differs from the encoded one\n"
                                f"{tree!r}\n{back!r}\n{data.hex()}")
    return "ok"


def _norm_text(t):
    if t is None or isinstance(t, str):
        return t
    return bytes(memoryview(t).cast("B")) if memoryview(t).c_contiguous else t


def _same_tree(a, b) -> bool:
    """Equal as WBXML: tag, content bit, text (opaque of any buffer type as bytes)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x.tag != y.tag or x.content_bit != y.content_bit:
            return False
        tx, ty = _norm_text(x.text), _norm_text(y.text)
        if isinstance(tx, str) and type(tx) is not str:
            tx = str(tx)
        if tx != ty or isinstance(tx, str) != isinstance(ty, str):
            return False
        cx, cy = list(x), list(y)
        if len(cx) != len(cy):
            return False
        stack.extend(zip(cx, cy))
    return True


# -- XML reader ---------------------------------------------------------------------------
def check_xml(data: bytes) -> str:
    """from_xml on arbitrary bytes: an Element or XMLViewError; an Element then encodes the
    same in both codecs (or both refuse it), and what encodes survives XML and WBXML round
    trips."""
    try:
        tree = fastwbxml.from_xml(data)
    except fastwbxml.XMLViewError:
        return "XMLViewError"
    if not isinstance(tree, _api.PYTHON.Element) and not isinstance(
            tree, fastwbxml.element.ELEMENT_TYPES):
        raise ContractError(f"from_xml returned {type(tree).__name__}")
    kind = check_encode(tree)
    if kind == "ok":
        text = fastwbxml.to_xml(tree)
        again = fastwbxml.from_xml(text)
        if again != tree:
            raise ContractError(f"to_xml/from_xml round trip differs\n{text}")
        ET.fromstring(fastwbxml.to_xml(tree, indent=None))  # well-formed
    return kind


def seeds(target: str, corpus: bool = True) -> list[bytes]:
    """The seed inputs of *target*: the committed corpus (unless ``corpus=False``), then the
    project's fixtures and the shared vectors (when present)."""
    out: list[bytes] = []
    corpus_dir = HERE / "corpus" / target
    if corpus and corpus_dir.is_dir():
        out += [p.read_bytes() for p in sorted(corpus_dir.iterdir()) if p.is_file()]
    fixtures = sorted((REPO / "tests" / "fixtures").glob("*.xml"))
    if target == "xml":
        out += [p.read_bytes() for p in fixtures]
        return out
    if target == "decode":
        out += [fastwbxml.dumps(fastwbxml.from_xml(p.read_bytes())) for p in fixtures]
        vectors = REPO.parent / "shared" / "vectors"
        if vectors.is_dir():
            for p in sorted(vectors.glob("*/*.wbxml")):
                out.append(p.read_bytes())
            for p in sorted(vectors.glob("hex/*.hex")):
                out.append(bytes.fromhex(p.read_text()))
            tsv = vectors / "malformed.tsv"
            if tsv.is_file():
                for line in tsv.read_text().splitlines():
                    cols = line.split("\t")
                    if len(cols) > 1 and not line.startswith("#"):
                        try:
                            out.append(bytes.fromhex(cols[1]))
                        except ValueError:
                            pass
    return out
