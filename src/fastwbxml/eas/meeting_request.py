"""Email items as a Sync delivers them, and the meeting request inside one ([MS-ASEMAIL]).

:class:`Email` is the envelope of any mail item; :class:`MeetingRequest` is an email whose
ApplicationData holds ``email:MeetingRequest`` (:class:`MeetingDetails`), with helpers for
the iCalendar UID, the time zone and local times.  Times in ``email:`` elements are
dateTime (``2012-06-08T17:30:00.000Z``); the compact form is read too.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import ClassVar

from .. import Element
from ._fields import (Boolean, DateTime, EnumOf, Field, Integer, ListOf, Mapped, Nested,
                      Opaque, Text)
from .airsyncbase import Body, Location
from .enums import (BusyStatus, Importance, InstanceType, MeetingMessageType, RecurrenceType,
                    Sensitivity, UserResponse)
from .globalobjid import uid_from_global_obj_id
from .timezone import EASTimeZone

__all__ = ["EmailRecurrence", "MeetingDetails", "Email", "MeetingRequest"]

_E = "Email:"
_E2 = "Email2:"
_EXT = DateTime(compact=False)

MEETING_REQUEST_CLASS = "IPM.Schedule.Meeting.Request"


@dataclass(frozen=True)
class EmailRecurrence(Mapped):
    """email:Recurrence of a recurring meeting request."""
    type: RecurrenceType
    interval: int | None = None
    until: _dt.datetime | None = None
    occurrences: int | None = None
    week_of_month: int | None = None
    day_of_month: int | None = None
    day_of_week: int | None = None
    month_of_year: int | None = None
    calendar_type: int | None = None
    is_leap_month: bool | None = None
    first_day_of_week: int | None = None
    FIELDS: ClassVar = (
        Field("type", _E + "Type", EnumOf(RecurrenceType)),
        Field("interval", _E + "Interval", Integer()),
        Field("until", _E + "Until", _EXT),
        Field("occurrences", _E + "Occurrences", Integer()),
        Field("week_of_month", _E + "WeekOfMonth", Integer()),
        Field("day_of_month", _E + "DayOfMonth", Integer()),
        Field("day_of_week", _E + "DayOfWeek", Integer()),
        Field("month_of_year", _E + "MonthOfYear", Integer()),
        Field("calendar_type", _E2 + "CalendarType", Integer()),
        Field("is_leap_month", _E2 + "IsLeapMonth", Boolean()),
        Field("first_day_of_week", _E2 + "FirstDayOfWeek", Integer()),
    )


@dataclass(frozen=True)
class MeetingDetails(Mapped):
    """The children of ``email:MeetingRequest`` ([MS-ASEMAIL] 2.2.2.48).

    ``global_obj_id`` and ``location`` exist up to 14.1; 16.0 replaces them with
    ``uid`` (calendar:UID) and ``location_info`` (airsyncbase:Location).
    """
    all_day_event: bool | None = None
    start_time: _dt.datetime | None = None
    dt_stamp: _dt.datetime | None = None
    end_time: _dt.datetime | None = None
    instance_type: InstanceType | None = None
    location: str | None = None
    organizer: str | None = None
    recurrence_id: _dt.datetime | None = None
    reminder: int | None = None
    response_requested: bool | None = None
    recurrences: tuple[EmailRecurrence, ...] | None = None
    sensitivity: Sensitivity | None = None
    busy_status: BusyStatus | None = None
    time_zone: str | None = None
    global_obj_id: str | None = None
    disallow_new_time_proposal: bool | None = None
    meeting_message_type: MeetingMessageType | None = None
    uid: str | None = None
    location_info: Location | None = None
    proposed_start_time: _dt.datetime | None = None
    proposed_end_time: _dt.datetime | None = None
    extra: tuple[Element, ...] = ()
    FIELDS: ClassVar = (
        Field("all_day_event", _E + "AllDayEvent", Boolean()),
        Field("start_time", _E + "StartTime", _EXT),
        Field("dt_stamp", _E + "DtStamp", _EXT),
        Field("end_time", _E + "EndTime", _EXT),
        Field("instance_type", _E + "InstanceType", EnumOf(InstanceType, since={4: "16.0"})),
        Field("location", _E + "Location", Text()),
        Field("organizer", _E + "Organizer", Text()),
        Field("recurrence_id", _E + "RecurrenceId", _EXT),
        Field("reminder", _E + "Reminder", Integer()),
        Field("response_requested", _E + "ResponseRequested", Boolean()),
        Field("recurrences", _E + "Recurrences", ListOf(_E + "Recurrence", Nested(EmailRecurrence))),
        Field("sensitivity", _E + "Sensitivity", EnumOf(Sensitivity)),
        Field("busy_status", _E + "BusyStatus", EnumOf(BusyStatus)),
        Field("time_zone", _E + "TimeZone", Text()),
        Field("global_obj_id", _E + "GlobalObjId", Text()),
        Field("disallow_new_time_proposal", _E + "DisallowNewTimeProposal", Boolean()),
        Field("meeting_message_type", _E2 + "MeetingMessageType", EnumOf(MeetingMessageType)),
        Field("uid", "Calendar:UID", Text()),
        Field("location_info", "AirSyncBase:Location", Nested(Location)),
        Field("proposed_start_time", "MeetingResponse:ProposedStartTime", DateTime(compact=True)),
        Field("proposed_end_time", "MeetingResponse:ProposedEndTime", DateTime(compact=True)),
    )

    # -- helpers ---------------------------------------------------------------------------
    @property
    def ical_uid(self) -> str | None:
        """The iCalendar UID: from GlobalObjId ([MS-ASEMAIL] 3.1.4.7) up to 14.1, from
        calendar:UID in 16.x."""
        if self.global_obj_id:
            return uid_from_global_obj_id(self.global_obj_id)
        return self.uid

    @property
    def timezone(self) -> EASTimeZone | None:
        """The decoded TimeZone blob, or None when absent."""
        return EASTimeZone.from_base64(self.time_zone) if self.time_zone else None

    def tzinfo(self) -> _dt.tzinfo:
        """The meeting's time zone as a tzinfo (UTC when the item has none)."""
        tz = self.timezone
        return tz.tzinfo() if tz is not None else _dt.timezone.utc

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


