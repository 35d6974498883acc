"""Calendar items ([MS-ASCAL]): :class:`CalendarEvent`, :class:`Attendee`, recurrences and
exceptions, read from Sync Add/Change items and written for a client's Add/Change.

Calendar times are Compact DateTime (``20110510T170000Z``); the dateTime form is read too.
Each class declares its fields once; an exception repeats most of the event's fields
because [MS-ASCAL] 2.2.2.21 lists them again for it (in its own order, with ``Deleted`` and
``ExceptionStartTime`` first).  :class:`CalendarEvent` keeps its constructor order and
says its wire order in ``WIRE_ORDER``; the others are written in class-body order.
"""
from __future__ import annotations

import datetime as _dt

from ... import Element
from ..binding import Mapped, wire, wired
from ..enums import (AttendeeStatus, AttendeeType, BusyStatus, MeetingStatus, ResponseType,
                     Sensitivity)
from ..values import Boolean, DateTime, EnumOf, Integer, ListOf, Nested, Text
from .airsyncbase import Body, Location
from .schedule import TimeZoned, recurrence_class

__all__ = ["Attendee", "CalendarRecurrence", "CalendarException", "CalendarEvent"]

_C = "Calendar:"
_CDT = DateTime(compact=True)


@wired
class Attendee(Mapped):
    """calendar:Attendee.  ``status`` is what the organizer's calendar shows after the
    attendee answers (3 accept, 2 tentative, 4 decline)."""
    email: str | None = wire(_C + "Email", Text())
    name: str | None = wire(_C + "Name", Text())
    status: AttendeeStatus | None = wire(_C + "AttendeeStatus", EnumOf(AttendeeStatus))
    type: AttendeeType | None = wire(_C + "AttendeeType", EnumOf(AttendeeType))
    proposed_start_time: _dt.datetime | None = wire("MeetingResponse:ProposedStartTime", _CDT)
    proposed_end_time: _dt.datetime | None = wire("MeetingResponse:ProposedEndTime", _CDT)


CalendarRecurrence = recurrence_class(
    "CalendarRecurrence", "calendar:Recurrence.", module=__name__, pages=("Calendar",),
    dates=_CDT, order=("type", "occurrences", "interval", "week_of_month", "day_of_week",
                       "month_of_year", "until", "day_of_month", "calendar_type",
                       "is_leap_month", "first_day_of_week"))


@wired
class CalendarException(Mapped):
    """calendar:Exception: one changed or deleted occurrence of a recurring event
    (identified by ``exception_start_time`` up to 14.1, ``instance_id`` in 16.x)."""
    deleted: bool | None = wire(_C + "Deleted", Boolean())
    exception_start_time: _dt.datetime | None = wire(_C + "ExceptionStartTime", _CDT)
    all_day_event: bool | None = wire(_C + "AllDayEvent", Boolean())
    body: Body | None = wire("AirSyncBase:Body", Nested(Body))
    busy_status: BusyStatus | None = wire(_C + "BusyStatus", EnumOf(BusyStatus))
    organizer_name: str | None = wire(_C + "OrganizerName", Text())
    organizer_email: str | None = wire(_C + "OrganizerEmail", Text())
    dt_stamp: _dt.datetime | None = wire(_C + "DtStamp", _CDT)
    end_time: _dt.datetime | None = wire(_C + "EndTime", _CDT)
    location: str | None = wire(_C + "Location", Text())
    reminder: int | None = wire(_C + "Reminder", Integer())
    sensitivity: Sensitivity | None = wire(_C + "Sensitivity", EnumOf(Sensitivity))
    subject: str | None = wire(_C + "Subject", Text())
    start_time: _dt.datetime | None = wire(_C + "StartTime", _CDT)
    meeting_status: MeetingStatus | None = wire(_C + "MeetingStatus", EnumOf(MeetingStatus))
    attendees: tuple[Attendee, ...] | None = wire(
        _C + "Attendees", ListOf(_C + "Attendee", Nested(Attendee)))
    categories: tuple[str, ...] | None = wire(_C + "Categories", ListOf(_C + "Category", Text()))
    appointment_reply_time: _dt.datetime | None = wire(_C + "AppointmentReplyTime", _CDT)
    response_type: ResponseType | None = wire(_C + "ResponseType", EnumOf(ResponseType))
    online_meeting_conf_link: str | None = wire(_C + "OnlineMeetingConfLink", Text())
    online_meeting_external_link: str | None = wire(_C + "OnlineMeetingExternalLink", Text())
    location_info: Location | None = wire("AirSyncBase:Location", Nested(Location))
    instance_id: _dt.datetime | None = wire("AirSyncBase:InstanceId", _CDT)


