"""Email items as a Sync delivers them, and the meeting request inside one ([MS-ASEMAIL]).

:class:`Email` is the envelope of any mail item; :class:`MeetingRequest` is an email whose
ApplicationData holds ``email:MeetingRequest`` (:class:`MeetingDetails`), with helpers for
the iCalendar UID, the time zone and local times.  Times in ``email:`` elements are
dateTime (``2012-06-08T17:30:00.000Z``); the compact form is read too.
"""
from __future__ import annotations

import datetime as _dt
from email.utils import parseaddr

from ... import Element
from ..binding import Mapped, wire, wired
from ..codecs.globalobjid import uid_from_global_obj_id
from ..enums import (BusyStatus, Importance, InstanceType, MeetingMessageType, Sensitivity,
                     UserResponse)
from ..values import Boolean, DateTime, EnumOf, Integer, ListOf, Nested, Opaque, Text
from .airsyncbase import Body, Location
from .schedule import TimeZoned, recurrence_class

__all__ = ["EmailRecurrence", "MeetingDetails", "Email", "MeetingRequest"]

_E = "Email:"
_E2 = "Email2:"
_EXT = DateTime(compact=False)

MEETING_REQUEST_CLASS = "IPM.Schedule.Meeting.Request"


EmailRecurrence = recurrence_class(
    "EmailRecurrence", "email:Recurrence of a recurring meeting request.", module=__name__,
    pages=("Email", "Email2"), dates=_EXT,
    order=("type", "interval", "until", "occurrences", "week_of_month", "day_of_month",
           "day_of_week", "month_of_year", "calendar_type", "is_leap_month",
           "first_day_of_week"))


@wired
class MeetingDetails(TimeZoned, Mapped):
    """The children of ``email:MeetingRequest`` ([MS-ASEMAIL] 2.2.2.48).

    ``global_obj_id`` and ``location`` exist up to 14.1; 16.0 replaces them with
    ``uid`` (calendar:UID) and ``location_info`` (airsyncbase:Location).
    """
    all_day_event: bool | None = wire(_E + "AllDayEvent", Boolean())
    start_time: _dt.datetime | None = wire(_E + "StartTime", _EXT)
    dt_stamp: _dt.datetime | None = wire(_E + "DtStamp", _EXT)
    end_time: _dt.datetime | None = wire(_E + "EndTime", _EXT)
    instance_type: InstanceType | None = wire(
        _E + "InstanceType", EnumOf(InstanceType, since={4: "16.0"}))
    location: str | None = wire(_E + "Location", Text())
    organizer: str | None = wire(_E + "Organizer", Text())
    recurrence_id: _dt.datetime | None = wire(_E + "RecurrenceId", _EXT)
    reminder: int | None = wire(_E + "Reminder", Integer())
    response_requested: bool | None = wire(_E + "ResponseRequested", Boolean())
    recurrences: tuple[EmailRecurrence, ...] | None = wire(
        _E + "Recurrences", ListOf(_E + "Recurrence", Nested(EmailRecurrence)))
    sensitivity: Sensitivity | None = wire(_E + "Sensitivity", EnumOf(Sensitivity))
    busy_status: BusyStatus | None = wire(_E + "BusyStatus", EnumOf(BusyStatus))
    time_zone: str | None = wire(_E + "TimeZone", Text())
    global_obj_id: str | None = wire(_E + "GlobalObjId", Text())
    disallow_new_time_proposal: bool | None = wire(_E + "DisallowNewTimeProposal", Boolean())
    meeting_message_type: MeetingMessageType | None = wire(
        _E2 + "MeetingMessageType", EnumOf(MeetingMessageType))
    uid: str | None = wire("Calendar:UID", Text())
    location_info: Location | None = wire("AirSyncBase:Location", Nested(Location))
    proposed_start_time: _dt.datetime | None = wire(
        "MeetingResponse:ProposedStartTime", DateTime(compact=True))
    proposed_end_time: _dt.datetime | None = wire(
        "MeetingResponse:ProposedEndTime", DateTime(compact=True))
    extra: tuple[Element, ...] = ()

    # -- helpers ---------------------------------------------------------------------------
    @property
    def ical_uid(self) -> str | None:
        """The iCalendar UID: from GlobalObjId ([MS-ASEMAIL] 3.1.4.7) up to 14.1, from
        calendar:UID in 16.x."""
        if self.global_obj_id:
            return uid_from_global_obj_id(self.global_obj_id)
        return self.uid

    @property
    def local_start_time(self) -> _dt.datetime | None:
        return self.start_time.astimezone(self.tzinfo()) if self.start_time else None

    @property
    def local_end_time(self) -> _dt.datetime | None:
        return self.end_time.astimezone(self.tzinfo()) if self.end_time else None

    @property
    def organizer_name_and_address(self) -> tuple[str, str]:
        """``("Name", "addr@host")`` parsed from the Organizer string."""
        return parseaddr(self.organizer or "")

    @property
    def needs_response(self) -> bool:
        """Whether the organizer is to be told: ResponseRequested (a missing element means
        yes, as Exchange sends it only when set), and a message type that asks for an
        answer.  Not answered ([MS-ASEMAIL] 2.2.2.47 with the type meanings of
        [MS-OXWSMTGS] 2.2.5.9 and [MS-OXOCAL] PidLidMeetingType): 3 an informational
        update (the attendee has already accepted or tentatively accepted), 4 an outdated
        request (a newer request or update arrived after it: answer that one), 5 the
        delegator's copy (the delegate answers), 6 a delegated request ("MUST NOT be
        responded to").  0 (silent update or unspecified, also the default when absent),
        1 an initial request and 2 a full update are answered."""
        if self.meeting_message_type in _NOT_ANSWERED:
            return False
        return self.response_requested is not False


