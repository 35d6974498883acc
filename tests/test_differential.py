"""Differential tests: the native core (``fastwbxml._core``) against the pure-Python reference.

For random trees, random bytes, random token streams and mutations of real messages, both
implementations must give the same outcome: equal trees (including text types and the
recorded page switches ``_wire``) and equal ``dumps`` bytes, or the same exception class,
offset and message.  The event streams of ``iterparse`` (with random ``skip()`` calls) must
be equal event for event, with the same ``offset``, ``depth`` and ``content_bit``.
"""
from __future__ import annotations

import array
import pathlib
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import fastwbxml
from fastwbxml import _api, element, tables

from fastwbxml import testing as S

PY = _api.PYTHON
NA = _api.NATIVE
if NA is None:
    pytest.skip("the native core is not available: fastwbxml._core is not built (pip install -e "
                ". builds it) or FASTWBXML_PUREPYTHON is set", allow_module_level=True)

VECTORS = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "vectors"
SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])
PAGES = sorted(tables.PAGES)
HEADER = b"\x03\x01\x6a\x00"


# ------------------------------------------------------------------------------------------
# comparing outcomes
def snapshot(e):
    """Everything about a tree, as nested tuples (iterative: trees may be deep)."""
    def node(x):
        t = x.text
        if t is not None and not isinstance(t, str):
            t = (type(t).__name__, bytes(t))
        return [x.tag, t, x._cb, x._wire, x.content_bit, []]

    top = node(e)
    order = [top]
    stack = [(e, top)]
    while stack:
        x, out = stack.pop()
        for c in x._children or ():
            n = node(c)
            out[5].append(n)
            order.append(n)
            stack.append((c, n))
    for n in reversed(order):  # lists to tuples, children first
        n[5] = tuple(tuple(c) for c in n[5])
    return tuple(top)


def result_of(value):
    if isinstance(value, fastwbxml.Element) or isinstance(value, element.PyElement):
        return ("tree", snapshot(value))
    if isinstance(value, list):
        return ("roots", tuple(snapshot(e) for e in value))
    if isinstance(value, tuple) and hasattr(value, "header"):  # Document
        return ("document", value.header, snapshot(value.root))
    return ("value", value)


def outcome(fn, *args, **kwargs):
    try:
        return result_of(fn(*args, **kwargs))
    except fastwbxml.WBXMLError as exc:
        return ("error", type(exc), exc.offset, exc.path, str(exc))
    except Exception as exc:  # noqa: BLE001 - whatever it is, both must agree
        return ("exception", type(exc), str(exc))


def same(name, *args, **kwargs):
    """Call entry point *name* of both codecs; assert the same outcome; return it."""
    a = outcome(getattr(PY, name), *args, **kwargs)
    b = outcome(getattr(NA, name), *args, **kwargs)
    assert a == b, (name, args[:1], kwargs)
    return a


def events(codec, data, skips=(), **options):
    """The event stream as a list of (event, value, offset, depth, content_bit); an error
    ends it.  ``skips``: for the n-th start event, whether to call skip() after it."""
    out = []
    try:
        reader = codec.iterparse(data, **options)
        out.append(("header", reader.header, reader.offset))
        n = 0
        for ev, value in reader:
            if isinstance(value, memoryview):
                value = ("memoryview", bytes(value))
            out.append((ev, value, reader.offset, reader.depth, reader.content_bit))
            if ev == "start":
                if n < len(skips) and skips[n]:
                    reader.skip()
                    out.append(("skipped", reader.offset, reader.depth))
                n += 1
    except fastwbxml.WBXMLError as exc:
        out.append(("error", type(exc), exc.offset, str(exc)))
    return out


def same_events(data, skips=(), **options):
    a = events(PY, data, skips, **options)
    b = events(NA, data, skips, **options)
    assert a == b
    return a


def check_bytes(data, *, fragment=False, page=0, exact=False, **options):
    """Decode *data* with both; compare trees, re-encodings and event streams.  With
    *exact*, what decodes must re-encode to *data* (not so for any input: an mb_u_int32
    with leading 0x80 bytes is read, and written back in its shortest form)."""
    enc = None
    if fragment:
        res = same("loads_fragment", data, page=page, **options)
        if res[0] == "roots":
            roots = PY.loads_fragment(data, page=page, **options)
            enc = same("dumps_fragment", roots, page=page)
    else:
        res = same("loads_document", data, **options)
        same("loads", data, **options)
        if res[0] == "document":
            doc = NA.loads_document(data, **options)
            enc = same("dumps", doc)
    if exact:
        assert enc == ("value", bytes(data))
    same_events(data, fragment=fragment, page=page, **options)
    return res


