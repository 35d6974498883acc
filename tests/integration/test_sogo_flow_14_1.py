"""MeetingResponseFlow's 14.1 flow against SOGo (the same flow carries Horde's 14.1 and 16.0
answers in tests/integration/horde/).

alice invites bob over CalDAV (SOGo mails the iMIP invitation); bob's 14.1 device finds the
typed MeetingRequest and the flow drives the rest: MeetingResponse, then (14.1, a response
requested) the reply mail by SendMail, then a calendar Sync.  alice's Inbox gets the reply the
flow built.
"""
from __future__ import annotations

import dataclasses
import uuid

import pytest

from fastwbxml.eas import (Action, CalendarEvent, MeetingDecision, MeetingRequest,
                           MeetingResponseFlow, MeetingResponseStatus, UserResponse)

from helpers import User, invitation_ics, meeting_times, unique

pytestmark = pytest.mark.integration


def test_meeting_response_flow_at_14_1(eas_server):
    alice, bob = User(eas_server, "alice"), User(eas_server, "bob")
    for user in (alice, bob):
        user.folder_sync()
        for coll in (user.inbox, user.calendar):
            user.sync(coll)
    uid, summary = str(uuid.uuid4()).upper(), unique("fastwbxml flow 14.1")
    start, end = meeting_times(6)
    assert alice.caldav_put(uid, invitation_ics(uid, summary, start, end, alice, bob)) in (201, 204)
    sid, invite = bob.sync_until(bob.inbox, lambda i: isinstance(i, MeetingRequest)
                                 and summary in (i.subject or ""), what="the invitation")
    # SOGo says ResponseRequested 0 although the invitation has RSVP=TRUE (README): the flow
    # only mails a reply when one is requested, so the test reads the request as the
    # invitation's RSVP says
    invite = dataclasses.replace(invite, meeting=dataclasses.replace(
        invite.meeting, response_requested=True))
    flow = MeetingResponseFlow(invite, MeetingDecision(UserResponse.ACCEPTED), "14.1",
                               collection_id=bob.inbox, request_id=sid,
                               attendee=(bob.display, bob.address))
    assert flow.plan() == ["MeetingResponse", "SendMail", "Sync"]
    step = flow.start()
    [out] = step.messages
    step = flow.on_meeting_response(bob.eas.raw(out.command, out.message))
    assert step.status == MeetingResponseStatus.SUCCESS and flow.result.calendar_id
    assert step.action is Action.SEND_REPLY_MAIL
    [mail] = step.messages
    step = flow.on_send_mail(bob.eas.raw(mail.command, mail.message))
    assert step.action is Action.SYNC_CALENDAR
    cal_id, ev = bob.sync_until(bob.calendar, lambda e: isinstance(e, CalendarEvent)
                                and (e.uid or "").upper() == uid, what="the accepted meeting")
    assert cal_id == flow.result.calendar_id
    prefix = UserResponse.ACCEPTED.subject_prefix
    _, reply = alice.sync_until(alice.inbox, lambda i: isinstance(i, MeetingRequest)
                                and i.message_class == "IPM.Schedule.Meeting.Resp.Pos"
                                and (i.subject or "").startswith(prefix)
                                and summary in i.subject, what="the flow's reply")
    assert reply.meeting_response == UserResponse.ACCEPTED
    assert reply.uid.upper() == uid and bob.address in (reply.from_ or "")
