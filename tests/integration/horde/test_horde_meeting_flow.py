"""The meeting flow against Horde Groupware's ActiveSync (Horde_ActiveSync 2.41.9, EAS 16.0).

Four devices share one Horde: alice (the organizer) and bob (the attendee), each at 16.0 and
at 14.1.  The tests run in order and share one scenario (``world``):

1. OPTIONS; every device provisions the way Exchange clients do (refused without a key,
   Provision, acknowledgement, retry with ``X-MS-PolicyKey``); FolderSync; first Syncs;
2. alice creates four meetings at 14.1 (Horde keeps a 16.0 Add's attendees nowhere: D1)
   and mails the iMIP invitations herself (Horde sends none: D2); M3 is weekly;
3. bob's 16.0 Inbox Sync yields four typed MeetingRequests;
4. at 16.0, driven by MeetingResponseFlow with SendResponse: bob accepts M1, tentatively
   accepts M2 with a comment, accepts the M3 series and then declines its second occurrence
   with InstanceId; at 14.1 he accepts M4 and the flow has him send the reply by SendMail;
5. alice's Inbox has Horde's replies (the comment in M2's), her Calendar shows bob's status
   (M3: the declined occurrence as an exception, the series still accepted), read at 16.0
   with airsyncbase:Location and InstanceId in the exceptions.

Every body sent or received goes through ``easclient.check_body`` (byte-exact round trip with
both implementations and through the XML view).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

import fastwbxml
from fastwbxml.eas import (Action, Attendee, AttendeeStatus, AttendeeType, BusyStatus,
                           CalendarEvent, CalendarException, CalendarRecurrence,
                           EASTimeZone, FolderType,
                           MeetingDecision, MeetingRequest, MeetingResponseFlow,
                           MeetingResponseStatus, MeetingStatus, RecurrenceType, SendMail,
                           SendMailResponse, SyncAdd, UserResponse)

from easclient import EASHTTPError
from helpers import invitation_mail, meeting_times, unique
from .hordeflow import Device, meeting_ics

pytestmark = pytest.mark.integration

WEEKS = 4


@dataclasses.dataclass
class Meeting:
    key: str
    answer: UserResponse
    version: str                  # the attendee's protocol version for the answer
    uid: str
    summary: str
    location: str
    start: dt.datetime
    end: dt.datetime
    weekly: bool = False
    comment: str | None = None
    request_id: str | None = None        # bob's Inbox item
    again_id: str | None = None          # M3: bob's Inbox item of the second invitation
    request: MeetingRequest | None = None
    calendar_id: str | None = None       # bob's calendar item (MeetingResponse CalendarId)
    flow: MeetingResponseFlow | None = None

    @property
    def rrule(self) -> str | None:
        return f"FREQ=WEEKLY;COUNT={WEEKS}" if self.weekly else None


@dataclasses.dataclass
class World:
    alice: Device      # 16.0
    bob: Device        # 16.0
    alice14: Device
    bob14: Device
    meetings: dict[str, Meeting]
    instance: dt.datetime | None = None  # the declined occurrence of M3

    @property
    def devices(self):
        return (self.alice, self.bob, self.alice14, self.bob14)


@pytest.fixture(scope="module")
def world(horde_server):
    devs = {(n, v): Device(horde_server, n, v) for n in ("alice", "bob") for v in ("16.0", "14.1")}
    plan = [("M1", UserResponse.ACCEPTED, "16.0", False, None),
            ("M2", UserResponse.TENTATIVE, "16.0", False, "Tentative: I may be late. Ünïcode ✓"),
            ("M3", UserResponse.ACCEPTED, "16.0", True, None),
            ("M4", UserResponse.ACCEPTED, "14.1", False, None)]
    meetings = {}
    for i, (key, answer, version, weekly, comment) in enumerate(plan):
        start, end = meeting_times(2 + i)
        meetings[key] = Meeting(key, answer, version, str(uuid.uuid4()).upper(),
                                unique(f"fastwbxml horde {key}"), f"Room {key} / Floor 2",
                                start, end, weekly, comment)
    return World(devs["alice", "16.0"], devs["bob", "16.0"], devs["alice", "14.1"],
                 devs["bob", "14.1"], meetings)


# ------------------------------------------------------------------------------ 1. set-up
def test_options(world):
    headers = world.alice.eas.options()
    versions = headers["ms-asprotocolversions"].split(",")
    assert "16.0" in versions and "14.1" in versions
    assert headers["ms-server-activesync"] == "16.0"
    commands = headers["ms-asprotocolcommands"].split(",")
    for cmd in ("Sync", "FolderSync", "MeetingResponse", "SendMail", "Provision"):
        assert cmd in commands


def test_provision_like_exchange_clients(world):
    for dev in world.devices:
        assert dev.provision()
        # Horde answers a command without a policy key with HTTP 449 *and* a body whose
        # Status is 142 (AirSync:Status inside FolderHierarchy:FolderSync), at 14.1 and 16.0
        assert dev.not_provisioned == (449, 142), (dev.version, dev.not_provisioned)


def test_folder_sync(world):
    for dev in world.devices:
        folders = dev.folder_sync()
        assert folders.status == 1 and folders.sync_key
        for t in (FolderType.INBOX, FolderType.CALENDAR, FolderType.SENT_ITEMS,
                  FolderType.OUTBOX):
            assert folders.find(t) is not None, (t, folders.folders)
    # Horde names the same folder differently on each device (a hash per device)
    assert world.alice.inbox != world.alice14.inbox


def test_first_sync(world):
    for dev in world.devices:
        for coll in (dev.inbox, dev.calendar):
            dev.sync(coll)
            assert dev.sync_keys[coll]


# --------------------------------------------------------------------- 2. alice invites bob
def organizer_event(world, m: Meeting) -> CalendarEvent:
    alice, bob = world.alice14, world.bob14
    recurrence = exceptions = None
    if m.weekly:
        recurrence = CalendarRecurrence(type=RecurrenceType.WEEKLY, interval=1,
                                        occurrences=WEEKS,
                                        day_of_week=1 << ((m.start.weekday() + 1) % 7))
        moved = moved_occurrence(m)
        exceptions = [CalendarException(
            exception_start_time=moved, start_time=moved + dt.timedelta(hours=1),
            end_time=moved + dt.timedelta(hours=2), subject=m.summary + " (moved)",
            location=m.location)]
    return CalendarEvent(
        time_zone=EASTimeZone(standard_name="UTC", daylight_name="UTC").to_base64(),
        all_day_event=False, busy_status=BusyStatus.BUSY,
        organizer_name=alice.display, organizer_email=alice.address,
        dt_stamp=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        start_time=m.start, end_time=m.end, subject=m.summary, location=m.location,
        uid=m.uid, sensitivity=0, meeting_status=MeetingStatus.MEETING_ORGANIZER,
        # no reminder on the weekly one: Kronolith saving a recurring event with an alarm
        # dies under PHP 8 (Date_Calc::dateDiff called statically, kronolith/lib/Event.php:2174)
        reminder=None if m.weekly else 15,
        attendees=[Attendee(email=bob.address, name=bob.display, type=AttendeeType.REQUIRED,
                            status=AttendeeStatus.NOT_RESPONDED)],
        recurrence=recurrence, exceptions=exceptions, response_requested=True)


def moved_occurrence(m: Meeting) -> dt.datetime:
    """M3's third occurrence, which alice moves one hour later (an exception)."""
    return m.start + dt.timedelta(days=14)