_NOT_ANSWERED = frozenset({MeetingMessageType.INFORMATIONAL_UPDATE, MeetingMessageType.OUTDATED,
                           MeetingMessageType.DELEGATORS_COPY, MeetingMessageType.DELEGATED})


@wired
class Email(Mapped):
    """An email item's ApplicationData (the envelope; unknown elements stay in
    ``extra``).  ``from_`` is the From header (``from`` is a Python keyword).  The fields
    are in the order [MS-ASCMD] examples send them."""
    to: str | None = wire(_E + "To", Text())
    cc: str | None = wire(_E + "Cc", Text())
    from_: str | None = wire(_E + "From", Text())
    subject: str | None = wire(_E + "Subject", Text())
    reply_to: str | None = wire(_E + "ReplyTo", Text())
    date_received: _dt.datetime | None = wire(_E + "DateReceived", _EXT)
    display_to: str | None = wire(_E + "DisplayTo", Text())
    thread_topic: str | None = wire(_E + "ThreadTopic", Text())
    importance: Importance | None = wire(_E + "Importance", EnumOf(Importance))
    read: bool | None = wire(_E + "Read", Boolean())
    body: Body | None = wire("AirSyncBase:Body", Nested(Body))
    message_class: str | None = wire(_E + "MessageClass", Text())
    internet_cpid: str | None = wire(_E + "InternetCPID", Text())
    content_class: str | None = wire(_E + "ContentClass", Text())
    native_body_type: int | None = wire("AirSyncBase:NativeBodyType", Integer())
    conversation_id: bytes | None = wire(_E2 + "ConversationId", Opaque())
    conversation_index: bytes | None = wire(_E2 + "ConversationIndex", Opaque())
    categories: tuple[str, ...] | None = wire(_E + "Categories", ListOf(_E + "Category", Text()))
    sender: str | None = wire(_E2 + "Sender", Text())
    received_as_bcc: bool | None = wire(_E2 + "ReceivedAsBcc", Boolean())
    extra: tuple[Element, ...] = ()

    @property
    def meeting_response(self) -> UserResponse | None:
        """For a reply the organizer receives (``IPM.Schedule.Meeting.Resp.Pos`` /
        ``.Tent`` / ``.Neg``): the attendee's answer; else None."""
        return UserResponse.from_message_class(self.message_class or "")


@wired
class MeetingRequest(Email):
    """An email with ``email:MeetingRequest``: what the invitee finds in the Inbox
    (MessageClass ``IPM.Schedule.Meeting.Request``) and, with the Resp.* classes, what the
    organizer receives back.  ``meeting`` goes on the wire right after MessageClass."""
    meeting: MeetingDetails = wire(_E + "MeetingRequest", Nested(MeetingDetails),
                                   factory=MeetingDetails)
    WIRE_ORDER = (
        "to", "cc", "from_", "subject", "reply_to", "date_received", "display_to",
        "thread_topic", "importance", "read", "body", "message_class", "meeting",
        "internet_cpid", "content_class", "native_body_type", "conversation_id",
        "conversation_index", "categories", "sender", "received_as_bcc")

    @property
    def uid(self) -> str | None:
        """The meeting's iCalendar UID (see :attr:`MeetingDetails.ical_uid`)."""
        return self.meeting.ical_uid

    @property
    def is_request(self) -> bool:
        return (self.message_class or "").lower() == MEETING_REQUEST_CLASS.lower()
