"""The seed scenario's messages, written as this project's own XML fixtures."""
import pytest

import fastwbxml

from .conftest import FIXTURES

ALL = sorted(FIXTURES.glob("*.xml"))


def load(name):
    return fastwbxml.from_xml((FIXTURES / name).read_bytes())


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_fixture_round_trips(codec, path):
    root = fastwbxml.from_xml(path.read_bytes())
    data = codec.dumps(root)
    assert data.startswith(b"\x03\x01\x6a\x00")
    back = codec.loads(data, strict=True)
    assert back == root
    assert codec.dumps(back) == data
    assert fastwbxml.from_xml(fastwbxml.to_xml(back)) == root


def test_meeting_response_request_bytes(codec):
    from .test_codec import MR_BYTES
    assert codec.dumps(load("meeting_response_request.xml")) == MR_BYTES


def test_calendar_sync_add_and_delete(codec):
    root = codec.loads(codec.dumps(load("calendar_sync_add_delete.xml")))
    cmds = root.find("Collections/Collection/Commands")
    assert [c.name for c in cmds] == ["Add", "Delete"]
    app = cmds.find("Add/ApplicationData")
    assert app.findtext("Calendar:Attendees/Attendee/AttendeeStatus") == "3"
    assert app.findtext("Calendar:Location") == "Room 4\r\nBuilding B"
    assert app.findtext("AirSyncBase:Body/Data") == "Agenda:\r\n1. Numbers\r\n2. Plans"
    assert app.findtext("Calendar:Subject") == "Quarterly review – Zürich"
    assert cmds.findtext("Delete/ServerId") == "2:8"


def test_inbox_meeting_request(codec):
    root = codec.loads(codec.dumps(load("inbox_sync_meeting_request.xml")))
    app = root.find(".//ApplicationData")
    assert app.findtext("Email:MessageClass") == "IPM.Schedule.Meeting.Request"
    mr = app.find("Email:MeetingRequest")
    assert mr.findtext("ResponseRequested") == "1"
    assert mr.findtext("Email2:MeetingMessageType") == "1"
    assert app.find("Email:Flag").text is None and not app.find("Email:Flag").content_bit
    conv = app.find("Email2:ConversationId")
    assert isinstance(conv.text, bytes) and len(conv.text) == 16


def test_sendmail_mime_is_opaque(codec):
    data = codec.dumps(load("sendmail_mime.xml"))
    root = codec.loads(data)
    mime = root.find("Mime")
    assert isinstance(mime.text, bytes) and b"\r\nMETHOD:REPLY\r\n" in mime.text
    assert b"\xc3" in data  # OPAQUE token
