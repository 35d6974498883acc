"""The XML view: readable, namespaced and lossless both ways."""
import pytest

import fastwbxml
from fastwbxml import Element, XMLViewError, from_xml, to_xml


def test_readable_namespaced_output():
    root = Element("AirSync:Sync", None, [Element("AirSync:Collections", None, [
        Element("Calendar:Subject", "Tea & <cake>"), Element("AirSyncBase:Body", None, [
            Element("AirSyncBase:Type", "1")])])])
    x = to_xml(root)
    assert x.startswith('<Sync xmlns="AirSync:" xmlns:calendar="POOMCAL:" '
                        'xmlns:airsyncbase="AirSyncBase:">\n')
    assert "  <Collections>\n" in x
    assert "<calendar:Subject>Tea &amp; &lt;cake&gt;</calendar:Subject>" in x
    assert "wbxml" not in x
    assert from_xml(x) == root
    assert from_xml(to_xml(root, indent=None)) == root


@pytest.mark.parametrize("elem,marker", [
    (Element("AirSync:Status"), None),
    (Element("AirSync:Status", content_bit=True), "empty"),
    (Element("AirSync:Status", ""), "string"),
    (Element("AirSync:Status", b""), "opaque"),
    (Element("AirSync:Status", b"\x00\xffMIME"), "opaque"),
    (Element("AirSync:Status", "\x01\x01"), "base64"),
    (Element("AirSync:Status", "a\x0bb"), "base64"),
    (Element("AirSync:Status", "\ufffe"), "base64"),
    (Element("AirSync:Status", "CR\r\nLF"), None),
    (Element("AirSync:Status", "  spaced  \n"), None),
    (Element("AirSync:Status", "é€😀"), None),
])
def test_markers_and_lossless(elem, marker):
    root = Element("AirSync:Sync", None, [elem])
    x = to_xml(root)
    if marker:
        assert f'wbxml:content="{marker}"' in x
        assert 'xmlns:wbxml="urn:fastwbxml"' in x
    else:
        assert "wbxml:content" not in x
    back = from_xml(x)
    assert back == root
    assert fastwbxml.dumps(back) == fastwbxml.dumps(root)


def test_cr_is_written_as_char_ref():
    x = to_xml(Element("Email:Subject", "a\r\nb"))
    assert "a&#13;\nb" in x


def test_hand_written_xml():
    x = """<?xml version="1.0" encoding="utf-8"?>
    <MeetingResponse xmlns="MeetingResponse:">
      <Request>
        <UserResponse>1</UserResponse>
        <CollectionId>6</CollectionId>
        <RequestId>6:17</RequestId>
      </Request>
    </MeetingResponse>"""
    root = from_xml(x)
    assert root.find("Request/RequestId").text == "6:17"
    assert fastwbxml.loads(fastwbxml.dumps(root)) == root


@pytest.mark.parametrize("x,match", [
    ("<Sync/>", "no namespace"),
    ('<Sync xmlns="Nope:"/>', "unknown namespace"),
    ('<Sync xmlns="AirSync:">text<Add/></Sync>', "mixed"),
    ('<Sync xmlns="AirSync:"><Add/>tail</Sync>', "mixed"),
    ('<Sync xmlns="AirSync:" a="1"/>', "attribute"),
    ('<Sync xmlns="AirSync:" xmlns:w="urn:fastwbxml" w:content="opaque">!!</Sync>', "base64"),
    ('<Sync xmlns="AirSync:" xmlns:w="urn:fastwbxml" w:content="what"/>', "unknown"),
    ('<Sync xmlns="AirSync:"', "well-formed"),
])
def test_from_xml_errors(x, match):
    with pytest.raises(XMLViewError, match=match):
        from_xml(x)


def test_unknown_tag_name_in_xml_is_refused_at_encode():
    root = from_xml('<Sync xmlns="AirSync:"><Bogus/></Sync>')
    with pytest.raises(fastwbxml.EncodeError, match="Bogus"):
        fastwbxml.dumps(root)


def test_raw_nodes_in_xml():
    root = fastwbxml.loads(b"\x03\x01\x6a\x00\x45\x7f\x03x\x00\x01\x01")
    x = to_xml(root)
    assert "<Unknown_0x3F>x</Unknown_0x3F>" in x
    assert fastwbxml.dumps(from_xml(x)) == fastwbxml.dumps(root)


@pytest.mark.parametrize("xmlns,top,leaf,page", [
    ("AirSync", "Sync", "SyncKey", "AirSync"),   # [MS-ASCMD]'s examples: page name, no colon
    ("AirSync:", "Sync", "SyncKey", "AirSync"),  # EAS's own XML namespace
    ("Calendar", "Attendees", "Attendee", "Calendar"),  # page name; EAS's namespace is POOMCAL:
    ("Calendar:", "Attendees", "Attendee", "Calendar"),
    ("POOMCAL:", "Attendees", "Attendee", "Calendar"),
    ("Email", "Attachments", "Attachment", "Email"),
    ("MeetingResponse", "MeetingResponse", "Request", "MeetingResponse"),
])
def test_from_xml_accepts_a_page_name_as_namespace(xmlns, top, leaf, page):
    root = from_xml(f'<{top} xmlns="{xmlns}"><{leaf}>1</{leaf}></{top}>')
    assert (root.tag, root[0].tag) == (f"{page}:{top}", f"{page}:{leaf}")
    assert fastwbxml.loads(fastwbxml.dumps(root)) == root


def test_from_xml_page_name_without_colon_encodes_like_the_eas_namespace():
    a = from_xml('<Sync xmlns="AirSync" xmlns:c="Calendar"><c:Subject>x</c:Subject></Sync>')
    b = from_xml('<Sync xmlns="AirSync:" xmlns:c="POOMCAL:"><c:Subject>x</c:Subject></Sync>')
    assert a == b
    assert fastwbxml.dumps(a) == bytes.fromhex("03016a00") + b"\x45\x00\x04\x66\x03x\x00\x01\x01"
