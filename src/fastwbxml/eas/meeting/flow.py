"""A sans-IO helper for the invitee's side of the meeting-response flow.

It sends nothing itself: it says which message to send next and, given each server
answer, what to do::

    flow = MeetingResponseFlow(meeting, MeetingDecision(UserResponse.ACCEPTED), "14.1",
                               collection_id="6", request_id="6:17",
                               attendee="Bob <bob@example.com>")
    step = flow.start()                       # step.messages: the MeetingResponse
    step = flow.on_meeting_response(answer)   # SEND_REPLY_MAIL (14.1) or SYNC_CALENDAR
    step = flow.on_send_mail(None)            # an empty SendMail answer is success
    flow.calendar_sync_matches(sync_response) # the Add (same UID) and the Delete arrived?

The rules ([MS-ASCMD] 2.2.1.11 MeetingResponse and 2.2.3.177.9): up to 14.1 the client
mails the organizer itself, only after Status 1 and only if a response is requested; from
16.0 ``SendResponse`` makes the server do it, under the same condition.  Status 2 is permanent; 3 and 4 are retried,
then the folder is synchronized and the request sent once more, then no change is made.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import uuid

from ... import tables
from ..binding import Message
from ..commands.meeting_response import MeetingResponse, MeetingResponseResponse
from ..commands.send_mail import SendMail, SendMailResponse
from ..commands.sync import SyncAdd, SyncCollection, SyncDelete, SyncResponse
from ..enums import UserResponse
from ..errors import EASParseError, EASValueError
from ..items.calendar import CalendarEvent
from ..items.email import MeetingRequest
from ..statuses import MeetingResponseStatus, Retry
from ..versions import check_version_name
from .decision import MeetingDecision
from .reply import build_reply_mail

__all__ = ["Action", "Outgoing", "ExpectedCalendarChanges", "Step", "MeetingResponseFlow"]


class Action(enum.Enum):
    SEND = "send"                          #: send ``messages`` (the first request)
    RETRY = "retry"                        #: send ``messages`` again (after a back-off)
    RESYNC_THEN_RETRY = "resync"           #: Sync the meeting's folder, then send ``messages``
    REPROVISION = "reprovision"            #: run Provision, then call :meth:`start` again
                                           #: (after a SendMail: send ``messages`` again)
    SEND_REPLY_MAIL = "send-reply-mail"    #: send the SendMail in ``messages``
    SYNC_CALENDAR = "sync-calendar"        #: done answering; Sync the calendar to see it
    FAILED = "failed"                      #: give up and make no changes


@dataclasses.dataclass(frozen=True)
class Outgoing:
    """A command to send: its name (the ``Cmd=`` of the HTTP request) and message."""
    command: str
    message: Message

    def to_wbxml(self, version: str) -> bytes:
        return self.message.to_wbxml(version)


@dataclasses.dataclass(frozen=True)
class ExpectedCalendarChanges:
    """What the next calendar Sync should show: after accept / tentative, an Add of the
    item (``calendar_id``, same UID) replacing the tentative placeholder (a Delete); after
    a decline, only the Delete."""
    uid: str | None
    calendar_id: str | None
    expect_add: bool
    expect_delete: bool = True
    placeholder_id: str | None = None

    def matches(self, collection: SyncCollection) -> bool:
        adds = [c for c in collection.commands or () if isinstance(c, SyncAdd)]
        deletes = [c for c in collection.commands or () if isinstance(c, SyncDelete)]

        def ours(add: SyncAdd) -> bool:
            if self.calendar_id is not None and add.server_id == self.calendar_id:
                return True
            return isinstance(add.data, CalendarEvent) and self.uid is not None \
                and add.data.uid == self.uid

        added = any(ours(a) for a in adds)
        if self.placeholder_id is not None:
            deleted = any(d.server_id == self.placeholder_id for d in deletes)
        else:
            deleted = bool(deletes)
        return added == self.expect_add and (deleted or not self.expect_delete)


@dataclasses.dataclass(frozen=True)
class Step:
    """What to do next."""
    action: Action
    messages: tuple[Outgoing, ...] = ()
    status: MeetingResponseStatus | None = None
    expected: ExpectedCalendarChanges | None = None
    reason: str = ""


class MeetingResponseFlow:
    """The invitee's answer to one meeting request, as a small state machine."""

    def __init__(self, meeting: MeetingRequest, decision: MeetingDecision, version: str, *,
                 collection_id: str | None = None, request_id: str | None = None,
                 long_id: str | None = None, instance_id: _dt.datetime | None = None,
                 attendee=None, client_id: str | None = None, max_retries: int = 2,
                 placeholder_id: str | None = None, dtstamp: _dt.datetime | None = None,
                 sequence: int | None = None):
        self.meeting = meeting
        details = meeting.meeting
        if decision.send_response and details is not None and not details.needs_response:
            # the organizer asked for no response ([MS-ASEMAIL] ResponseRequested 0, or a
            # message type that is not answered): no mail on any version, so no
            # SendResponse in 16.x either ([MS-ASCMD] 2.2.3.163)
            if decision.proposed_start is not None:
                raise EASValueError("MeetingResponseFlow: the organizer asked for no response "
                                    "(ResponseRequested 0 or MeetingMessageType "
                                    f"{details.meeting_message_type!r}); a new time "
                                    "proposal cannot be sent")
            decision = dataclasses.replace(decision, send_response=False)
        self.decision = decision
        self.version = check_version_name(version)
        self.attendee = attendee
        self.client_id = client_id or uuid.uuid4().hex
        self.max_retries = max_retries
        self.placeholder_id = placeholder_id
        self.dtstamp = dtstamp
        #: the SEQUENCE of the request answered, for the reply mail (RFC 5546 3.2.3); None:
        #: read from the invitation's own iCalendar when fetched as MIME, else 0
        self.sequence = sequence
        self.instance_id = instance_id
        self.request_id = request_id
        self.request = MeetingResponse(requests=(decision.eas_request(
            self.version, collection_id=collection_id, request_id=request_id, long_id=long_id,
            instance_id=instance_id),))
        self.request.to_element(self.version)   # fail now if the version refuses a field
        self.attempts = 0
        self.resynced = False
        self.result = None

    # -- planning --------------------------------------------------------------------------
    @property
    def client_sends_reply(self) -> bool:
        """Whether the client mails the organizer (up to 14.1, a response requested,
        the user wants the organizer told)."""
        return (self.decision.send_response and not self.decision.server_sends_reply(self.version)
                and tables.version_key(self.version) < (16, 0)
                and self.meeting.meeting.needs_response)

    def plan(self) -> list[str]:
        """The commands this flow will send on success, in order."""
        steps = ["MeetingResponse"]
        if self.client_sends_reply:
            steps.append("SendMail")
        steps.append("Sync")
        return steps

    def start(self) -> Step:
        """The first message: the MeetingResponse request."""
        self.attempts = 1
        return Step(Action.SEND, (Outgoing("MeetingResponse", self.request),),
                    reason="send the MeetingResponse command")

    def reply_mail(self):
        """The reply mail (needs ``attendee``); see :func:`fastwbxml.eas.build_reply_mail`."""
        if self.attendee is None:
            raise ValueError("MeetingResponseFlow needs attendee= to build the reply mail")
        return build_reply_mail(self.meeting, self.decision.response, self.attendee,
                                self.decision.comment, dtstamp=self.dtstamp,
                                sequence=self.sequence, instance=self.instance_id)

    def _expected(self, calendar_id: str | None) -> ExpectedCalendarChanges:
        return ExpectedCalendarChanges(
            uid=self.meeting.uid, calendar_id=calendar_id,
            expect_add=self.decision.response is not UserResponse.DECLINED,
            placeholder_id=self.placeholder_id)

    # -- answers ---------------------------------------------------------------------------
    def on_meeting_response(self, answer: MeetingResponseResponse | bytes) -> Step:
        """Decide what follows the server's MeetingResponse answer."""
        if not isinstance(answer, MeetingResponseResponse):
            answer = MeetingResponseResponse.from_wbxml(answer)
        result = (answer.result_for(self.request_id) if self.request_id is not None
                  else None) or (answer.results[0] if answer.results else None)
        if result is None:
            raise EASParseError("the MeetingResponse answer has no Result")
        self.result = result
        status = result.status
        if status.is_success:
            expected = self._expected(result.calendar_id)
            if self.client_sends_reply:
                mail = SendMail(client_id=self.client_id, mime=self.reply_mail().as_bytes())
                return Step(Action.SEND_REPLY_MAIL, (Outgoing("SendMail", mail),), status,
                            expected, "up to 14.1 the client mails the organizer itself")
            why = ("the server sends the reply (SendResponse)"
                   if self.decision.server_sends_reply(self.version)
                   else "no reply mail is wanted")
            return Step(Action.SYNC_CALENDAR, (), status, expected, why)
        again = (Outgoing("MeetingResponse", self.request),)
        if status.retry in (Retry.RETRY, Retry.RETRY_THEN_RESYNC):
            if self.attempts <= self.max_retries:
                self.attempts += 1
                return Step(Action.RETRY, again, status, reason=status.resolution)
            if status.retry is Retry.RETRY_THEN_RESYNC and not self.resynced:
                self.resynced = True
                self.attempts += 1
                return Step(Action.RESYNC_THEN_RETRY, again, status, reason=status.resolution)
            return Step(Action.FAILED, (), status,
                        reason="still failing after retries: make no changes")
        if status.retry is Retry.REPROVISION:
            return Step(Action.REPROVISION, (), status, reason=status.resolution)
        return Step(Action.FAILED, (), status, reason=f"{status.meaning} {status.resolution}")

    def on_send_mail(self, answer: SendMailResponse | bytes | None) -> Step:
        """After the reply mail: an empty answer (``None`` or ``b""``) is success."""
        if answer is not None and not isinstance(answer, SendMailResponse):
            answer = SendMailResponse.from_wbxml(answer) if answer else None
        expected = self._expected(self.result.calendar_id if self.result else None)
        if answer is None or answer.ok:
            return Step(Action.SYNC_CALENDAR, (), expected=expected, reason="reply sent")
        status = MeetingResponseStatus(answer.status)
        if status is MeetingResponseStatus.MESSAGE_PREVIOUSLY_SENT:
            # [MS-ASCMD] 2.2.2, 118: the server remembers the ClientId of recent mails; the
            # flow resends its reply with the same ClientId, which is this reply's alone,
            # so an earlier attempt was delivered
            return Step(Action.SYNC_CALENDAR, (), status, expected,
                        "reply already sent (118: same ClientId delivered before)")
        if status.retry is Retry.REPROVISION:   # Provision, then send this mail again
            mail = SendMail(client_id=self.client_id, mime=self.reply_mail().as_bytes())
            return Step(Action.REPROVISION, (Outgoing("SendMail", mail),), status, expected,
                        status.resolution)
        if status.retry in (Retry.RETRY, Retry.RETRY_THEN_RESYNC):
            mail = SendMail(client_id=self.client_id, mime=self.reply_mail().as_bytes())
            return Step(Action.RETRY, (Outgoing("SendMail", mail),), status, expected,
                        status.resolution)
        return Step(Action.FAILED, (), status, expected, f"SendMail failed: {status.meaning}")

    def calendar_sync_matches(self, answer: SyncResponse | bytes, collection_id: str | None = None) -> bool:
        """Whether a calendar Sync response shows the expected Add / Delete."""
        if not isinstance(answer, SyncResponse):
            answer = SyncResponse.from_wbxml(answer)
        cols = [c for c in answer.collections or ()
                if collection_id is None or c.collection_id == collection_id]
        expected = self._expected(self.result.calendar_id if self.result else None)
        merged = SyncCollection(commands=tuple(cmd for c in cols for cmd in c.commands or ()))
        return expected.matches(merged)
