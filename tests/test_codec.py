"""Decoder and encoder behaviour, for every implementation (the `codec` fixture)."""
import pytest

import fastwbxml
from fastwbxml import Element, SubElement, errors

H = b"\x03\x01\x6a\x00"


def mr_request_tree():
    root = Element("MeetingResponse:MeetingResponse")
    req = SubElement(root, "Request")
    SubElement(req, "UserResponse", "1")
    SubElement(req, "CollectionId", "6")
    SubElement(req, "RequestId", "6:17")
    return root


MR_BYTES = (H + b"\x00\x08"            # SWITCH_PAGE MeetingResponse
            + b"\x47"                  # <MeetingResponse>
            + b"\x49"                  # <Request>
            + b"\x4c\x03" + b"1" + b"\x00\x01"     # <UserResponse>1</...>
            + b"\x46\x03" + b"6" + b"\x00\x01"     # <CollectionId>6</...>
            + b"\x48\x03" + b"6:17" + b"\x00\x01"  # <RequestId>6:17</...>
            + b"\x01\x01")


def test_meeting_response_bytes_by_hand(codec):
    assert codec.dumps(mr_request_tree()) == MR_BYTES
    assert codec.loads(MR_BYTES) == mr_request_tree()


def test_three_kinds_of_empty_are_distinct(codec):
    variants = {
        "none": Element("AirSync:Status"),
        "content_bit": Element("AirSync:Status", content_bit=True),
        "empty_string": Element("AirSync:Status", ""),
        "empty_opaque": Element("AirSync:Status", b""),
    }
    encoded = {}
    for k, e in variants.items():
        root = Element("AirSync:Sync", None, [e])
        encoded[k] = codec.dumps(root)
        back = codec.loads(encoded[k])
        assert back == root
        assert back[0].text == e.text and type(back[0].text) is type(e.text)
        assert back[0].content_bit == e.content_bit
    assert encoded["none"].endswith(b"\x45\x0e\x01")
    assert encoded["content_bit"].endswith(b"\x45\x4e\x01\x01")
    assert encoded["empty_string"].endswith(b"\x45\x4e\x03\x00\x01\x01")
    assert encoded["empty_opaque"].endswith(b"\x45\x4e\xc3\x00\x01\x01")
    assert len(set(encoded.values())) == 4
    assert len({repr(codec.loads(v)[0]) for v in encoded.values()}) == 4


@pytest.mark.parametrize("text", ["a\r\nb", "\r", "\n\n", "\t x \t", "\x01\x1f\x7f", "é€😀 日本",
                                  "\u2028\ufeff", "x" * 10000])
def test_strings_survive_exactly(codec, text):
    root = Element("Email:Subject", text)
    back = codec.loads(codec.dumps(root))
    assert back.text == text and type(back.text) is str


def test_opaque_is_bytes_never_str(codec):
    root = Element("ComposeMail:SendMail", None, [Element("ComposeMail:Mime", b"\x00\x01abc\xff")])
    data = codec.dumps(root)
    back = codec.loads(data)
    assert back[0].text == b"\x00\x01abc\xff" and type(back[0].text) is bytes
    assert back[0].is_opaque
    mv = codec.loads(data, opaque_memoryview=True)[0].text
    assert isinstance(mv, memoryview) and mv.tobytes() == b"\x00\x01abc\xff"
    assert mv.obj is data  # a slice of the caller's buffer, not a copy
    assert codec.dumps(codec.loads(data, opaque_memoryview=True)) == data


def test_opaque_length_multibyte(codec):
    blob = bytes(range(256)) * 600  # 153600 bytes: a 3-byte mb_u_int32 length
    data = codec.dumps(Element("ComposeMail:Mime", blob))
    assert data[4:] .startswith(b"\x00\x15\x50\xc3\x89\xb0\x00")
    assert codec.loads(data).text == blob


