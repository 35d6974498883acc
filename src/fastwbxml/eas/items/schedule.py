"""What every scheduled item shares: its recurrence pattern and its time-zone blob.

A meeting request (email class) and a calendar item (calendar class) describe the same
meeting twice, on two code pages and with two date forms.  Their recurrence holds the
same eleven facts (type, interval, until, occurrences, the week/day/month selectors and
the calendar-system trio) under the same element names, only on another page (the email
class moves the last three to Email2), in another order, and with ``Until`` in the item's
own date form.  So the pattern is listed once here (:data:`PATTERN`) and
:func:`recurrence_class` makes each item's binding class from it, given the pages, the date
form and the wire order; the order is also the constructor's, as before.

Both items also carry the base64 TIME_ZONE_INFORMATION blob in ``time_zone``;
:class:`TimeZoned` gives them the one decoder (:attr:`TimeZoned.timezone`) and the one
tzinfo (:meth:`TimeZoned.tzinfo`, UTC when the item has none).
"""
from __future__ import annotations

import datetime as _dt

from ... import tables
from ..binding import Mapped, wire, wired
from ..codecs.timezone import EASTimeZone
from ..enums import RecurrenceType
from ..values import Boolean, Converter, EnumOf, Integer

__all__ = ["PATTERN", "recurrence_class", "TimeZoned"]

PATTERN: dict[str, tuple[str, object, Converter | None]] = {
    # attribute: (element name, annotation, converter; None: the item's date form)
    "type": ("Type", RecurrenceType, EnumOf(RecurrenceType)),
    "occurrences": ("Occurrences", int | None, Integer()),
    "interval": ("Interval", int | None, Integer()),
    "week_of_month": ("WeekOfMonth", int | None, Integer()),
    "day_of_week": ("DayOfWeek", int | None, Integer()),
    "month_of_year": ("MonthOfYear", int | None, Integer()),
    "until": ("Until", _dt.datetime | None, None),
    "day_of_month": ("DayOfMonth", int | None, Integer()),
    "calendar_type": ("CalendarType", int | None, Integer()),
    "is_leap_month": ("IsLeapMonth", bool | None, Boolean()),
    "first_day_of_week": ("FirstDayOfWeek", int | None, Integer()),
}


def recurrence_class(name: str, doc: str, *, module: str, pages: tuple[str, ...],
                     dates: Converter, order: tuple[str, ...]) -> type[Mapped]:
    """The binding class *name* for a recurrence on *pages* (each element goes on the
    first page that has it), with ``Until`` written by *dates*, fields in *order*."""
    if sorted(order) != sorted(PATTERN) or order[0] != "type":
        raise TypeError(f"{name}: order must start with 'type' and name each of "
                        f"{sorted(PATTERN)} once")
    ns: dict = {"__doc__": doc, "__module__": module, "__qualname__": name,
                "__annotations__": {}}
    for attr in order:
        element, annotation, conv = PATTERN[attr]
        tag = next((f"{p}:{element}" for p in pages if f"{p}:{element}" in tables.TAGS),
                   f"{pages[0]}:{element}")     # an unknown tag fails in wired()
        ns["__annotations__"][attr] = annotation
        ns[attr] = wire(tag, conv or dates, required=attr == "type")
    return wired(type(name, (Mapped,), ns))


class TimeZoned:
    """Mixin for items with a ``time_zone`` attribute holding the base64 blob."""
    time_zone: str | None

    @property
    def timezone(self) -> EASTimeZone | None:
        """The decoded TimeZone blob, or None when absent."""
        return EASTimeZone.from_base64(self.time_zone) if self.time_zone else None

    def tzinfo(self) -> _dt.tzinfo:
        """The item's time zone as a tzinfo (UTC when the item has none)."""
        tz = self.timezone
        return tz.tzinfo() if tz is not None else _dt.timezone.utc
