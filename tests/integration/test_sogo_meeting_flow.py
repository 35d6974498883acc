"""The meeting-response flow against SOGo ActiveSync (EAS 14.1), driven by fastwbxml.eas.

The tests of this module run in order and share one scenario (``world``):

1. alice and bob: OPTIONS, Provision, Settings, FolderSync, first Sync of Inbox + Calendar;
2. alice invites bob to three meetings: M1 and M3 over CalDAV (SOGo mails the iMIP
   invitations), M2 over EAS (a Sync Add on her Calendar plus her own SendMail of the
   invitation, as an EAS client does);
3. bob's Inbox Sync yields three typed MeetingRequests; GetItemEstimate, ItemOperations,
   Search and Ping along the way;
4. bob accepts M1 and tentatively accepts M2 from the Inbox, declines M3 from its
   calendar item; each MeetingResponse answers Status 1 (and a CalendarId for M1/M2);
5. bob sends the REPLY mails that ``build_reply_mail`` builds;
6. bob's Calendar shows his ResponseType; alice's Calendar shows bob's AttendeeStatus
   3 / 2 / 4 and her Inbox the three replies with the right MessageClass.

Every request and response body goes through ``easclient.check_body`` (byte-exact round
trip with each implementation, identical trees).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

import fastwbxml
from fastwbxml.eas import (Attendee, AttendeeStatus, AttendeeType, BusyStatus, CalendarEvent,
                           EASTimeZone, FolderType, MeetingRequest, MeetingResponse,
                           MeetingResponseRequest, MeetingResponseResponse,
                           MeetingResponseStatus, MeetingStatus, ResponseType, SendMail,
                           SendMailResponse, SyncAdd, SyncStatus, UserResponse,
                           build_reply_mail)

from easclient import EASClient
from helpers import (User, invitation_ics, invitation_mail, meeting_times, raw, unique)

pytestmark = pytest.mark.integration


@dataclasses.dataclass
class Meeting:
    key: str                      # M1 / M2 / M3
    how: str                      # "caldav" / "eas"
    answer: UserResponse
    from_calendar: bool           # bob answers from the calendar item, not the Inbox mail
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    request_id: str | None = None         # bob's Inbox item
    request: MeetingRequest | None = None
    bob_calendar_id: str | None = None    # bob's calendar item
    result: object = None


@dataclasses.dataclass
class World:
    alice: User
    bob: User
    meetings: dict[str, Meeting]


@pytest.fixture(scope="module")
def world(eas_server):
    alice, bob = User(eas_server, "alice"), User(eas_server, "bob")
    plan = [("M1", "caldav", UserResponse.ACCEPTED, False, 2),
            ("M2", "eas", UserResponse.TENTATIVE, False, 3),
            ("M3", "caldav", UserResponse.DECLINED, True, 4)]
    meetings = {}
    for key, how, answer, from_cal, days in plan:
        start, end = meeting_times(days)
        meetings[key] = Meeting(key, how, answer, from_cal, str(uuid.uuid4()).upper(),
                                unique(f"fastwbxml {key} ({how})"), start, end)
    return World(alice, bob, meetings)


# ------------------------------------------------------------------------------ 1. set-up
def test_options(world):
    headers = world.alice.eas.options()
    versions = headers["ms-asprotocolversions"].split(",")
    commands = headers["ms-asprotocolcommands"].split(",")
    assert "14.1" in versions
    for cmd in ("Sync", "FolderSync", "MeetingResponse", "SendMail", "Settings", "Ping",
                "Search", "ItemOperations", "GetItemEstimate"):
        assert cmd in commands


def provision(client: EASClient) -> str:
    """The two-step Provision handshake ([MS-ASPROV] 3.1.5.1); returns the final key."""
    policy_type = "MS-EAS-Provisioning-WBXML"
    first = raw("Provision:Provision",
                ("Settings:DeviceInformation",
                 ("Settings:Set", ("Settings:Model", "fastwbxml"),
                  ("Settings:FriendlyName", "fastwbxml integration"),
                  ("Settings:OS", "Linux"), ("Settings:UserAgent", "fastwbxml-integration"))),
                ("Policies", ("Policy", ("PolicyType", policy_type))))
    root = client.command("Provision", first)
    assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
    policy = root.find("Policies/Policy")
    assert policy.findtext("PolicyType") == policy_type
    if policy.findtext("Status") == "2":
        # "There is no policy for this client" ([MS-ASPROV] 2.2.2.53.2): SOGo 5.8 always
        # says so, with no PolicyKey, and needs no X-MS-PolicyKey afterwards
        assert policy.find("PolicyKey") is None
        return "(no policy)"
    assert policy.findtext("Status") == "1"
    temp_key = policy.findtext("PolicyKey")
    assert temp_key
    ack = raw("Provision:Provision",
              ("Policies", ("Policy", ("PolicyType", policy_type), ("PolicyKey", temp_key),
                            ("Status", "1"))))
    client.policy_key = temp_key
    root = client.command("Provision", ack)
    assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
    key = root.findtext("Policies/Policy/PolicyKey")
    assert key
    client.policy_key = key
    return key


def test_provision(world):
    for user in (world.alice, world.bob):
        assert provision(user.eas)


def test_settings(world):
    for user in (world.alice, world.bob):
        req = raw("Settings:Settings", ("UserInformation", ("Get",)),
                  ("DeviceInformation", ("Set", ("Model", "fastwbxml"), ("OS", "Linux"))))
        root = user.eas.command("Settings", req)
        assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
        info = root.find("UserInformation")
        # SOGo 5.8 leaves out UserInformation/Status, which [MS-ASCMD] 2.2.3.177.16 requires,
        # and gives the address as PrimarySmtpAddress (14.1 Accounts form) only
        assert info.findtext("Status") in (None, "1")
        addresses = [e.text for e in info.iter()
                     if e.tag in ("Settings:SMTPAddress", "Settings:PrimarySmtpAddress")]
        assert user.address in addresses, fastwbxml.to_xml(root)
        assert info.findtext("Get/Accounts/Account/UserDisplayName") == user.display
        # ... and answers a DeviceInformation Set with nothing at all (no Status)
        assert root.findtext("DeviceInformation/Status") in (None, "1")


def test_folder_sync(world):
    for user in (world.alice, world.bob):
        folders = user.folder_sync()
        assert folders.status == 1
        assert folders.sync_key
        for t in (FolderType.INBOX, FolderType.CALENDAR, FolderType.SENT_ITEMS):
            assert folders.find(t) is not None, (t, folders.folders)
        # SOGo 5.8: a second FolderSync with the new key reports no changes
        again = user.eas.command("FolderSync", raw("FolderHierarchy:FolderSync",
                                                   ("SyncKey", folders.sync_key)))
        assert again.findtext("Status") == "1"


def test_first_sync(world):
    """Initial Sync of each Inbox and Calendar.  This also makes SOGo create bob's
    personal calendar, which must exist before alice invites him (else SOGo logs "Did not
    find folder of content object" and the invitation never reaches his calendar)."""
    for user in (world.alice, world.bob):
        for coll in (user.inbox, user.calendar):
            user.sync(coll)
            assert user.sync_keys[coll]


# --------------------------------------------------------------------- 2. alice invites bob
def test_alice_invites_over_caldav(world):
    for m in world.meetings.values():
        if m.how != "caldav":
            continue
        ics = invitation_ics(m.uid, m.summary, m.start, m.end, world.alice, world.bob)
        assert world.alice.caldav_put(m.uid, ics) in (201, 204)


def test_alice_invites_over_eas(world):
    alice, bob = world.alice, world.bob
    m = world.meetings["M2"]
    # her Calendar must not be at SyncKey -1: SOGo 5.8 loses the next Sync of a folder that
    # had an Add at -1.  The CalDAV meetings are there by now, so one Sync moves the key on.
    alice.sync_until(alice.calendar, lambda e: e.subject == world.meetings["M1"].summary,
                     what="M1 on alice's calendar")
    assert alice.sync_keys[alice.calendar] != "-1"
    utc = EASTimeZone(standard_name="UTC", daylight_name="UTC")
    event = CalendarEvent(
        time_zone=utc.to_base64(), all_day_event=False, busy_status=BusyStatus.BUSY,
        organizer_name=alice.display, organizer_email=alice.address,
        dt_stamp=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        start_time=m.start, end_time=m.end, subject=m.summary, uid=m.uid, sensitivity=0,
        meeting_status=MeetingStatus.MEETING_ORGANIZER, reminder=15,
        attendees=[Attendee(email=bob.address, name=bob.display, type=AttendeeType.REQUIRED,
                            status=AttendeeStatus.NOT_RESPONDED)],
        response_requested=True)
    add = SyncAdd(client_id=f"c{uuid.uuid4().hex[:12]}", data=event)
    resp = alice.sync(alice.calendar, commands=[add])
    assert resp is not None
    coll = resp.collection(alice.calendar)
    assert coll.status == SyncStatus.SUCCESS
    [answer] = coll.responses
    assert answer.client_id == add.client_id and answer.status == 1 and answer.server_id
    # ... and she sends the invitation herself (SOGo mails none for an EAS-created meeting)
    ics = invitation_ics(m.uid, m.summary, m.start, m.end, alice, bob, method="REQUEST")
    mail = SendMail(client_id=f"inv{uuid.uuid4().hex[:12]}",
                    mime=invitation_mail(ics, m.summary, alice, bob))
    body = alice.eas.raw("SendMail", mail)
    assert SendMailResponse.from_wbxml(body).ok if body else True


def test_ping(world):
    """Ping while the invitations are on their way: SOGo answers Status 2 (changes: a
    heartbeat that ran out would be Status 1) with bob's Inbox once the mail lands."""
    bob = world.bob
    req = raw("Ping:Ping", ("HeartbeatInterval", "60"),
              ("Folders", ("Folder", ("Id", bob.inbox), ("Class", "Email")),
               ("Folder", ("Id", bob.calendar), ("Class", "Calendar"))))
    root = bob.eas.command("Ping", req)
    assert root.findtext("Status") == "2", fastwbxml.to_xml(root)
    changed = [f.text for f in root.findall("Folders/Folder")]
    assert set(changed) <= {bob.inbox, bob.calendar} and changed, changed


# ---------------------------------------------------------------- 3. bob's meeting requests
def test_bob_receives_meeting_requests(world):
    bob = world.bob
    for m in world.meetings.values():
        sid, item = bob.sync_until(
            bob.inbox, lambda i, m=m: isinstance(i, MeetingRequest) and m.summary in (i.subject or ""),
            what=f"meeting request {m.key}")
        assert isinstance(item, MeetingRequest), type(item)
        assert item.is_request
        assert item.uid.upper() == m.uid
        assert item.meeting.start_time == m.start and item.meeting.end_time == m.end
        assert item.meeting.organizer_name_and_address[1] == world.alice.address
        # SOGo may say ResponseRequested 0 although the invitation has RSVP=TRUE
        assert item.meeting.response_requested in (True, False)
        m.request_id, m.request = sid, item


def test_get_item_estimate(world):
    bob = world.bob
    req = raw("GetItemEstimate:GetItemEstimate",
              ("Collections",
               ("Collection", ("AirSync:SyncKey", bob.sync_keys[bob.inbox]),
                ("CollectionId", bob.inbox), ("AirSync:Options", ("AirSync:FilterType", "0"))),
               ("Collection", ("AirSync:SyncKey", bob.sync_keys[bob.calendar]),
                ("CollectionId", bob.calendar),
                ("AirSync:Options", ("AirSync:FilterType", "0")))))
    root = bob.eas.command("GetItemEstimate", req)
    responses = root.findall("Response")
    assert len(responses) == 2, fastwbxml.to_xml(root)
    for r in responses:
        assert r.findtext("Status") == "1", fastwbxml.to_xml(root)
        assert int(r.findtext("Collection/Estimate")) >= 0


def test_item_operations_fetch(world):
    bob = world.bob
    m = world.meetings["M1"]
    req = raw("ItemOperations:ItemOperations",
              ("Fetch", ("Store", "Mailbox"), ("AirSync:CollectionId", bob.inbox),
               ("AirSync:ServerId", m.request_id),
               ("Options", ("AirSyncBase:BodyPreference", ("AirSyncBase:Type", "1"),
                            ("AirSyncBase:TruncationSize", "5000")))))
    root = bob.eas.command("ItemOperations", req)
    assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
    fetch = root.find("Response/Fetch")
    assert fetch.findtext("Status") == "1"
    props = fetch.find("Properties")
    item = MeetingRequest.from_element(props)
    assert item.uid.upper() == m.uid and item.subject == m.request.subject


def test_search_gal(world):
    req = raw("Search:Search", ("Store", ("Name", "GAL"), ("Query", "alice"),
                                ("Options", ("Range", "0-9"))))
    root = world.bob.eas.command("Search", req)
    assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
    store = root.find("Response/Store")
    assert store.findtext("Status") == "1"
    found = [e.text for e in store.iter() if e.tag == "GAL:EmailAddress"]
    assert world.alice.address in found, fastwbxml.to_xml(root)


# ----------------------------------------------------------------------- 4. bob answers
def test_bob_finds_calendar_items(world):
    bob = world.bob
    for m in world.meetings.values():
        sid, ev = bob.sync_until(bob.calendar, lambda e, m=m: isinstance(e, CalendarEvent)
                                 and (e.uid or "").upper() == m.uid,
                                 what=f"{m.key} on bob's calendar")
        assert ev.subject == m.summary
        assert ev.organizer_email == world.alice.address
        m.bob_calendar_id = sid


@pytest.mark.parametrize("key", ["M1", "M2", "M3"])
def test_bob_meeting_response(world, key):
    bob, m = world.bob, world.meetings[key]
    if m.from_calendar:
        collection, request_id = bob.calendar, m.bob_calendar_id
    else:
        collection, request_id = bob.inbox, m.request_id
    # one Request per command: SOGo 5.8 answers only the last Request of a MeetingResponse
    req = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=m.answer, collection_id=collection, request_id=request_id)])
    answer = MeetingResponseResponse.from_element(bob.eas.command("MeetingResponse", req))
    [result] = answer.results
    assert result.status == MeetingResponseStatus.SUCCESS, result
    assert result.request_id == request_id
    if m.answer != UserResponse.DECLINED and not m.from_calendar:
        assert result.calendar_id, result
    m.result = result


