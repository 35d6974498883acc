"""The binding machinery's own rules: one declaration per field, one wire order per class."""
import dataclasses

import pytest

from fastwbxml.eas import CalendarRecurrence, EmailRecurrence, MeetingRequest, RecurrenceType
from fastwbxml.eas.binding import Mapped, wire, wire_of, wired
from fastwbxml.eas.values import Integer, Text


def test_wire_order_must_name_every_wire_field_once():
    with pytest.raises(TypeError, match="WIRE_ORDER must name each wire field once"):
        @wired
        class Bad(Mapped):
            subject: str | None = wire("Calendar:Subject", Text())
            reminder: int | None = wire("Calendar:Reminder", Integer())
            WIRE_ORDER = ("subject",)


def test_an_unknown_tag_fails_when_the_class_is_made():
    with pytest.raises(TypeError, match="Bad.subject: unknown tag 'Calendar:Subjekt'"):
        @wired
        class Bad(Mapped):
            subject: str | None = wire("Calendar:Subjekt", Text())


def test_class_body_order_is_the_wire_order_unless_wire_order_is_given():
    @wired
    class Two(Mapped):
        reminder: int | None = wire("Calendar:Reminder", Integer())
        subject: str | None = wire("Calendar:Subject", Text())
    assert [w.tag for w in Two.WIRE] == ["Calendar:Reminder", "Calendar:Subject"]
    assert [c.tag for c in Two(reminder=5, subject="x").to_children(None)] == \
        ["Calendar:Reminder", "Calendar:Subject"]

    @wired
    class Swapped(Two):
        WIRE_ORDER = ("subject", "reminder")
    assert [c.tag for c in Swapped(reminder=5, subject="x").to_children(None)] == \
        ["Calendar:Subject", "Calendar:Reminder"]
    assert [f.name for f in dataclasses.fields(Swapped)] == ["reminder", "subject"]


def test_each_wire_row_is_read_from_its_dataclass_field():
    for cls in (MeetingRequest, CalendarRecurrence):
        declared = [wire_of(f) for f in dataclasses.fields(cls) if wire_of(f) is not None]
        assert sorted(w.attr for w in declared) == sorted(w.attr for w in cls.WIRE)
        assert set(declared) == set(cls.WIRE)


def test_meeting_request_writes_the_meeting_after_message_class():
    tags = [w.tag for w in MeetingRequest.WIRE]
    assert tags[tags.index("Email:MessageClass") + 1] == "Email:MeetingRequest"


def test_the_two_recurrences_share_one_pattern_on_their_own_pages_and_order():
    # [MS-ASEMAIL] 2.2.2.60 (Email page, the last three on Email2) and [MS-ASCAL] 2.2.2.37
    assert [w.tag for w in EmailRecurrence.WIRE] == [
        "Email:Type", "Email:Interval", "Email:Until", "Email:Occurrences",
        "Email:WeekOfMonth", "Email:DayOfMonth", "Email:DayOfWeek", "Email:MonthOfYear",
        "Email2:CalendarType", "Email2:IsLeapMonth", "Email2:FirstDayOfWeek"]
    assert [w.tag for w in CalendarRecurrence.WIRE] == [
        "Calendar:Type", "Calendar:Occurrences", "Calendar:Interval", "Calendar:WeekOfMonth",
        "Calendar:DayOfWeek", "Calendar:MonthOfYear", "Calendar:Until", "Calendar:DayOfMonth",
        "Calendar:CalendarType", "Calendar:IsLeapMonth", "Calendar:FirstDayOfWeek"]
    assert [w.attr for w in EmailRecurrence.WIRE] == \
        [f.name for f in dataclasses.fields(EmailRecurrence)]
    # positional construction keeps each class's own order
    assert EmailRecurrence(RecurrenceType.WEEKLY, 2).interval == 2
    assert CalendarRecurrence(RecurrenceType.WEEKLY, 2).occurrences == 2
    assert EmailRecurrence.__module__ == "fastwbxml.eas.items.email"
    assert CalendarRecurrence.__module__ == "fastwbxml.eas.items.calendar"
