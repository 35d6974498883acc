"""The flow's messages: built from objects, compared with the codec's encoding of the
documented XML, and read back; then the whole flow driven through MeetingResponseFlow."""
import email
import email.policy

import pytest

import fastwbxml
from fastwbxml.eas import (Action, AttendeeStatus, CalendarEvent, MeetingDecision,
                           MeetingRequest, MeetingResponse, MeetingResponseFlow,
                           MeetingResponseResponse, MeetingResponseResult,
                           MeetingResponseStatus, SendMail, SyncResponse, UserResponse)

from . import seed

icalendar = pytest.importorskip("icalendar")


def documented(xml: str) -> bytes:
    return fastwbxml.dumps(fastwbxml.from_xml(xml))


@pytest.mark.parametrize("name", sorted(seed.PAIRS))
def test_object_encodes_to_documented_bytes(name):
    xml, obj = seed.PAIRS[name]
    assert obj.to_wbxml(seed.VERSION) == documented(xml)


@pytest.mark.parametrize("name", sorted(seed.PAIRS))
def test_documented_bytes_read_back(name):
    xml, obj = seed.PAIRS[name]
    assert type(obj).from_wbxml(documented(xml)) == obj


def test_inbox_sync_types_the_meeting_request():
    sync = SyncResponse.from_wbxml(documented(seed.MEETING_REQUEST_XML))
    item = sync.collections[0].adds[0].data
    assert isinstance(item, MeetingRequest) and item.is_request
    assert item.uid == seed.UID
    assert item.meeting.needs_response
    local = item.meeting.local_start_time
    assert (local.hour, local.utcoffset().total_seconds()) == (13, -4 * 3600)  # EDT in May


def test_foldersync_finds_inbox_and_calendar():
    fs = type(seed.FOLDERSYNC).from_wbxml(documented(seed.FOLDERSYNC_XML))
    assert (fs.inbox.server_id, fs.calendar.server_id) == ("5", "2")


def test_calendar_sync_add_replaces_placeholder_with_same_uid():
    col = SyncResponse.from_wbxml(documented(seed.CAL_SYNC_XML)).collections[0]
    (add,), (delete,) = col.adds, col.deletes
    assert isinstance(add.data, CalendarEvent) and add.data.uid == seed.MEETING.uid
    assert add.server_id == seed.MR_RESPONSE.results[0].calendar_id
    assert delete.server_id == "2:1" and delete.data is None


def test_organizer_sees_reply_and_attendee_status():
    inbox = SyncResponse.from_wbxml(documented(seed.REPLY_MAIL_XML))
    reply = inbox.collections[0].adds[0].data
    assert reply.meeting_response is UserResponse.ACCEPTED
    assert reply.uid == seed.UID
    cal = SyncResponse.from_wbxml(documented(seed.STATUS_CHANGE_XML))
    event = cal.collections[0].changes[0].data
    bob = event.attendee("BOB@contoso.com")
    assert bob.status is AttendeeStatus.ACCEPT == UserResponse.ACCEPTED.attendee_status == 3


def _flow(version, response=UserResponse.ACCEPTED, meeting=seed.MEETING, **kw):
    return MeetingResponseFlow(meeting, MeetingDecision(response, comment=kw.pop("comment", None)),
                               version, collection_id="5", request_id="5:1",
                               attendee='"Bob" <bob@contoso.com>', client_id="reply-5-1",
                               placeholder_id="2:1", dtstamp=seed.STAMP, **kw)