@pytest.mark.parametrize("key", ["M1", "M2", "M3"])
def test_bob_sends_reply_mail(world, key):
    bob, m = world.bob, world.meetings[key]
    meeting = m.request
    if m.from_calendar:
        meeting = bob.items[bob.calendar][m.bob_calendar_id]
    mail = build_reply_mail(meeting, m.answer, (bob.display, bob.address))
    assert mail["To"] and world.alice.address in mail["To"]
    body = bob.eas.raw("SendMail", SendMail(client_id=f"rep{uuid.uuid4().hex[:12]}",
                                            mime=mail.as_bytes()))
    assert (not body) or SendMailResponse.from_wbxml(body).ok


# ------------------------------------------------------------------------- 5. the outcome
EXPECTED_RESPONSE_TYPE = {UserResponse.ACCEPTED: ResponseType.ACCEPTED,
                          UserResponse.TENTATIVE: ResponseType.TENTATIVE,
                          UserResponse.DECLINED: ResponseType.DECLINED}


def test_bob_calendar_shows_his_response(world):
    bob = world.bob
    for m in world.meetings.values():
        want = EXPECTED_RESPONSE_TYPE[m.answer]
        sid, ev = bob.sync_until(bob.calendar, lambda e, m=m, want=want:
                                 isinstance(e, CalendarEvent) and (e.uid or "").upper() == m.uid
                                 and e.response_type == want,
                                 what=f"{m.key} with ResponseType {want!r}", timeout=20)
        me = ev.attendee(bob.address)
        if me is not None and me.status is not None:
            assert me.status == m.answer.attendee_status