def test_alice_creates_meetings_at_14_1(world):
    """The D1 work-around: the organizer's device adds the meetings at 14.1, where Horde
    keeps the attendees."""
    alice = world.alice14
    for m in world.meetings.values():
        add = SyncAdd(client_id=f"c{uuid.uuid4().hex[:12]}", data=organizer_event(world, m))
        resp = alice.sync(alice.calendar, commands=[add])
        [answer] = resp.collection(alice.calendar).responses
        assert answer.client_id == add.client_id and answer.status == 1 and answer.server_id
        # Horde ignores the client's Calendar:UID and makes its own, which is also the
        # ServerId: the invitation must carry that UID, or the replies match no event
        assert answer.server_id != m.uid
        m.uid = answer.server_id


def test_alice_sends_invitations(world):
    """One iMIP REQUEST each; M3's twice (an update with the same UID), so that bob has
    an Inbox request left to answer one occurrence after answering the series: Horde
    deletes a request from the Inbox once it is answered."""
    alice, bob = world.alice14, world.bob14
    for m in list(world.meetings.values()) + [world.meetings["M3"]]:
        ics = meeting_ics(m.uid, m.summary, m.start, m.end, alice, bob, location=m.location,
                          rrule=m.rrule)
        mail = SendMail(client_id=f"inv{uuid.uuid4().hex[:12]}",
                        mime=invitation_mail(ics, m.summary, alice, bob))
        body = alice.eas.raw("SendMail", mail)
        assert (not body) or SendMailResponse.from_wbxml(body).ok