def test_accepts_bytes_like_input(codec):
    for buf in (MR_BYTES, bytearray(MR_BYTES), memoryview(MR_BYTES)):
        assert codec.loads(buf) == mr_request_tree()


def test_encoder_accepts_buffer_objects(codec):
    import array
    a = array.array("B", b"hello")
    for opaque in (b"hello", bytearray(b"hello"), memoryview(b"hello"), a):
        assert codec.loads(codec.dumps(Element("ComposeMail:Mime", opaque))).text == b"hello"


def test_unknown_token_is_a_raw_node(codec):
    data = H + b"\x45\x7f\x03x\x00\x01\x3e\x01"
    root = codec.loads(data)
    assert [c.tag for c in root] == ["AirSync:Unknown_0x3F", "AirSync:Unknown_0x3E"]
    assert codec.dumps(root) == data
    with pytest.raises(errors.UnknownTagError) as info:
        codec.loads(data, strict=True)
    assert info.value.offset == 5


def test_raw_tag_for_known_token_refused(codec):
    with pytest.raises(errors.EncodeError, match="AirSync:Sync"):
        codec.dumps(Element("AirSync:Unknown_0x05"))


@pytest.mark.parametrize("tree,match", [
    (Element("AirSync:NoSuchTag"), "unknown tag"),
    (Element("Nope:Sync"), "unknown code page"),
    (Element("Sync"), "no code page prefix"),
    (Element("AirSync:Sync", "a\x00b"), "NUL"),
    (Element("AirSync:Sync", 42), "int"),
    (Element("AirSync:Sync", "\ud800"), "UTF-8"),
    (Element("AirSync:Sync", None, [Element("AirSync:Add", None, [Element("X:Y")])]), "AirSync:Sync/AirSync:Add"),
])
def test_encode_refuses(codec, tree, match):
    with pytest.raises(errors.EncodeError, match=match) as info:
        codec.dumps(tree)
    assert info.value.offset is None


def test_encode_refuses_mixed_content_and_non_elements(codec):
    e = Element("AirSync:Sync", "text", [Element("AirSync:Add")])
    with pytest.raises(errors.EncodeError, match="both text and children"):
        codec.dumps(e)
    with pytest.raises(errors.EncodeError):
        codec.dumps(Element("AirSync:Sync", None, ["not an element"]))
    with pytest.raises(errors.EncodeError):
        codec.dumps("AirSync:Sync")


@pytest.mark.parametrize("data,cls,offset", [
    (b"", errors.TruncatedError, 0),
    (b"\x03", errors.TruncatedError, 1),
    (b"\x03\x01\x6a", errors.TruncatedError, 3),
    (H, errors.StructureError, 4),
    (b"\x00\x01\x6a\x00\x45\x01", errors.HeaderError, 0),
    (b"\x04\x01\x6a\x00\x45\x01", errors.HeaderError, 0),
    (b"\x03\x01\x04\x00\x45\x01", errors.HeaderError, 2),
    (b"\x03\x01\x6a\x05ab", errors.TruncatedError, 3),
    (H + b"\x45", errors.TruncatedError, 5),
    (H + b"\x01", errors.StructureError, 4),
    (H + b"\x05\x05", errors.StructureError, 5),
    (H + b"\x03a\x00", errors.StructureError, 4),
    (H + b"\x00", errors.TruncatedError, 4),
    (H + b"\x00\x1a\x45\x01", errors.UnknownCodePageError, 4),
    (H + b"\x45\x02\x41\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x45\x04\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x45\x40\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x45\x43\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x45\x80\x00\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x45\x83\x00\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x45\xc4\x01", errors.UnsupportedTokenError, 5),
    (H + b"\x85\x01", errors.UnsupportedTokenError, 4),
    (H + b"\x45\x4b\x03a\x00\x03b\x00\x01\x01", errors.StructureError, 9),
    (H + b"\x45\x4b\x03a\x00\xc3\x01b\x01\x01", errors.StructureError, 9),
    (H + b"\x45\x4b\x0c\x03a\x00\x01\x01", errors.StructureError, 7),
    (H + b"\x45\x4b\x03a\x00\x0c\x01\x01", errors.StructureError, 9),
    (H + b"\x45\x4b\x03a\xc3\xa9\xff\x00\x01\x01", errors.InvalidStringError, 10),
    (H + b"\x45\x4b\x03\xed\xa0\x80\x00\x01\x01", errors.InvalidStringError, 7),
    (H + b"\x45\x4b\xc3\x80\x80\x80\x80\x80\x00\x01\x01", errors.MbUInt32Error, 7),
    (H + b"\x45\x4b\xc3\x90\x80\x80\x80\x00\x01\x01", errors.MbUInt32Error, 7),
    (H + b"\x45\x4b\xc3\x8f\xff\xff\xff\x7f\x01\x01", errors.TruncatedError, 6),
    (H + b"\x45\x01\x00\x00", errors.StructureError, 6),
    (H + b"\x45\x00\x00\x01\x00\x00", errors.StructureError, 8),
])
def test_decode_errors(codec, data, cls, offset):
    with pytest.raises(cls) as info:
        codec.loads(data)
    assert info.value.offset == offset, str(info.value)
    assert isinstance(info.value, fastwbxml.WBXMLError)
    assert str(offset) in str(info.value)


