"""Real EAS WBXML written by others (../shared/vectors): decode, re-encode byte-exactly,
and the documented outcome for every malformed case."""
import pytest

import fastwbxml
from fastwbxml import errors

from .conftest import VECTORS, hexfile, vectors_dir

CAPTURES = sorted((VECTORS / "captures").glob("*.wbxml")) if VECTORS.is_dir() else []
FRAGMENTS = sorted((VECTORS / "fragments").glob("*.wbxml")) if VECTORS.is_dir() else []
HEXES = sorted((VECTORS / "hex").glob("*.hex")) if VECTORS.is_dir() else []


def test_vectors_present_or_skip():
    d = vectors_dir()
    assert len(list((d / "captures").glob("*.wbxml"))) >= 16


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_capture_round_trip(codec, path):
    data = path.read_bytes()
    root = codec.loads(data, strict=True)
    assert codec.dumps(root) == data
    # and through the XML view
    assert codec.dumps(fastwbxml.from_xml(fastwbxml.to_xml(root))) == data


@pytest.mark.parametrize("path", FRAGMENTS, ids=lambda p: p.name)
def test_fragment_round_trip(codec, path):
    data = path.read_bytes()
    roots = codec.loads_fragment(data, strict=True)
    assert roots
    assert codec.dumps_fragment(roots) == data


@pytest.mark.parametrize("path", HEXES, ids=lambda p: p.name)
def test_hex_round_trip(codec, path):
    data = hexfile(path)
    root = codec.loads(data, strict=True)
    assert codec.dumps(root) == data


def test_spec_section3_example_structure(codec):
    data = hexfile(vectors_dir() / "hex" / "ms_aswbxml_sec3_contact_sync.hex")
    root = codec.loads(data)
    assert root.tag == "AirSync:Sync"
    coll = root.find("Collections/Collection")
    assert [c.tag for c in coll] == ["AirSync:Class", "AirSync:SyncKey", "AirSync:CollectionId",
                                     "AirSync:Status", "AirSync:Commands"]
    assert coll.findtext("Class") == "Contacts"
    assert coll.findtext("SyncKey") == "2"
    add = coll.find("Commands/Add")
    assert add.findtext("ServerId") == "2:1"
    app = add.find("ApplicationData")
    assert [c.tag for c in app] == ["AirSyncBase:Body", "Contacts:FileAs", "Contacts:FirstName",
                                    "Contacts:LastName", "AirSyncBase:NativeBodyType"]
    assert app.findtext("AirSyncBase:Body/Type") == "1"
    assert app.findtext("AirSyncBase:Body/Truncated") == "1"
    assert app.findtext("Contacts:FileAs") == "Funk, Don"


def test_tbsync_page_switch_before_end_is_kept(codec):
    """TbSync writes SWITCH_PAGE before END tokens; the tree records it to re-encode."""
    data = hexfile(vectors_dir() / "hex" / "tbsync_eas167_getitemestimate_req.hex")
    root = codec.loads(data)
    assert root.tag == "GetItemEstimate:GetItemEstimate"
    assert root.findtext("Collections/Collection/AirSync:SyncKey") == "1070194280"
    assert codec.dumps(root) == data
    # a tree built from scratch encodes canonically (no extra switches)
    clean = fastwbxml.from_xml(fastwbxml.to_xml(root))
    assert clean == root
    assert len(codec.dumps(clean)) == len(data) - 2


def test_zpush_ios16_empty_location(codec):
    data = hexfile(vectors_dir() / "hex" / "zpush99_ios16_calendar_add.hex")
    root = codec.loads(data, strict=True)
    loc = root.find(".//AirSyncBase:Location")
    assert loc is not None and loc.text is None and len(loc) == 0
    assert root.find(".//Calendar:ClientUid") is not None


