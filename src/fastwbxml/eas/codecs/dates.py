"""The two EAS date forms: exact when writing, liberal when reading.

EAS puts times on the wire as UTC text in one of two forms: the Compact DateTime of
[MS-ASDTYPE] 2.7.2 (``20110510T170000Z``, the Calendar class and a few command fields) and
the dateTime of [MS-ASDTYPE] 2.3 (``2012-06-08T17:30:00.000Z``, the Email class and the
MeetingResponse InstanceId).  Which form a field writes is fixed by the field (its
:class:`~fastwbxml.eas.values.DateTime` converter says ``compact`` or not); reading accepts
both, and the hybrids servers send: the date part and the time part each come with or
without separators, independently, as even [MS-ASCMD]'s own example 4.17.1 does
(``20090907T07:00:00.000Z``).  Values are aware datetimes; a naive one is refused rather
than guessed.
"""
from __future__ import annotations

import datetime as _dt
import re

from ..errors import EASParseError, EASValueError

__all__ = ["parse_datetime", "format_datetime"]

UTC = _dt.timezone.utc
_DATE_TIME = re.compile(
    r"^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(:?)(\d{2})\6(\d{2})(?:\.(\d{1,6}))?"
    r"(Z|[+-]\d{2}:?\d{2})?$")


def parse_datetime(text: str) -> _dt.datetime:
    """An aware UTC datetime from an EAS date: the Compact DateTime of [MS-ASDTYPE]
    2.7.2 (``20110510T170000Z``), the dateTime of 2.3 (``2012-06-08T17:30:00.000Z``), and
    the hybrids of the two that servers send (``20090907T07:00:00.000Z``, [MS-ASCMD]
    4.17.1).  No zone means UTC (EAS times are UTC)."""
    text = text.strip()
    m = _DATE_TIME.match(text)
    if m is None:
        raise EASParseError(f"invalid date {text!r}: expected 20110510T170000Z or "
                            "2011-05-10T17:00:00.000Z")
    y, _, mo, d, h, _, mi, s, frac, zone = m.groups()
    try:
        tz = UTC
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            tz = _dt.timezone(sign * _dt.timedelta(hours=int(digits[:2]),
                                                   minutes=int(digits[2:])))
        value = _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s),
                             int((frac or "0").ljust(6, "0")), tzinfo=tz)
    except ValueError as exc:  # e.g. month 13
        raise EASParseError(f"invalid date {text!r}: {exc}") from None
    return value.astimezone(UTC)


def format_datetime(value: _dt.datetime, compact: bool) -> str:
    """Write an aware datetime in UTC, compact or extended (with milliseconds)."""
    if not isinstance(value, _dt.datetime):
        raise EASValueError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise EASValueError(f"naive datetime {value!r}: EAS times are UTC, give a tzinfo")
    u = value.astimezone(UTC)
    if compact:
        return u.strftime("%Y%m%dT%H%M%SZ")
    return u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond // 1000:03d}Z"