def test_limits(codec):
    deep = H + b"\x45" * 300 + b"\x01" * 300
    with pytest.raises(errors.LimitError, match="max_depth") as info:
        codec.loads(deep)
    assert info.value.offset == 4 + 256
    assert codec.loads(deep, max_depth=300).tag == "AirSync:Sync"
    many = H + b"\x45" + b"\x0e" * 100 + b"\x01"
    with pytest.raises(errors.LimitError, match="max_elements") as info:
        codec.loads(many, max_elements=50)
    assert info.value.offset == 4 + 50
    assert len(codec.loads(many, max_elements=101)) == 100
    s = H + b"\x4e\x03" + b"x" * 100 + b"\x00\x01"
    with pytest.raises(errors.LimitError, match="max_string_len"):
        codec.loads(s, max_string_len=99)
    assert codec.loads(s, max_string_len=100).text == "x" * 100
    o = H + b"\x4e\xc3\x64" + b"x" * 100 + b"\x01"
    with pytest.raises(errors.LimitError, match="max_opaque_len"):
        codec.loads(o, max_opaque_len=99)
    assert codec.loads(o, max_opaque_len=100).text == b"x" * 100
    with pytest.raises(errors.LimitError, match="max_input_len") as info:
        codec.loads(o, max_input_len=len(o) - 1)
    assert info.value.offset == len(o) - 1
    assert codec.loads(o, max_input_len=len(o)).text == b"x" * 100


def test_deep_trees_encode_without_recursion_limits(codec):
    from fastwbxml.testing import deep_tree
    root = deep_tree(5000)
    data = codec.dumps(root)
    assert codec.loads(data, max_depth=5000) == root


def _cycles():
    """Trees that hold themselves: each would encode forever."""
    own = Element("AirSync:Sync")
    own.append(own)
    a, b, c = Element("AirSync:Collections"), Element("AirSync:Collection"), Element("AirSync:Commands")
    a.append(b)
    b.append(c)
    c.append(Element("AirSync:Status", "1"))
    c.append(a)
    deep_loop = deep_tree_of(200)
    deep_loop[150].append(deep_loop[1])  # a cycle found past the check depth
    return {"self": own, "three": a, "deep": deep_loop[0]}


def deep_tree_of(n):
    chain = [Element("AirSync:Collection") for _ in range(n)]
    for parent, child in zip(chain, chain[1:]):
        parent.append(child)
    return chain


