"""Calendar items ([MS-ASCAL]): :class:`CalendarEvent`, :class:`Attendee`, recurrences and
exceptions, read from Sync Add/Change items and written for a client's Add/Change.

Calendar times are Compact DateTime (``20110510T170000Z``); the dateTime form is read too.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import ClassVar

from .. import Element
from ._fields import Boolean, DateTime, EnumOf, Field, Integer, ListOf, Mapped, Nested, Text
from .airsyncbase import Body, Location
from .enums import (AttendeeStatus, AttendeeType, BusyStatus, MeetingStatus, RecurrenceType,
                    ResponseType, Sensitivity)
from .timezone import EASTimeZone

__all__ = ["Attendee", "CalendarRecurrence", "CalendarException", "CalendarEvent"]

_C = "Calendar:"
_CDT = DateTime(compact=True)


@dataclass(frozen=True)
class Attendee(Mapped):
    """calendar:Attendee.  ``status`` is what the organizer's calendar shows after the
    attendee answers (3 accept, 2 tentative, 4 decline)."""
    email: str | None = None
    name: str | None = None
    status: AttendeeStatus | None = None
    type: AttendeeType | None = None
    proposed_start_time: _dt.datetime | None = None
    proposed_end_time: _dt.datetime | None = None
    FIELDS: ClassVar = (
        Field("email", _C + "Email", Text()),
        Field("name", _C + "Name", Text()),
        Field("status", _C + "AttendeeStatus", EnumOf(AttendeeStatus)),
        Field("type", _C + "AttendeeType", EnumOf(AttendeeType)),
        Field("proposed_start_time", "MeetingResponse:ProposedStartTime", _CDT),
        Field("proposed_end_time", "MeetingResponse:ProposedEndTime", _CDT),
    )


@dataclass(frozen=True)
class CalendarRecurrence(Mapped):
    """calendar:Recurrence."""
    type: RecurrenceType
    occurrences: int | None = None
    interval: int | None = None
    week_of_month: int | None = None
    day_of_week: int | None = None
    month_of_year: int | None = None
    until: _dt.datetime | None = None
    day_of_month: int | None = None
    calendar_type: int | None = None
    is_leap_month: bool | None = None
    first_day_of_week: int | None = None
    FIELDS: ClassVar = (
        Field("type", _C + "Type", EnumOf(RecurrenceType)),
        Field("occurrences", _C + "Occurrences", Integer()),
        Field("interval", _C + "Interval", Integer()),
        Field("week_of_month", _C + "WeekOfMonth", Integer()),
        Field("day_of_week", _C + "DayOfWeek", Integer()),
        Field("month_of_year", _C + "MonthOfYear", Integer()),
        Field("until", _C + "Until", _CDT),
        Field("day_of_month", _C + "DayOfMonth", Integer()),
        Field("calendar_type", _C + "CalendarType", Integer()),
        Field("is_leap_month", _C + "IsLeapMonth", Boolean()),
        Field("first_day_of_week", _C + "FirstDayOfWeek", Integer()),
    )


def _common(*, first: tuple[Field, ...]) -> tuple[Field, ...]:
    """Fields shared by an event and its exceptions, after the event-only *first*."""
    return first + (
        Field("body", "AirSyncBase:Body", Nested(Body)),
        Field("busy_status", _C + "BusyStatus", EnumOf(BusyStatus)),
        Field("organizer_name", _C + "OrganizerName", Text()),
        Field("organizer_email", _C + "OrganizerEmail", Text()),
        Field("dt_stamp", _C + "DtStamp", _CDT),
        Field("end_time", _C + "EndTime", _CDT),
        Field("location", _C + "Location", Text()),
        Field("reminder", _C + "Reminder", Integer()),
        Field("sensitivity", _C + "Sensitivity", EnumOf(Sensitivity)),
        Field("subject", _C + "Subject", Text()),
        Field("start_time", _C + "StartTime", _CDT),
    )


_TAIL = (
    Field("meeting_status", _C + "MeetingStatus", EnumOf(MeetingStatus)),
    Field("attendees", _C + "Attendees", ListOf(_C + "Attendee", Nested(Attendee))),
    Field("categories", _C + "Categories", ListOf(_C + "Category", Text())),
)
_LATE = (
    Field("appointment_reply_time", _C + "AppointmentReplyTime", _CDT),
    Field("response_type", _C + "ResponseType", EnumOf(ResponseType)),
    Field("online_meeting_conf_link", _C + "OnlineMeetingConfLink", Text()),
    Field("online_meeting_external_link", _C + "OnlineMeetingExternalLink", Text()),
    Field("location_info", "AirSyncBase:Location", Nested(Location)),
    Field("instance_id", "AirSyncBase:InstanceId", _CDT),
)


@dataclass(frozen=True)
class CalendarException(Mapped):
    """calendar:Exception: one changed or deleted occurrence of a recurring event
    (identified by ``exception_start_time`` up to 14.1, ``instance_id`` in 16.x)."""
    deleted: bool | None = None
    exception_start_time: _dt.datetime | None = None
    all_day_event: bool | None = None
    body: Body | None = None
    busy_status: BusyStatus | None = None
    organizer_name: str | None = None
    organizer_email: str | None = None
    dt_stamp: _dt.datetime | None = None
    end_time: _dt.datetime | None = None
    location: str | None = None
    reminder: int | None = None
    sensitivity: Sensitivity | None = None
    subject: str | None = None
    start_time: _dt.datetime | None = None
    meeting_status: MeetingStatus | None = None
    attendees: tuple[Attendee, ...] | None = None
    categories: tuple[str, ...] | None = None
    appointment_reply_time: _dt.datetime | None = None
    response_type: ResponseType | None = None
    online_meeting_conf_link: str | None = None
    online_meeting_external_link: str | None = None
    location_info: Location | None = None
    instance_id: _dt.datetime | None = None
    FIELDS: ClassVar = _common(first=(
        Field("deleted", _C + "Deleted", Boolean()),
        Field("exception_start_time", _C + "ExceptionStartTime", _CDT),
        Field("all_day_event", _C + "AllDayEvent", Boolean()),
    )) + _TAIL + _LATE


@dataclass(frozen=True)
class CalendarEvent(Mapped):
    """A calendar item's ApplicationData ([MS-ASCAL] 2.2.2).  Unknown elements stay in
    ``extra``.  ``location`` exists up to 14.1, ``location_info`` from 16.0."""
    time_zone: str | None = None
    all_day_event: bool | None = None
    body: Body | None = None
    busy_status: BusyStatus | None = None
    organizer_name: str | None = None
    organizer_email: str | None = None
    dt_stamp: _dt.datetime | None = None
    end_time: _dt.datetime | None = None
    location: str | None = None
    reminder: int | None = None
    sensitivity: Sensitivity | None = None
    subject: str | None = None
    start_time: _dt.datetime | None = None
    uid: str | None = None
    meeting_status: MeetingStatus | None = None
    attendees: tuple[Attendee, ...] | None = None
    categories: tuple[str, ...] | None = None
    recurrence: CalendarRecurrence | None = None
    exceptions: tuple[CalendarException, ...] | None = None
    response_requested: bool | None = None
    appointment_reply_time: _dt.datetime | None = None
    response_type: ResponseType | None = None
    disallow_new_time_proposal: bool | None = None
    online_meeting_conf_link: str | None = None
    online_meeting_external_link: str | None = None
    client_uid: str | None = None
    location_info: Location | None = None
    instance_id: _dt.datetime | None = None
    extra: tuple[Element, ...] = ()
    FIELDS: ClassVar = _common(first=(
        Field("time_zone", _C + "Timezone", Text()),
        Field("all_day_event", _C + "AllDayEvent", Boolean()),
    )) + (Field("uid", _C + "UID", Text()),) + _TAIL + (
        Field("recurrence", _C + "Recurrence", Nested(CalendarRecurrence)),
        Field("exceptions", _C + "Exceptions", ListOf(_C + "Exception", Nested(CalendarException))),
        Field("response_requested", _C + "ResponseRequested", Boolean()),
        Field("disallow_new_time_proposal", _C + "DisallowNewTimeProposal", Boolean()),
        Field("client_uid", _C + "ClientUid", Text()),
    ) + _LATE

    @property
    def timezone(self) -> EASTimeZone | None:
        return EASTimeZone.from_base64(self.time_zone) if self.time_zone else None

    def tzinfo(self) -> _dt.tzinfo:
        tz = self.timezone
        return tz.tzinfo() if tz is not None else _dt.timezone.utc

    def attendee(self, email: str) -> Attendee | None:
        """The attendee with this address (case-insensitive)."""
        want = email.strip().lower()
        return next((a for a in self.attendees or () if (a.email or "").lower() == want), None)