# name -> (error class or None for success, offset)
MALFORMED = {
    "aosp_unsupported_global_EXT_2": (errors.UnsupportedTokenError, 6),
    "aosp_unknown_codepage_64": (errors.UnknownCodePageError, 5),
    "aosp_unknown_tag_0x3F": (None, None),
    "aosp_text": (None, None),
    "aosp_empty_no_content": (None, None),
    "aosp_empty_with_content_bit": (None, None),
    "aosp_opaque_where_text": (None, None),
    "aosp_opaque": (None, None),
    "aosp_malformed_text": (errors.UnknownCodePageError, 10),
    "aosp_runon_mb_u_int32_6bytes": (errors.MbUInt32Error, 7),
    "aosp_attribute_bit": (errors.UnsupportedTokenError, 5),
    "opaque_len_exceeds_buffer": (errors.TruncatedError, 8),
    "trunc_mb_u_int32": (errors.TruncatedError, 9),
    "unknown_page_99": (errors.UnknownCodePageError, 4),
    "extra_END_after_root": (errors.StructureError, 8),
    "missing_END": (errors.TruncatedError, 12),
    "unterminated_STR_I": (errors.TruncatedError, 8),
    "invalid_utf8_STR_I": (errors.InvalidStringError, 9),
    "STR_T_with_strtbl": (errors.HeaderError, 0),
    "mb_u_int32_overflow": (errors.MbUInt32Error, 9),
    "samsung_s2_categories_fragment": (errors.UnknownCodePageError, 8),
}


def malformed_rows():
    if not VECTORS.is_dir():
        return []
    rows = []
    for line in (VECTORS / "malformed.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, hx, expected, _source = line.split("\t")
        rows.append((name, bytes.fromhex(hx), expected))
    return rows


def test_every_malformed_case_has_an_outcome():
    names = [r[0] for r in malformed_rows()] or pytest.skip("shared vectors absent")
    assert sorted(names) == sorted(MALFORMED)


@pytest.mark.parametrize("name,data,expected", malformed_rows(), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_malformed(codec, name, data, expected):
    cls, offset = MALFORMED[name]
    if name.startswith("samsung"):  # a header-less Contacts fragment
        call = lambda: codec.loads_fragment(data, page=1)  # noqa: E731
    else:
        call = lambda: codec.loads(data)  # noqa: E731
    if cls is None:
        root = call()
        assert codec.dumps(root) == data  # accepted cases re-encode exactly
        return
    with pytest.raises(cls) as info:
        call()
    assert isinstance(info.value, fastwbxml.WBXMLError)
    assert info.value.offset == offset, str(info.value)
    assert f"offset {offset}" in str(info.value)


def test_malformed_accepted_values(codec):
    rows = {n: d for n, d, _ in malformed_rows()} or pytest.skip("shared vectors absent")
    assert codec.loads(rows["aosp_text"])[0].text == "DF"
    e = codec.loads(rows["aosp_empty_no_content"])[0]
    assert e.text is None and not e.content_bit
    e = codec.loads(rows["aosp_empty_with_content_bit"])[0]
    assert e.text is None and e.content_bit and len(e) == 0
    e = codec.loads(rows["aosp_opaque"])[0]
    assert e.text == b"\x11\x22\x33" and isinstance(e.text, bytes)
    e = codec.loads(rows["aosp_opaque_where_text"])[0]
    assert e.tag == "AirSync:SyncKey" and e.text == b"\x11\x22\x33"
    e = codec.loads(rows["aosp_unknown_tag_0x3F"])[0]
    assert e.tag == "AirSync:Unknown_0x3F" and e.text == "1"
    with pytest.raises(fastwbxml.UnknownTagError) as info:
        codec.loads(rows["aosp_unknown_tag_0x3F"], strict=True)
    assert info.value.offset == 5
    # STR_T with a string table: a non-EAS header; loads_document reads the header and
    # then rejects STR_T itself
    with pytest.raises(fastwbxml.UnsupportedTokenError) as info:
        codec.loads_document(rows["STR_T_with_strtbl"])
    assert info.value.offset == 12