# ------------------------------------------------------------------------------------------
# random trees
@SETTINGS
@given(S.trees(any_content=True, unknown_tokens=True))
def test_random_trees(root):
    enc = same("dumps", root)
    assert enc[0] == "value"
    data = enc[1]
    res = check_bytes(data, exact=True)
    assert res[0] == "document" and NA.loads(data) == root == PY.loads(data)
    check_bytes(data, opaque_memoryview=True)
    check_bytes(data, strict=True)
    # the body as a fragment, on the root's page
    body = same("dumps_fragment", [root, root], page=0)[1]
    check_bytes(body, fragment=True, page=0)


@SETTINGS
@given(S.trees(any_content=True, unknown_tokens=True), st.lists(st.booleans(), max_size=30))
def test_random_skips(root, skips):
    data = PY.dumps(root)
    same_events(data, skips)
    same_events(data, skips, opaque_memoryview=True)


@SETTINGS
@given(S.trees(any_content=True, unknown_tokens=True, max_depth=3, max_children=4), st.integers(0, 12), st.integers(0, 40), st.integers(-1, 30),
       st.integers(-1, 70), st.integers(-1, 400))
def test_limits(root, depth, elements, string_len, opaque_len, input_len):
    data = PY.dumps(root)
    opts = dict(max_depth=depth, max_elements=elements, max_string_len=string_len,
                max_opaque_len=opaque_len, max_input_len=input_len)
    check_bytes(data, **opts)
    same_events(data, [True, False, True], **opts)


@pytest.mark.parametrize("bad", ["x", None, -1.5, 2.0])
@pytest.mark.parametrize("which", ["max_depth", "max_elements", "max_string_len",
                                   "max_opaque_len", "max_input_len"])
@pytest.mark.parametrize("data", [b"", b"\x03\x01", b"\x03\x01\x6a\x00\x45\x01"])
def test_a_limit_that_is_not_an_integer(data, which, bad):
    """Both cores refuse it first, with the same TypeError, before reading the input."""
    outcomes = []
    for codec in (PY, NA):
        for run in (lambda: codec.loads(data, **{which: bad}),
                    lambda: list(codec.iterparse(data, **{which: bad}))):
            with pytest.raises(TypeError) as info:
                run()
            outcomes.append(str(info.value))
    assert len(set(outcomes)) == 1, outcomes


def test_huge_limits():
    data = PY.dumps(fastwbxml.Element("AirSync:Sync", "x"))
    for v in (2**70, -2**70, 0, True):
        check_bytes(data, max_depth=v, max_elements=v, max_string_len=v, max_opaque_len=v,
                    max_input_len=v)


# ------------------------------------------------------------------------------------------
# random token streams: page switches anywhere (the _wire records), unknown tokens, errors
TOKEN = st.one_of(
    st.tuples(st.just("switch"), st.sampled_from(PAGES + [0x40, 0xFF])),
    st.tuples(st.just("tag"), st.integers(0x05, 0x3F), st.booleans()),
    st.tuples(st.just("str"), st.binary(max_size=6)),
    st.tuples(st.just("opaque"), st.binary(max_size=6)),
    st.tuples(st.just("end")),
    st.tuples(st.just("byte"), st.integers(0, 255)),
)


def assemble(tokens) -> bytes:
    out = bytearray()
    for t in tokens:
        if t[0] == "switch":
            out += bytes((0, t[1]))
        elif t[0] == "tag":
            out.append(t[1] | (0x40 if t[2] else 0))
        elif t[0] == "str":
            out += b"\x03" + t[1].replace(b"\0", b"") + b"\0"
        elif t[0] == "opaque":
            out += b"\xc3" + bytes((len(t[1]),)) + t[1]
        elif t[0] == "end":
            out.append(1)
        else:
            out.append(t[1])
    return bytes(out)