@pytest.mark.parametrize("name", ["self", "three", "deep"])
def test_encode_refuses_cycles(codec, name):
    root = _cycles()[name]
    with pytest.raises(errors.EncodeError, match="cycle") as info:
        codec.dumps(root)
    assert info.value.offset is None and info.value.path.startswith(root.tag)
    with pytest.raises(errors.EncodeError, match="cycle"):
        codec.dumps_fragment([Element("AirSync:Sync"), root])
    with pytest.raises(errors.EncodeError, match="cycle"):
        codec.dumps(fastwbxml.Document(fastwbxml.EAS_HEADER, root))


def test_encode_cycle_check_spares_shared_subtrees(codec):
    """The same element twice, but never its own ancestor (a DAG), deep and shallow: it is
    written twice; and deep trees still encode (the check runs past depth 64 only)."""
    chain = deep_tree_of(100)
    shared = Element("AirSync:Commands", None, [Element("AirSync:Status", "1")])
    chain[-1].append(shared)
    chain[-1].append(shared)
    chain[80].append(shared)
    chain[2].append(shared)
    data = codec.dumps(chain[0])
    back = codec.loads(data)
    assert back == codec.loads(codec.dumps(back))
    assert data.count(codec.dumps_fragment(shared)) == 4
    for n in (63, 64, 65, 66, 300):
        root = deep_tree_of(n)[0]
        assert codec.loads(codec.dumps(root), max_depth=n) == root


def test_header_document(codec):
    data = b"\x02\x05\x6a\x04abc\x00\x45\x01"
    with pytest.raises(errors.HeaderError):
        codec.loads(data)
    doc = codec.loads_document(data)
    assert doc.header == fastwbxml.Header(version=2, public_id=5, charset=106,
                                          string_table=b"abc\x00")
    assert doc.root.tag == "AirSync:Sync"
    assert codec.dumps(doc) == data
    # public id given as a string-table reference
    data = b"\x03\x00\x00\x6a\x0a-//WAP//X\x00\x45\x01"
    doc = codec.loads_document(data)
    assert doc.header.public_id == 0 and doc.header.public_id_string == "-//WAP//X"
    assert codec.dumps(doc) == data
    with pytest.raises(errors.HeaderError):
        codec.loads_document(b"\x03\x00\x09\x6a\x02a\x00\x45\x01")


def test_fragments(codec):
    frag = b"\x0b\x00\x04\x4c\x03x\x00\x01"  # <AirSync:SyncKey/> then SWITCH 4, <Calendar:..>x
    roots = codec.loads_fragment(frag)
    assert [r.tag for r in roots][0] == "AirSync:SyncKey"
    assert roots[1].tag.startswith("Calendar:") and roots[1].text == "x"
    assert codec.dumps_fragment(roots) == frag
    assert codec.loads_fragment(b"") == []
    roots = codec.loads_fragment(b"\x4c\x03x\x00\x01", page=4)
    assert roots[0].tag.startswith("Calendar:")
    assert codec.dumps_fragment(roots, page=4) == b"\x4c\x03x\x00\x01"
    with pytest.raises(errors.UnknownCodePageError):
        codec.loads_fragment(b"\x45\x01", page=99)
    with pytest.raises(errors.StructureError):
        codec.loads_fragment(b"\x0b\x01")


def test_redundant_page_switches_round_trip(codec):
    cases = [
        H + b"\x00\x00\x45\x01",                      # switch to the current page
        H + b"\x00\x01\x00\x00\x45\x01",              # two switches in a row
        H + b"\x45\x00\x01\x01",                      # switch before END
        H + b"\x45\x4b\x00\x02\x03a\x00\x01\x01",     # switch before STR_I
        H + b"\x45\x4b\x00\x02\xc3\x01a\x01\x01",     # switch before OPAQUE
    ]
    for data in cases:
        root = codec.loads(data)
        assert codec.dumps(root) == data, data
        # logically the same as the canonical tree
        assert root == fastwbxml.from_xml(fastwbxml.to_xml(root))


