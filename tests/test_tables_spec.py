"""Table metadata against the specifications and the peer tables (issue 10, items 13-15).

Expected values come from the cited sections, not from the table files; the notes are read
from the files because they are the record of the evidence."""
from __future__ import annotations

import os
import sys

import pytest

import fastwbxml
from fastwbxml import tables

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import gen_tables  # noqa: E402

TABLE_DIR = os.path.join(ROOT, "wbxml_tables")


def _note(page_name: str, tag: str) -> str:
    """The note column of *tag*'s row in the page file (the text after the 5 columns)."""
    for fname in os.listdir(TABLE_DIR):
        if fname.endswith(f"_{page_name}.txt"):
            with open(os.path.join(TABLE_DIR, fname), encoding="utf-8") as f:
                for line in f:
                    fields = line.split("#", 1)[0].split(None, 5)
                    if len(fields) >= 5 and fields[0].lower().startswith("0x") and fields[1] == tag:
                        return fields[5].strip() if len(fields) > 5 else ""
    raise LookupError((page_name, tag))


def _header(page_name: str) -> str:
    for fname in os.listdir(TABLE_DIR):
        if fname.endswith(f"_{page_name}.txt"):
            with open(os.path.join(TABLE_DIR, fname), encoding="utf-8") as f:
                return "".join(l for l in f if l.startswith("#"))
    raise LookupError(page_name)


# -- item 13 ----------------------------------------------------------------------------------
BYTE_ARRAYS = [   # (tag, the section that types it as a byte array)
    ("GAL:Data", "[MS-ASCMD] 2.2.3.39.1"),
    ("ResolveRecipients:Data", "[MS-ASCMD] 2.2.3.39.3"),
    ("Email2:ConversationIndex", "[MS-ASCON] 2.2.2.4"),
    ("Email2:ConversationId", "[MS-ASCON] 2.2.2.3.3"),
    ("ItemOperations:ConversationId", "[MS-ASCON] 2.2.2.3.1"),
    ("AirSyncBase:Content", "[MS-ASAIRS] Content"),
    ("ComposeMail:Mime", "[MS-ASCMD] 2.2.3.109"),
]


@pytest.mark.parametrize("tag,section", BYTE_ARRAYS)
def test_byte_array_elements_are_opaque_ms_asdtype_2_7_1(tag, section):
    """[MS-ASDTYPE] 2.7.1: "Elements with a byte array structure MUST be encoded and
    transmitted as [WBXML1.2] opaque data." """
    assert tables.tag_info(tag).kind == "opaque", (tag, section)


def test_byte_array_notes_no_longer_say_text():
    for page, tag in (("GAL", "Data"), ("ResolveRecipients", "Data")):
        note = _note(page, tag)
        assert "as text" not in note and "OPAQUE" in note
    assert '-> "any"' not in _header("Email2")


# -- item 14 ----------------------------------------------------------------------------------
CALENDAR_2_5 = [(0x2B, "Attachment"), (0x2C, "Attachments"), (0x2D, "AttName"),
                (0x2E, "AttSize"), (0x2F, "AttOid"), (0x30, "AttMethod"),
                (0x31, "AttRemoved"), (0x32, "DisplayName")]


@pytest.mark.parametrize("token,name", CALENDAR_2_5)
def test_calendar_2b_32_defined_2_5_only(token, name):
    """Calendar 0x2B-0x32: Exchange's tables and every peer table (Z-Push, grommunio-sync,
    Horde, TbSync, Android) define them; [MS-ASCAL] does not, so 2.5 only, with a note."""
    info = tables.tag_info("Calendar:" + name)
    assert (info.page, info.token, info.since, info.until) == (4, token, "2.5", "2.5")
    assert tables.exists_in("Calendar:" + name, "2.5")
    assert not tables.exists_in("Calendar:" + name, "12.0")
    assert "[MS-ASCAL]" in _note("Calendar", name)


def test_calendar_2b_32_traffic_decodes_to_names():
    """A 2.5 calendar item with an attachment list decodes to names (not Unknown_0x..),
    and re-encodes to the same bytes, in both implementations."""
    # Sync > Collections > Collection > Commands > Add > ApplicationData > calendar:Attachments
    body = bytes([0x03, 0x01, 0x6A, 0x00,
                  0x45, 0x5C, 0x4F, 0x56, 0x47, 0x5D,          # Sync Collections Collection Commands Add ApplicationData
                  0x00, 0x04,                                  # SWITCH_PAGE 4 (Calendar)
                  0x6C, 0x6B,                                  # Attachments, Attachment
                  0x6D, 0x03]) + b"a.txt\x00" + bytes([0x01,   # AttName "a.txt"
                  0x6E, 0x03]) + b"12\x00" + bytes([0x01,      # AttSize "12"
                  0x72, 0x03]) + b"A\x00" + bytes([0x01,       # DisplayName "A"
                  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01])
    from fastwbxml import _decode_py
    for loads in (fastwbxml.loads, _decode_py.loads):     # the native core and the oracle
        names = [e.tag for e in loads(body, strict=True).iter()]
        assert "Calendar:AttName" in names and "Calendar:DisplayName" in names
        assert not [n for n in names if "Unknown" in n]
    assert fastwbxml.dumps(fastwbxml.loads(body, strict=True)) == body


def test_windowslive_0x11_extension_type():
    """WindowsLive 0x11 ExtensionType, from Exchange's server table."""
    info = tables.tag_info("WindowsLive:ExtensionType")
    assert (info.page, info.token) == (254, 0x11)
    assert "Exchange server table" in _note("WindowsLive", "ExtensionType")


# -- item 15 ----------------------------------------------------------------------------------
def test_rights_management_0x18_alternate_spelling_noted():
    assert "RemoveRightsManagementDistribution" in _note("RightsManagement",
                                                         "RemoveRightsManagementProtection")


def test_calendar_0x3c_series_master_id_noted():
    assert tables.tag_info("Calendar:ClientUid").token == 0x3C
    assert "SeriesMasterId" in _note("Calendar", "ClientUid")


def test_send_response_may_be_empty():
    """[MS-ASCMD] 2.2.3.163: every child of SendResponse is optional, so it may be sent
    empty; the note says so and the bindings write and read it."""
    assert "may be empty" in _note("MeetingResponse", "SendResponse")
    from fastwbxml.eas import (MeetingResponse, MeetingResponseRequest, SendResponse,
                               UserResponse)
    msg = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1",
        send_response=SendResponse())])
    root = fastwbxml.loads(msg.to_wbxml("16.0"))
    empty = root.find("Request/SendResponse")
    assert empty is not None and len(empty) == 0 and empty.text is None
    assert MeetingResponse.from_wbxml(msg.to_wbxml("16.0")) == msg


@pytest.mark.parametrize("tag", ["GetItemEstimate:Version", "GetItemEstimate:DateTime"])
def test_getitemestimate_version_datetime_settled_12_1_ms_aswbxml(tag):
    """[MS-ASWBXML] code page 6 footnote: "The Version tag is supported only when the
    MS-ASProtocolVersion header is set to 12.1" (the same for DateTime); the note records
    the evidence."""
    info = tables.tag_info(tag)
    assert (info.since, info.until) == ("12.1", "12.1")
    assert [v for v in gen_tables.VERSIONS if tables.exists_in(tag, v)] == ["12.1"]
    assert "12.1" in _note("GetItemEstimate", tag.split(":")[1])
    assert "unverified" not in _header("GetItemEstimate") + _note("GetItemEstimate",
                                                                  tag.split(":")[1])