def balanced_tokens():
    """Mostly well-formed streams: switches between every token, content closed by END."""
    @st.composite
    def build(draw):
        toks = []
        depth = 0
        opened_root = False
        for _ in range(draw(st.integers(1, 25))):
            while draw(st.integers(0, 3)) == 0:
                toks.append(("switch", draw(st.sampled_from(PAGES))))
            choice = draw(st.integers(0, 3))
            if depth and choice == 0:
                toks.append(("end",))
                depth -= 1
                if depth == 0:
                    break
            elif depth and choice == 1:
                kind = draw(st.sampled_from(["str", "opaque"]))
                toks.append((kind, draw(st.binary(max_size=5))))
                while draw(st.integers(0, 3)) == 0:
                    toks.append(("switch", draw(st.sampled_from(PAGES))))
                toks.append(("end",))
                depth -= 1
                if depth == 0:
                    break
            else:
                if opened_root and depth == 0:
                    break
                content = draw(st.booleans())
                toks.append(("tag", draw(st.integers(0x05, 0x3F)), content))
                opened_root = True
                if content:
                    depth += 1
        while depth:
            while draw(st.integers(0, 3)) == 0:
                toks.append(("switch", draw(st.sampled_from(PAGES))))
            toks.append(("end",))
            depth -= 1
        return toks
    return build()


@SETTINGS
@given(balanced_tokens())
def test_page_switch_records(tokens):
    data = HEADER + assemble(tokens)
    res = check_bytes(data)
    check_bytes(data, strict=True)
    check_bytes(assemble(tokens), fragment=True, page=0)
    if res[0] == "document":  # what decodes re-encodes to the same bytes, switches and all
        assert PY.dumps(NA.loads(data)) == NA.dumps(PY.loads(data)) == data


@SETTINGS
@given(st.lists(TOKEN, max_size=30), st.booleans(), st.sampled_from(PAGES))
def test_random_token_streams(tokens, fragment, page):
    body = assemble(tokens)
    if fragment:
        check_bytes(body, fragment=True, page=page)
    else:
        check_bytes(HEADER + body)


@SETTINGS
@given(st.binary(max_size=80))
def test_random_bytes(data):
    check_bytes(data)
    check_bytes(HEADER + data)
    check_bytes(data, fragment=True, page=data[0] % 30 if data else 0)


@SETTINGS
@given(S.hostile_messages())
def test_hostile_messages(data):
    """fastwbxml.testing's hostile input: truncations, mutations, malformed shapes."""
    check_bytes(data)


# ------------------------------------------------------------------------------------------
# mutations of real messages
def real_messages():
    E = fastwbxml.Element
    mr = E("MeetingResponse:MeetingResponse", None, [E("MeetingResponse:Request", None, [
        E("MeetingResponse:UserResponse", "1"), E("MeetingResponse:CollectionId", "5"),
        E("MeetingResponse:RequestId", "7:3"), E("MeetingResponse:InstanceId", "")])])
    mail = E("ComposeMail:SendMail", None, [E("ComposeMail:ClientId", "c1"),
                                            E("ComposeMail:SaveInSentItems"),
                                            E("ComposeMail:Mime", b"From: a\r\n\r\nhi\x00")])
    msgs = {
        "meetingresponse": (PY.dumps(mr), False),
        # redundant page switches before a tag, before text and before END (the _wire)
        "sync_wire": (HEADER + bytes.fromhex("00004500004b000003310000000101"), False),
        "sendmail": (PY.dumps(mail), False),
    }
    if VECTORS.is_dir():
        for p in sorted((VECTORS / "captures").glob("*.wbxml")):
            msgs[p.stem] = (p.read_bytes(), False)
        for p in sorted((VECTORS / "fragments").glob("*.wbxml")):
            msgs[p.stem] = (p.read_bytes(), True)
        for p in sorted((VECTORS / "hex").glob("*.hex")):
            msgs[p.stem] = (bytes.fromhex(p.read_text()), False)
    return msgs