# ---------------------------------------------------------------- 3. bob's meeting requests
def test_bob_receives_meeting_requests(world):
    bob = world.bob
    for m in world.meetings.values():
        sid, item = bob.sync_until(
            bob.inbox, lambda i, m=m: isinstance(i, MeetingRequest) and m.summary in (i.subject or ""),
            what=f"meeting request {m.key}")
        assert isinstance(item, MeetingRequest) and item.is_request, item
        assert item.message_class == "IPM.Schedule.Meeting.Request"
        assert item.uid.upper() == m.uid.upper()
        assert item.meeting.start_time == m.start and item.meeting.end_time == m.end
        assert item.meeting.organizer_name_and_address[1] == world.alice.address
        assert item.meeting.location == m.location or (
            item.meeting.location_info and item.meeting.location_info.display_name == m.location)
        if m.weekly:
            # Horde leaves the RRULE out of the meeting request: no email:Recurrences, and
            # InstanceType 0 (single) for the series (README: Horde's deviations)
            assert item.meeting.recurrences is None and item.meeting.instance_type == 0
        m.request_id, m.request = sid, item
    m = world.meetings["M3"]
    sid, item = bob.sync_until(
        bob.inbox, lambda i: isinstance(i, MeetingRequest) and (i.uid or "").upper() == m.uid.upper()
        and i is not m.request, what="the second M3 request")
    assert sid != m.request_id
    m.again_id = sid
# ----------------------------------------------------------------------- 4. bob answers
def respond(dev: Device, m: Meeting, decision: MeetingDecision, *, collection: str,
            request_id: str, instance_id: dt.datetime | None = None, meeting=None):
    """Run MeetingResponseFlow to its end; return the flow and its last step."""
    flow = MeetingResponseFlow(meeting or m.request, decision, dev.version,
                               collection_id=collection, request_id=request_id,
                               instance_id=instance_id, attendee=(dev.display, dev.address))
    step = flow.start()
    assert step.action is Action.SEND
    [out] = step.messages
    answer = dev.eas.raw(out.command, out.message)
    step = flow.on_meeting_response(answer)
    assert step.status == MeetingResponseStatus.SUCCESS, (step, flow.result)
    assert flow.result.request_id == request_id
    if step.action is Action.SEND_REPLY_MAIL:
        [mail] = step.messages
        body = dev.eas.raw(mail.command, mail.message)
        step = flow.on_send_mail(body)
    assert step.action is Action.SYNC_CALENDAR, step
    return flow, step


def test_accept_with_send_response(world):
    bob, m = world.bob, world.meetings["M1"]
    flow, step = respond(bob, m, MeetingDecision(UserResponse.ACCEPTED), collection=bob.inbox,
                         request_id=m.request_id)
    assert flow.plan() == ["MeetingResponse", "Sync"]      # 16.0: the server mails the reply
    assert "SendResponse" in fastwbxml.to_xml(flow.request.to_element("16.0"))
    assert flow.result.calendar_id
    m.flow, m.calendar_id = flow, flow.result.calendar_id