def _envelope(*meeting: Field) -> tuple[Field, ...]:
    """The email fields in the order [MS-ASCMD] examples send them; *meeting* goes after
    MessageClass."""
    return (
        Field("to", _E + "To", Text()),
        Field("cc", _E + "Cc", Text()),
        Field("from_", _E + "From", Text()),
        Field("subject", _E + "Subject", Text()),
        Field("reply_to", _E + "ReplyTo", Text()),
        Field("date_received", _E + "DateReceived", _EXT),
        Field("display_to", _E + "DisplayTo", Text()),
        Field("thread_topic", _E + "ThreadTopic", Text()),
        Field("importance", _E + "Importance", EnumOf(Importance)),
        Field("read", _E + "Read", Boolean()),
        Field("body", "AirSyncBase:Body", Nested(Body)),
        Field("message_class", _E + "MessageClass", Text()),
        *meeting,
        Field("internet_cpid", _E + "InternetCPID", Text()),
        Field("content_class", _E + "ContentClass", Text()),
        Field("native_body_type", "AirSyncBase:NativeBodyType", Integer()),
        Field("conversation_id", _E2 + "ConversationId", Opaque()),
        Field("conversation_index", _E2 + "ConversationIndex", Opaque()),
        Field("categories", _E + "Categories", ListOf(_E + "Category", Text())),
        Field("sender", _E2 + "Sender", Text()),
        Field("received_as_bcc", _E2 + "ReceivedAsBcc", Boolean()),
    )


@dataclass(frozen=True)
class Email(Mapped):
    """An email item's ApplicationData (the envelope; unknown elements stay in
    ``extra``).  ``from_`` is the From header (``from`` is a Python keyword)."""
    to: str | None = None
    cc: str | None = None
    from_: str | None = None
    subject: str | None = None
    reply_to: str | None = None
    date_received: _dt.datetime | None = None
    display_to: str | None = None
    thread_topic: str | None = None
    importance: Importance | None = None
    read: bool | None = None
    body: Body | None = None
    message_class: str | None = None
    internet_cpid: str | None = None
    content_class: str | None = None
    native_body_type: int | None = None
    conversation_id: bytes | None = None
    conversation_index: bytes | None = None
    categories: tuple[str, ...] | None = None
    sender: str | None = None
    received_as_bcc: bool | None = None
    extra: tuple[Element, ...] = ()
    FIELDS: ClassVar = _envelope()

    @property
    def meeting_response(self) -> UserResponse | None:
        """For a reply the organizer receives (``IPM.Schedule.Meeting.Resp.Pos`` /
        ``.Tent`` / ``.Neg``): the attendee's answer; else None."""
        return UserResponse.from_message_class(self.message_class or "")


@dataclass(frozen=True)
class MeetingRequest(Email):
    """An email with ``email:MeetingRequest``: what the invitee finds in the Inbox
    (MessageClass ``IPM.Schedule.Meeting.Request``) and, with the Resp.* classes, what the
    organizer receives back."""
    meeting: MeetingDetails = field(default_factory=MeetingDetails)
    FIELDS: ClassVar = _envelope(Field("meeting", _E + "MeetingRequest", Nested(MeetingDetails)))

    @property
    def uid(self) -> str | None:
        """The meeting's iCalendar UID (see :attr:`MeetingDetails.ical_uid`)."""
        return self.meeting.ical_uid

    @property
    def is_request(self) -> bool:
        return (self.message_class or "").lower() == MEETING_REQUEST_CLASS.lower()