def test_iterparse_events(codec):
    data = codec.dumps(Element("AirSync:Sync", None, [
        Element("AirSync:SyncKey", "1"), Element("AirSync:GetChanges"),
        Element("AirSync:Status", content_bit=True), Element("ComposeMail:Mime", b"ab")]))
    r = codec.iterparse(data)
    events = []
    for ev, val in r:
        events.append((ev, val, r.content_bit if ev == "start" else None))
    assert events == [
        ("start", "AirSync:Sync", True),
        ("start", "AirSync:SyncKey", True), ("text", "1", None), ("end", "AirSync:SyncKey", None),
        ("start", "AirSync:GetChanges", False), ("end", "AirSync:GetChanges", None),
        ("start", "AirSync:Status", True), ("end", "AirSync:Status", None),
        ("start", "ComposeMail:Mime", True), ("opaque", b"ab", None),
        ("end", "ComposeMail:Mime", None),
        ("end", "AirSync:Sync", None),
    ]


def test_iterparse_skip(codec):
    root = Element("AirSync:Sync", None, [
        Element("AirSync:Collections", None, [Element("AirSync:Collection", None, [
            Element("AirSync:SyncKey", "1"), Element("AirSync:Commands", None, [
                Element("AirSync:Add", None, [Element("AirSync:ServerId", "x")])])])]),
        Element("AirSync:Limit", "9")])
    r = codec.iterparse(codec.dumps(root))
    seen = []
    for ev, val in r:
        seen.append((ev, val))
        if ev == "start" and val == "AirSync:Collections":
            r.skip()
            assert r.depth == 1
    assert seen == [("start", "AirSync:Sync"), ("start", "AirSync:Collections"),
                    ("start", "AirSync:Limit"), ("text", "9"), ("end", "AirSync:Limit"),
                    ("end", "AirSync:Sync")]


def test_iterparse_reports_errors_at_the_right_offset(codec):
    data = H + b"\x45\x4b\x03a\x00\x01\x02"
    r = codec.iterparse(data)
    assert next(r) == ("start", "AirSync:Sync")
    assert next(r) == ("start", "AirSync:SyncKey")
    assert next(r) == ("text", "a")
    assert next(r) == ("end", "AirSync:SyncKey")
    with pytest.raises(errors.UnsupportedTokenError) as info:
        next(r)
    assert info.value.offset == 10
    with pytest.raises(errors.TruncatedError):
        list(codec.iterparse(H + b"\x45\x4b"))


def test_iterparse_fragment(codec):
    frag = b"\x0b\x00\x04\x4c\x03x\x00\x01"
    evs = list(codec.iterparse(frag, fragment=True))
    assert evs[0] == ("start", "AirSync:SyncKey") and evs[-1][0] == "end" and len(evs) == 5


def test_errors_are_picklable_and_keep_offset():
    import pickle
    e = errors.TruncatedError("x", 5)
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is errors.TruncatedError and e2.offset == 5 and str(e2) == str(e)


@pytest.mark.parametrize("tail", [b"\x01", b"\x45\x01", b"\x00"])
def test_iterparse_skip_of_the_root_refuses_trailing_bytes(codec, tail):
    """skip() over the root checks what follows it, as a full decode does: the error comes
    from skip() itself, at the first trailing byte (the tree decoder's StructureError)."""
    body = H + b"\x45\x4b\x03" + b"1\x00\x01\x01"      # <Sync><SyncKey>1</SyncKey></Sync>
    with pytest.raises(errors.StructureError) as full:
        codec.loads(body + tail)
    r = codec.iterparse(body + tail)
    assert next(r) == ("start", "AirSync:Sync")
    with pytest.raises(errors.StructureError) as info:
        r.skip()
    assert info.value.offset == len(body) == full.value.offset
    assert str(info.value) == str(full.value)
    # without the tail, skip() of the root ends the stream cleanly
    r = codec.iterparse(body)
    next(r)
    r.skip()
    assert list(r) == []