def test_tentative_with_comment(world):
    bob, m = world.bob, world.meetings["M2"]
    decision = MeetingDecision(UserResponse.TENTATIVE, comment=m.comment)
    flow, step = respond(bob, m, decision, collection=bob.inbox, request_id=m.request_id)
    xml = fastwbxml.to_xml(flow.request.to_element("16.0"))
    assert "SendResponse" in xml and m.comment in xml
    assert flow.result.calendar_id
    m.flow, m.calendar_id = flow, flow.result.calendar_id


def test_accept_weekly_series(world):
    bob, m = world.bob, world.meetings["M3"]
    flow, step = respond(bob, m, MeetingDecision(UserResponse.ACCEPTED), collection=bob.inbox,
                         request_id=m.request_id)
    assert flow.result.calendar_id
    m.flow, m.calendar_id = flow, flow.result.calendar_id


def test_decline_one_occurrence_with_instance_id(world):
    """bob declines the second occurrence with SendResponse: MeetingResponse with InstanceId
    (its original start, the 24-character dateTime).  Horde answers Status 1 with no
    InstanceId in the Result.  Stock Horde never reads InstanceId and its reply has no
    RECURRENCE-ID; the test server's copies of Driver.php and Itip/Event/Vevent.php make
    the answer and the mailed reply about that occurrence (README: the setup steps)."""
    bob, m = world.bob, world.meetings["M3"]
    world.instance = m.start + dt.timedelta(days=7)
    flow, step = respond(bob, m, MeetingDecision(UserResponse.DECLINED), collection=bob.inbox,
                         request_id=m.again_id, instance_id=world.instance)
    assert flow.plan() == ["MeetingResponse", "Sync"]      # 16.0: the server mails the reply
    req = flow.request.to_element("16.0")
    assert req.findtext("Request/InstanceId") == world.instance.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert req.find("Request/SendResponse") is not None
    assert flow.result.instance_id is None
    assert not step.expected.expect_add


def test_reply_by_send_mail_at_14_1(world):
    bob, m = world.bob14, world.meetings["M4"]
    sid, item = bob.sync_until(bob.inbox, lambda i: isinstance(i, MeetingRequest)
                               and i.uid.upper() == m.uid.upper(), what="M4 at 14.1")
    flow, step = respond(bob, m, MeetingDecision(UserResponse.ACCEPTED), collection=bob.inbox,
                         request_id=sid, meeting=item)
    assert flow.plan() == ["MeetingResponse", "SendMail", "Sync"]
    assert "SendResponse" not in fastwbxml.to_xml(flow.request.to_element("14.1"))
    m.flow, m.calendar_id = flow, flow.result.calendar_id


def test_bob_calendar_has_the_answered_meetings(world):
    """Each 16.0 answer's CalendarId is the ServerId of the meeting on bob's calendar."""
    bob = world.bob
    for key in ("M1", "M2", "M3"):
        m = world.meetings[key]
        sid, ev = bob.sync_until(bob.calendar, lambda e, m=m: isinstance(e, CalendarEvent)
                                 and (e.uid or "").upper() == m.uid.upper(), what=f"{key} on bob's calendar")
        assert sid == m.calendar_id
        assert ev.subject == m.summary
        # Horde's copy on the attendee's calendar names the attendee as its organizer
        assert ev.organizer_email == bob.address


def test_bob_calendar_after_the_occurrence_decline(world):
    """The InstanceId reaches bob's own calendar: his M3 series stays accepted, and the
    declined occurrence becomes an exception at its original time.  [MS-ASCMD] has a
    declined meeting leave the calendar; Horde keeps the occurrence, not deleted (README:
    Horde's deviations).  Stock Horde has no exception here: it never reads InstanceId."""
    bob, m = world.bob, world.meetings["M3"]
    sid, ev = bob.sync_until(
        bob.calendar, lambda e: isinstance(e, CalendarEvent)
        and (e.uid or "").upper() == m.uid.upper()
        and any(x.instance_id == world.instance for x in e.exceptions or ()),
        what="M3 with the declined occurrence on bob's calendar")
    assert sid == m.calendar_id
    assert ev.attendee(bob.address).status == AttendeeStatus.ACCEPT
    [occ] = [x for x in ev.exceptions if x.instance_id == world.instance]
    assert not occ.deleted and occ.start_time == world.instance