def test_flow_14_1_client_sends_reply_after_status_1():
    flow = _flow("14.1")
    assert flow.plan() == ["MeetingResponse", "SendMail", "Sync"]
    step = flow.start()
    assert step.action is Action.SEND
    assert step.messages[0].to_wbxml("14.1") == documented(seed.MR_REQUEST_XML)

    step = flow.on_meeting_response(documented(seed.MR_RESPONSE_XML))
    assert step.action is Action.SEND_REPLY_MAIL and step.status is MeetingResponseStatus.SUCCESS
    sendmail = step.messages[0].message
    assert isinstance(sendmail, SendMail)
    wire = step.messages[0].to_wbxml("14.1")
    assert wire == documented(seed.sendmail_xml(sendmail.mime))
    assert SendMail.from_wbxml(wire) == sendmail
    assert fastwbxml.loads(wire).find("Mime").is_opaque

    mail = email.message_from_bytes(sendmail.mime, policy=email.policy.default)
    assert mail["Subject"] == "Accepted: Project sync"
    assert mail["To"].addresses[0].addr_spec == "alice@contoso.com"
    part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REPLY"
    cal = icalendar.Calendar.from_ical(part.get_content())
    ev = cal.walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "REPLY" and str(ev["UID"]) == seed.UID
    assert ev["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"

    step = flow.on_send_mail(b"")
    assert step.action is Action.SYNC_CALENDAR
    assert step.expected.expect_add and step.expected.calendar_id == "2:2"
    assert flow.calendar_sync_matches(documented(seed.CAL_SYNC_XML))


def test_flow_16_1_server_sends_reply():
    flow = _flow("16.1", comment="See you")
    assert flow.plan() == ["MeetingResponse", "Sync"]
    req = MeetingResponse.from_wbxml(flow.start().messages[0].to_wbxml("16.1")).requests[0]
    assert req.send_response is not None and req.send_response.body.data == "See you"
    step = flow.on_meeting_response(seed.MR_RESPONSE)
    assert step.action is Action.SYNC_CALENDAR and not step.messages


def test_flow_decline_expects_only_the_delete():
    flow = _flow("14.1", UserResponse.DECLINED)
    flow.start()
    answer = MeetingResponseResponse(results=[MeetingResponseResult(
        request_id="5:1", status=MeetingResponseStatus.SUCCESS)])
    step = flow.on_meeting_response(answer.to_wbxml("14.1"))
    assert step.action is Action.SEND_REPLY_MAIL and not step.expected.expect_add
    mime = step.messages[0].message.mime
    assert b"Declined: Project sync" in mime and b"PARTSTAT=DECLINED" in mime
    only_delete = SyncResponse(collections=[seed.CAL_SYNC.collections[0].__class__(
        sync_key="3", collection_id="2", commands=[seed.CAL_SYNC.collections[0].commands[1]])])
    assert flow.calendar_sync_matches(only_delete)
    assert not flow.calendar_sync_matches(seed.CAL_SYNC)   # an Add would be wrong


def test_flow_no_reply_mail_when_not_requested():
    import dataclasses
    meeting = dataclasses.replace(
        seed.MEETING, meeting=dataclasses.replace(seed.MEETING.meeting, response_requested=False))
    flow = _flow("14.1", meeting=meeting)
    assert flow.plan() == ["MeetingResponse", "Sync"]
    flow.start()
    assert flow.on_meeting_response(seed.MR_RESPONSE).action is Action.SYNC_CALENDAR


def _answer(status):
    return MeetingResponseResponse(results=[MeetingResponseResult(request_id="5:1",
                                                                  status=status)])


def test_flow_transient_status_retries_then_resyncs_then_fails():
    flow = _flow("14.1", max_retries=2)
    flow.start()
    actions = [flow.on_meeting_response(_answer(MeetingResponseStatus(3))).action
               for _ in range(4)]
    assert actions == [Action.RETRY, Action.RETRY, Action.RESYNC_THEN_RETRY, Action.FAILED]


@pytest.mark.parametrize("status,action", [(2, Action.FAILED), (104, Action.FAILED),
                                           (146, Action.FAILED), (142, Action.REPROVISION),
                                           (111, Action.RETRY), (999, Action.FAILED)])
def test_flow_status_policy(status, action):
    flow = _flow("14.1")
    flow.start()
    step = flow.on_meeting_response(_answer(MeetingResponseStatus(status)))
    assert step.action is action
    assert not step.messages or step.messages[0].message == flow.request