@wired
class CalendarEvent(TimeZoned, Mapped):
    """A calendar item's ApplicationData ([MS-ASCAL] 2.2.2).  Unknown elements stay in
    ``extra``.  ``location`` exists up to 14.1, ``location_info`` from 16.0."""
    time_zone: str | None = wire(_C + "Timezone", Text())
    all_day_event: bool | None = wire(_C + "AllDayEvent", Boolean())
    body: Body | None = wire("AirSyncBase:Body", Nested(Body))
    busy_status: BusyStatus | None = wire(_C + "BusyStatus", EnumOf(BusyStatus))
    organizer_name: str | None = wire(_C + "OrganizerName", Text())
    organizer_email: str | None = wire(_C + "OrganizerEmail", Text())
    dt_stamp: _dt.datetime | None = wire(_C + "DtStamp", _CDT)
    end_time: _dt.datetime | None = wire(_C + "EndTime", _CDT)
    location: str | None = wire(_C + "Location", Text())
    reminder: int | None = wire(_C + "Reminder", Integer())
    sensitivity: Sensitivity | None = wire(_C + "Sensitivity", EnumOf(Sensitivity))
    subject: str | None = wire(_C + "Subject", Text())
    start_time: _dt.datetime | None = wire(_C + "StartTime", _CDT)
    uid: str | None = wire(_C + "UID", Text())
    meeting_status: MeetingStatus | None = wire(_C + "MeetingStatus", EnumOf(MeetingStatus))
    attendees: tuple[Attendee, ...] | None = wire(
        _C + "Attendees", ListOf(_C + "Attendee", Nested(Attendee)))
    categories: tuple[str, ...] | None = wire(_C + "Categories", ListOf(_C + "Category", Text()))
    recurrence: CalendarRecurrence | None = wire(_C + "Recurrence", Nested(CalendarRecurrence))
    exceptions: tuple[CalendarException, ...] | None = wire(
        _C + "Exceptions", ListOf(_C + "Exception", Nested(CalendarException)))
    response_requested: bool | None = wire(_C + "ResponseRequested", Boolean())
    appointment_reply_time: _dt.datetime | None = wire(_C + "AppointmentReplyTime", _CDT)
    response_type: ResponseType | None = wire(_C + "ResponseType", EnumOf(ResponseType))
    disallow_new_time_proposal: bool | None = wire(_C + "DisallowNewTimeProposal", Boolean())
    online_meeting_conf_link: str | None = wire(_C + "OnlineMeetingConfLink", Text())
    online_meeting_external_link: str | None = wire(_C + "OnlineMeetingExternalLink", Text())
    client_uid: str | None = wire(_C + "ClientUid", Text())
    location_info: Location | None = wire("AirSyncBase:Location", Nested(Location))
    instance_id: _dt.datetime | None = wire("AirSyncBase:InstanceId", _CDT)
    extra: tuple[Element, ...] = ()
    # the order on the wire (the class body keeps the constructor's positional order)
    WIRE_ORDER = (
        "time_zone", "all_day_event", "body", "busy_status", "organizer_name",
        "organizer_email", "dt_stamp", "end_time", "location", "reminder", "sensitivity",
        "subject", "start_time", "uid", "meeting_status", "attendees", "categories",
        "recurrence", "exceptions", "response_requested", "disallow_new_time_proposal",
        "client_uid", "appointment_reply_time", "response_type", "online_meeting_conf_link",
        "online_meeting_external_link", "location_info", "instance_id")

    def attendee(self, email: str) -> Attendee | None:
        """The attendee with this address (case-insensitive)."""
        want = email.strip().lower()
        return next((a for a in self.attendees or () if (a.email or "").lower() == want), None)