# ------------------------------------------------------------------------- 5. the outcome
def test_alice_inbox_has_the_replies(world):
    alice = world.alice
    want = [("M1", "IPM.Schedule.Meeting.Resp.Pos"), ("M2", "IPM.Schedule.Meeting.Resp.Tent"),
            ("M3", "IPM.Schedule.Meeting.Resp.Pos"), ("M3", "IPM.Schedule.Meeting.Resp.Neg"),
            ("M4", "IPM.Schedule.Meeting.Resp.Pos")]
    for key, cls in want:
        m = world.meetings[key]
        sid, item = alice.sync_until(
            alice.inbox, lambda i, m=m, cls=cls: isinstance(i, MeetingRequest)
            and i.message_class == cls and m.summary in (i.subject or ""),
            what=f"{cls} for {key}")
        assert item.uid.upper() == m.uid.upper()
        assert world.bob.address in (item.from_ or "")
        if m.comment:
            assert m.comment in (item.body.data or ""), item.body
        if cls.endswith(".Neg"):
            # the reply to one occurrence carries RECURRENCE-ID and that occurrence's times;
            # Horde shows it with the occurrence's StartTime but no RecurrenceId, as a
            # single appointment (InstanceType 0) (README: Horde's deviations)
            assert item.meeting.start_time == world.instance
            assert item.meeting.recurrence_id is None and item.meeting.instance_type == 0


def test_alice_calendar_shows_bob_status(world):
    alice, bob = world.alice, world.bob
    for key, status in (("M1", AttendeeStatus.ACCEPT), ("M2", AttendeeStatus.TENTATIVE),
                        ("M4", AttendeeStatus.ACCEPT)):
        m = world.meetings[key]
        sid, ev = alice.sync_until(alice.calendar, lambda e, m=m, status=status:
                                   isinstance(e, CalendarEvent) and (e.uid or "").upper() == m.uid.upper()
                                   and e.attendee(bob.address) is not None
                                   and e.attendee(bob.address).status == status,
                                   what=f"{key} with bob's status {status!r}")


def status_in(exc: CalendarException, address: str) -> AttendeeStatus | None:
    """The AttendeeStatus of *address* in one exception (CalendarException has no
    attendee() look-up)."""
    found = [a for a in exc.attendees or () if (a.email or "").lower() == address.lower()]
    return found[0].status if found else None


def test_alice_calendar_after_the_occurrence_decline(world):
    """alice's 16.0 calendar Sync of the weekly M3, read by the typed bindings: the series
    still has bob's ACCEPT, and bob's decline of the second occurrence is an exception named
    by airsyncbase:InstanceId (its original start) whose attendee bob has DECLINE.  Stock
    Kronolith applies every reply to the whole series; the test server's Kronolith gets the
    per-occurrence update (README: the setup steps).  Also: the location as
    airsyncbase:Location, and alice's moved occurrence as a deleted exception."""
    alice, bob, m = world.alice, world.bob, world.meetings["M3"]
    moved = moved_occurrence(m)

    def declined_once(e) -> bool:
        if not (isinstance(e, CalendarEvent) and (e.uid or "").upper() == m.uid.upper()):
            return False
        occ = [x for x in e.exceptions or () if x.instance_id == world.instance]
        return bool(occ) and status_in(occ[0], bob.address) == AttendeeStatus.DECLINE

    sid, ev = alice.sync_until(alice.calendar, declined_once,
                               what="M3 with bob's decline of one occurrence")
    # the series: still weekly, bob still accepted
    assert ev.recurrence.type == RecurrenceType.WEEKLY and ev.recurrence.occurrences == WEEKS
    assert ev.attendee(bob.address).status == AttendeeStatus.ACCEPT
    assert ev.location_info is not None and ev.location_info.display_name == m.location
    assert ev.location is None                       # Calendar:Location is 14.1's
    # the declined occurrence: an exception of its own, at its original time
    [occ] = [x for x in ev.exceptions if x.instance_id == world.instance]
    assert occ.exception_start_time is None          # 16.0 names it by InstanceId
    assert not occ.deleted
    assert occ.start_time == world.instance
    assert occ.end_time == world.instance + (m.end - m.start)
    assert status_in(occ, bob.address) == AttendeeStatus.DECLINE
    # alice's moved occurrence: Horde loses the link between the series and the moved
    # occurrence it was given in the Add: the series lists the occurrence as deleted, and
    # the moved one comes as an event of its own (README: Horde's deviations)
    [exc] = [x for x in ev.exceptions if x.instance_id == moved]
    assert exc.deleted is True and exc.start_time is None
    assert len(ev.exceptions) == 2
    moved_ev = [e for e in alice.items[alice.calendar].values()
                if isinstance(e, CalendarEvent) and e.subject == m.summary + " (moved)"]
    assert [e.start_time for e in moved_ev] == [moved + dt.timedelta(hours=1)]


