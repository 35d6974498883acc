"""Input real servers send: SOGo's order and compact times, horde's fragment, and
elements the bindings do not model (kept, not dropped)."""
import datetime as dt
import pathlib

import pytest

import fastwbxml
from fastwbxml import Element
from fastwbxml.eas import (EASParseError, Email, MeetingDetails, MeetingRequest,
                           MeetingResponseResponse, MeetingResponseStatus, Retry,
                           SyncResponse, classify_application_data)

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "shared" / "vectors"
UTC = dt.timezone.utc


def test_sogo_result_order_requestid_calendarid_status():
    xml = ('<MeetingResponse xmlns="MeetingResponse:"><Result><RequestId>5:1</RequestId>'
           '<CalendarId>2:9</CalendarId><Status>1</Status></Result></MeetingResponse>')
    resp = MeetingResponseResponse.from_wbxml(fastwbxml.dumps(fastwbxml.from_xml(xml)))
    (r,) = resp.results
    assert (r.request_id, r.calendar_id, r.status) == ("5:1", "2:9", MeetingResponseStatus.SUCCESS)
    assert resp.result_for("5:1") is r


def _details(xml_children: str) -> MeetingDetails:
    xml = f'<MeetingRequest xmlns="POOMMAIL:">{xml_children}</MeetingRequest>'
    return MeetingDetails.from_element(fastwbxml.from_xml(xml))


def test_compact_and_extended_times_and_response_requested_0():
    d = _details("<StartTime>20110510T170000Z</StartTime>"
                 "<EndTime>2012-06-08T17:30:00.000Z</EndTime>"
                 "<ResponseRequested>0</ResponseRequested>")
    assert d.start_time == dt.datetime(2011, 5, 10, 17, tzinfo=UTC)
    assert d.end_time == dt.datetime(2012, 6, 8, 17, 30, tzinfo=UTC)
    assert d.response_requested is False and not d.needs_response


def test_bad_values_raise_typed_errors():
    with pytest.raises(EASParseError, match="StartTime|date"):
        _details("<StartTime>tomorrow</StartTime>")
    with pytest.raises(EASParseError, match="Sensitivity"):
        _details("<Sensitivity>9</Sensitivity>")
    with pytest.raises(EASParseError, match="twice"):
        _details("<Organizer>a</Organizer><Organizer>b</Organizer>")
    with pytest.raises(EASParseError, match="MeetingResponse:MeetingResponse"):
        MeetingResponseResponse.from_wbxml(fastwbxml.dumps(Element("AirSync:Sync")))


def test_unknown_status_is_kept_as_a_pseudo_member():
    s = MeetingResponseStatus(180)
    assert s == 180 and s.name == "UNKNOWN_180" and s.retry is Retry.NO
    assert MeetingResponseStatus(104).retry is Retry.FIX_REQUEST
    assert "InstanceId" in MeetingResponseStatus(146).meaning
    assert MeetingResponseStatus(3).retry is Retry.RETRY_THEN_RESYNC


def test_unknown_elements_are_kept_in_extra_and_written_back():
    xml = ('<Sync xmlns="AirSync:" xmlns:email="POOMMAIL:"><Collections><Collection>'
           '<SyncKey>1</SyncKey><CollectionId>5</CollectionId><Commands><Add>'
           '<ServerId>5:2</ServerId><ApplicationData><email:Subject>hi</email:Subject>'
           '<email:Flag><email:Status>2</email:Status></email:Flag>'
           '</ApplicationData></Add></Commands></Collection></Collections></Sync>')
    wire = fastwbxml.dumps(fastwbxml.from_xml(xml))
    sync = SyncResponse.from_wbxml(wire)
    item = sync.collections[0].adds[0].data
    assert isinstance(item, Email) and item.subject == "hi"
    assert [e.tag for e in item.extra] == ["Email:Flag"]
    assert sync.to_wbxml("14.1") == wire


def test_application_data_of_other_classes_stays_an_element():
    elem = Element("AirSync:ApplicationData",
                   children=[Element("Contacts:FileAs", "Bob"), Element("Contacts:Email1Address", "b@x")])
    data = classify_application_data(elem)
    assert isinstance(data, Element) and data == elem


def test_horde_meeting_request_fragment():
    path = VECTORS / "fragments" / "horde-meeting_request_one.wbxml"
    if not path.is_file():
        pytest.skip(f"shared vectors not present at {VECTORS}")
    children = fastwbxml.loads_fragment(path.read_bytes())
    d = MeetingDetails.from_children(children)
    assert d.start_time == dt.datetime(2012, 6, 8, 17, 30, tzinfo=UTC)
    assert d.organizer == "mikerubinsky@gmail.com"
    assert d.response_requested is True and d.location == "Philadelphia,PA"
    assert d.ical_uid == "03au89vlc3j4k1l48j1t8eftvs@google.com"
    assert d.timezone.bias == 0 and d.local_start_time.utcoffset() == dt.timedelta(0)
    # and it writes back to the same elements, in the same order
    assert d.to_children("14.1") == children
    wrapped = MeetingRequest(subject="x", meeting=d)
    assert MeetingRequest.from_element(wrapped.element("AirSync:ApplicationData", "14.1")) == wrapped