MESSAGES = real_messages()


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        kind = rng.randrange(6)
        i = rng.randrange(len(b)) if b else 0
        if kind == 0 and b:
            b[i] ^= 1 << rng.randrange(8)
        elif kind == 1:
            b.insert(i, rng.randrange(256))
        elif kind == 2 and b:
            del b[i:i + rng.choice((1, 1, 2, 5))]
        elif kind == 3:
            del b[rng.randrange(len(b) + 1):]
        elif kind == 4 and b:
            b[i] = rng.choice((0x00, 0x01, 0x03, 0xC3, 0x83, 0x40, 0x7F, 0x80, 0xFF))
        elif b:
            j = rng.randrange(len(b))
            b[i:i] = b[j:j + rng.randrange(1, 8)]  # duplicate a run
    return bytes(b)


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_real_messages_and_mutations(name):
    data, fragment = MESSAGES[name]
    res = check_bytes(data, fragment=fragment, exact=True)
    assert res[0] in ("document", "roots"), res
    check_bytes(data, fragment=fragment, opaque_memoryview=True, strict=True)
    rng = random.Random(f"differential:{name}")
    for _ in range(400):
        m = mutate(data, rng)
        check_bytes(m, fragment=fragment)
        skips = [rng.random() < 0.3 for _ in range(20)]
        same_events(m, skips, fragment=fragment)
    # a few option mixes
    for depth in (1, 3):
        check_bytes(data, fragment=fragment, max_depth=depth, max_elements=10)


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_truncation_with_skips(name):
    data, fragment = MESSAGES[name]
    rng = random.Random(name)
    for n in range(0, len(data), max(1, len(data) // 300)):
        same_events(data[:n], [rng.random() < 0.5 for _ in range(10)], fragment=fragment)


# ------------------------------------------------------------------------------------------
# inputs of every buffer type
@pytest.mark.parametrize("name", ["meetingresponse", "sendmail", "sync_wire"])
def test_buffer_types(name):
    data, fragment = MESSAGES[name]
    variants = [bytearray(data), memoryview(data), memoryview(b"xx" + data + b"yy")[2:-2],
                array.array("B", data), memoryview(bytes(x for b in data for x in (b, 0)))[::2]]
    for v in variants:
        for mv in (False, True):
            assert outcome(NA.loads_document, v, opaque_memoryview=mv) == \
                outcome(PY.loads_document, v, opaque_memoryview=mv)
            assert events(NA, v, opaque_memoryview=mv) == events(PY, v, opaque_memoryview=mv)
    # memoryview content is a view of the input, not a copy
    big = HEADER + b"\x00\x15\x47\x4b\xc3\x84\x80\x00" + b"m" * 65536 + b"\x01\x01"
    for codec in (PY, NA):
        text = codec.loads(big, opaque_memoryview=True)[0].text
        assert isinstance(text, memoryview) and text.obj is big and len(text) == 65536


# ------------------------------------------------------------------------------------------
# the encoder on trees it must refuse (and on odd but valid ones)
class Str(str):
    def __str__(self):
        return "plain"


def odd_trees():
    E = fastwbxml.Element
    P = element.PyElement
    two_d = memoryview(b"abcdef").cast("B", (2, 3))
    wired = E("AirSync:Sync", "x")
    wired._wire = ((0, 0), (5,), (1, 2))
    bad_wire = E("AirSync:Sync")
    bad_wire._wire = ((4,), None, None)
    return {
        "unknown tag": E("AirSync:Nope"),
        "no page": E("Sync"),
        "unknown page": E("Nope:Sync"),
        "raw known": E("AirSync:Unknown_0x05"),
        "raw": E("AirSync:Unknown_0x3F", "1"),
        "tag not str": E(5),
        "nul": E("AirSync:Sync", "a\0b"),
        "surrogate": E("AirSync:Sync", "a\ud800b"),
        "nul and surrogate": E("AirSync:Sync", "\0\ud800"),
        "int text": E("AirSync:Sync", 5),
        "mixed": E("AirSync:Sync", "x", [E("AirSync:Status")]),
        "str subclass": E("AirSync:Sync", Str("sub")),
        "bytearray": E("AirSync:Sync", bytearray(b"ab\0")),
        "array": E("AirSync:Sync", array.array("H", [1, 2, 3])),
        "2d": E("AirSync:Sync", two_d),
        "strided": E("AirSync:Sync", memoryview(b"abcdef")[::2]),
        "child not element": E("AirSync:Sync", None, [E("AirSync:Status"), "x"]),
        "deep bad child": E("AirSync:Sync", None, [E("AirSync:Collections", None,
                                                      [E("AirSync:Collection", None, [3])])]),
        "python element children": E("AirSync:Sync", None, [P("Email:Subject", "é€😀"),
                                                           P("AirSync:Status", content_bit=True)]),
        "python element root": P("AirSync:Sync", None, [E("Calendar:Location", b"\x00\xff")]),
        "wire": wired,
        "bad wire": bad_wire,
        "latin1": E("Email:Subject", "Zoë ÿ"),
        "astral": E("Email:Subject", "😀x€"),
        "none child": E("AirSync:Sync", None, [E("AirSync:Status"), None, E("AirSync:Class")]),
        "tuple children": _with_children(E("AirSync:Sync"), (E("AirSync:Status"),)),
        "cycle": _cycle(E, 1, 0),
        "cycle mixed classes": _cycle(P, 3, 0, E),
        "cycle deep": _cycle(E, 130, 70),
        "shared deep": _shared(E, 90),
        # found by the encode fuzzer: a text leaf at the check depth must not start the
        # check earlier in one codec than in the other (the error paths differed by one)
        **{f"cycle below text leaf {n}": _cycle_below_leaf(E, n) for n in (1, 2, 7)},
    }


def _cycle_below_leaf(cls, n):
    root = cur = cls("AirSync:Collection")
    for _ in range(n):
        cur.append(cls("AirSync:Collection"))
        cur = cur[-1]
    cur.append(cls("AirSync:Status", "1"))
    root.append(root)
    return root


def _cycle(cls, n, back, other=None):
    """A chain of *n* elements whose last one holds element *back* of the chain again;
    alternating with class *other* when given."""
    chain = [(other if other is not None and i % 2 else cls)("AirSync:Collection")
             for i in range(n)]
    for parent, child in zip(chain, chain[1:]):
        parent.append(child)
    chain[-1].append(chain[back])
    return chain[0]


def _shared(cls, n):
    """One element under many parents (never its own ancestor), deep and shallow."""
    chain = [cls("AirSync:Collection") for _ in range(n)]
    for parent, child in zip(chain, chain[1:]):
        parent.append(child)
    shared = cls("AirSync:Commands", None, [cls("AirSync:Status", "1")])
    for i in (1, 70, n - 1, n - 1):
        chain[i].append(shared)
    return chain[0]


def _with_children(e, kids):
    try:
        e._children = kids
    except TypeError:  # the native node's _children is a list (or None)
        e._children = list(kids)
    return e


@pytest.mark.parametrize("name", sorted(odd_trees()))
def test_encoder_edge_cases(name):
    tree = odd_trees()[name]
    same("dumps", tree)
    same("dumps_fragment", [tree, tree], page=1)
    same("dumps_fragment", tree, page=4)


def test_encoder_argument_errors():
    e = fastwbxml.Element("AirSync:Sync")
    for bad in (None, 5, "x", [e]):
        same("dumps", bad)
    same("dumps_fragment", [e], page=99)
    same("dumps_fragment", [e, 3])
    same("dumps_fragment", 5)
    doc = fastwbxml.Document(fastwbxml.Header(version=1), e)
    same("dumps", doc)
    same("dumps", fastwbxml.Document(fastwbxml.Header(charset=4), e))
    same("dumps", fastwbxml.Document("nope", e))


@SETTINGS
@given(S.trees(any_content=True, unknown_tokens=True, max_depth=3, max_children=3))
def test_cross_class_trees(root):
    """A tree of pure-Python nodes encodes the same through both encoders, and compares
    equal to the native tree decoded from those bytes."""
    def to_py(e):
        p = element.PyElement(e.tag, e.text, [to_py(c) for c in e], content_bit=e._cb)
        p._wire = e._wire
        return p
    py_root = to_py(root)
    assert same("dumps", py_root) == same("dumps", root)
    assert NA.loads(NA.dumps(py_root)) == py_root
    assert py_root == NA.loads(NA.dumps(py_root))


def test_decode_argument_errors():
    for bad in (None, 5, "text", [1, 2]):
        same("loads", bad)
        same("loads_document", bad)
        same("loads_fragment", bad)
    same("loads_fragment", b"\x45\x01", page=99)
    same("loads_fragment", b"\x45\x01", page=-1)
    same("loads", HEADER + b"\x45\x01", bogus=1)
    same("loads", b"")
    same("loads", b"\x02\x01\x6a\x00\x45\x01")       # another header: HeaderError first
    same("loads_document", b"\x02\x01\x6a\x00\x45\x01")
    same("loads_document", b"\x03\x00\x02\x6a\x03ab\x00\x45\x01")