# ------------------------------------------------------------------- D1: a 16.0 calendar Add
def d1_event(bob, summary: str, *, with_status: bool) -> CalendarEvent:
    """A 16.0 client's Add: no UID, DtStamp or Organizer fields (16.0 refuses them)."""
    start, end = meeting_times(9)
    return CalendarEvent(
        time_zone=EASTimeZone(standard_name="UTC", daylight_name="UTC").to_base64(),
        all_day_event=False, busy_status=BusyStatus.BUSY, start_time=start, end_time=end,
        subject=summary, sensitivity=0, meeting_status=MeetingStatus.MEETING_ORGANIZER,
        attendees=[Attendee(email=bob.address, name=bob.display, type=AttendeeType.REQUIRED,
                            status=AttendeeStatus.NOT_RESPONDED if with_status else None)],
        client_uid=f"d1-{uuid.uuid4().hex}")


def test_d1_a_16_0_add_loses_its_attendees(world):
    """D1.  At 16.0 Horde_ActiveSync_Message_Appointment::isGhosted() (Message/Appointment.php
    line 1033) calls every property "ghosted" unless Base::__set() marked it as present
    (Message/Base.php line 211); the decoder fills the Attendees list by appending through
    the by-reference __get (Base.php lines 457-460), so it never is, and Kronolith's
    fromASAppointment() (kronolith/lib/Event.php line 1606) skips the attendees.  The Add
    answers Status 1; read back at 14.1 the event has no attendee.  (The same Add at 14.1
    keeps them: the meetings above.)"""
    alice, alice14, bob = world.alice, world.alice14, world.bob
    summary = unique("fastwbxml horde D1")
    add = SyncAdd(client_id=f"d1{uuid.uuid4().hex[:12]}",
                  data=d1_event(bob, summary, with_status=False))
    resp = alice.sync(alice.calendar, commands=[add])
    [answer] = resp.collection(alice.calendar).responses
    assert answer.status == 1 and answer.server_id
    sid, ev = alice14.sync_until(alice14.calendar, lambda e: isinstance(e, CalendarEvent)
                                 and e.subject == summary, what="the 16.0 Add at 14.1")
    assert sid == answer.server_id
    assert ev.attendees is None
    assert ev.meeting_status == MeetingStatus.APPOINTMENT      # no attendee: no meeting


def test_a_16_0_add_with_attendee_status_is_a_server_error(world):
    """An AttendeeStatus in a 16.0 client's Add (which [MS-ASCAL] does not allow in a
    command request at 16.0) makes Horde fail the whole Sync with HTTP 500 ("Invalid values
    detected in Horde_ActiveSync_Message_Attendee", Message/Attendee.php line 81) instead of
    answering the Add with an error Status."""
    alice, bob = world.alice, world.bob
    add = SyncAdd(client_id=f"d1{uuid.uuid4().hex[:12]}",
                  data=d1_event(bob, unique("fastwbxml horde D1 status"), with_status=True))
    with pytest.raises(EASHTTPError) as err:
        alice.sync(alice.calendar, commands=[add])
    assert err.value.exchange.status == 500