def test_alice_calendar_shows_bob_status(world):
    alice, bob = world.alice, world.bob
    for m in world.meetings.values():
        want = m.answer.attendee_status
        sid, ev = alice.sync_until(alice.calendar, lambda e, m=m, want=want:
                                   isinstance(e, CalendarEvent)
                                   and (e.uid or "").upper() == m.uid
                                   and e.attendee(bob.address).status == want,
                                   what=f"{m.key} with bob's AttendeeStatus {want!r}")
        assert ev.attendee(bob.address).status == {"M1": 3, "M2": 2, "M3": 4}[m.key]


def test_alice_inbox_has_the_replies(world):
    """bob's own reply mails (built by build_reply_mail, sent with SendMail) reach alice's
    Inbox as meeting responses with the right MessageClass.  SOGo 5.8 also mails its own
    iMIP REPLY when it processes the MeetingResponse (subject "Accepted invitation: …"),
    although a 14.1 client is the one expected to send it: alice gets both."""
    alice = world.alice
    for m in world.meetings.values():
        cls = m.answer.message_class
        prefix = m.answer.subject_prefix
        for origin, pred in (
                ("bob's SendMail", lambda i, m=m, cls=cls, prefix=prefix:
                 (i.message_class or "") == cls and (i.subject or "").startswith(prefix)
                 and m.summary in i.subject),
                ("SOGo's own", lambda i, m=m, cls=cls, prefix=prefix:
                 (i.message_class or "") == cls and not (i.subject or "").startswith(prefix)
                 and m.summary in (i.subject or ""))):
            sid, item = alice.sync_until(alice.inbox, pred, what=f"{origin} {cls} reply for {m.key}")
            assert isinstance(item, MeetingRequest), type(item)
            assert item.meeting_response == m.answer
            assert item.uid.upper() == m.uid
            assert world.bob.address in (item.from_ or "")
