"""The EAS TimeZone blob ([MS-ASDTYPE] 2.7.4, sent base64-encoded as text) as a tzinfo.

The structure is 172 bytes, little-endian::

    Bias          LONG           minutes: UTC = local time + Bias
    StandardName  WCHAR[32]      UTF-16LE, NUL-padded
    StandardDate  SYSTEMTIME     when daylight time ends (16 bytes)
    StandardBias  LONG           added to Bias during standard time (usually 0)
    DaylightName  WCHAR[32]
    DaylightDate  SYSTEMTIME     when daylight time starts
    DaylightBias  LONG           added to Bias during daylight time (usually -60)

A SYSTEMTIME is ``wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond,
wMilliseconds``; with ``wYear`` 0 it is a yearly rule: the ``wDay``-th (1-4, 5 = last)
``wDayOfWeek`` (0 = Sunday) of ``wMonth`` at ``wHour:wMinute`` local time.  ``wMonth`` 0
in DaylightDate means the zone has no daylight time.
"""
from __future__ import annotations

import base64
import binascii
import calendar
import dataclasses
import datetime as _dt
import struct

from ..errors import EASParseError, EASValueError

__all__ = ["SystemTime", "EASTimeZone", "EASTzInfo"]

_SIZE = 172
_SYSTEMTIME = struct.Struct("<8H")


@dataclasses.dataclass(frozen=True)
class SystemTime:
    """A Windows SYSTEMTIME as used in a time zone rule."""
    year: int = 0
    month: int = 0
    day_of_week: int = 0
    day: int = 0
    hour: int = 0
    minute: int = 0
    second: int = 0
    milliseconds: int = 0

    def pack(self) -> bytes:
        return _SYSTEMTIME.pack(*dataclasses.astuple(self))

    @property
    def is_set(self) -> bool:
        return self.month != 0

    def transition(self, year: int) -> _dt.datetime | None:
        """The naive local datetime of this rule in *year* (None if it has none)."""
        if not self.is_set:
            return None
        if self.year:  # an absolute date, valid only for that year
            if self.year != year:
                return None
            return _dt.datetime(self.year, self.month, self.day, self.hour, self.minute,
                                self.second)
        # the day-th day_of_week (0 = Sunday) of month; 5 = the last one
        first_wd, ndays = calendar.monthrange(year, self.month)   # Monday = 0
        sunday_based_first = (first_wd + 1) % 7
        first = 1 + (self.day_of_week - sunday_based_first) % 7
        day = first + 7 * (self.day - 1)
        while day > ndays:
            day -= 7
        return _dt.datetime(year, self.month, day, self.hour, self.minute, self.second)


@dataclasses.dataclass(frozen=True)
class EASTimeZone:
    """The decoded TimeZone structure; :meth:`tzinfo` gives a usable ``tzinfo``."""
    bias: int = 0
    standard_name: str = ""
    standard_date: SystemTime = SystemTime()
    standard_bias: int = 0
    daylight_name: str = ""
    daylight_date: SystemTime = SystemTime()
    daylight_bias: int = 0

    @classmethod
    def from_bytes(cls, raw: bytes) -> "EASTimeZone":
        if len(raw) != _SIZE:
            raise EASParseError(f"TimeZone blob has {len(raw)} bytes, expected {_SIZE}")
        (bias,) = struct.unpack_from("<i", raw, 0)
        std_name = _name(raw[4:68])
        std_date = SystemTime(*_SYSTEMTIME.unpack_from(raw, 68))
        (std_bias,) = struct.unpack_from("<i", raw, 84)
        dst_name = _name(raw[88:152])
        dst_date = SystemTime(*_SYSTEMTIME.unpack_from(raw, 152))
        (dst_bias,) = struct.unpack_from("<i", raw, 168)
        return cls(bias, std_name, std_date, std_bias, dst_name, dst_date, dst_bias)

    @classmethod
    def from_base64(cls, text: str) -> "EASTimeZone":
        try:
            raw = base64.b64decode(text, validate=True)
        except binascii.Error as exc:
            raise EASParseError(f"TimeZone is not base64: {exc}") from None
        return cls.from_bytes(raw)

    def to_bytes(self) -> bytes:
        return (struct.pack("<i", self.bias) + _pack_name(self.standard_name)
                + self.standard_date.pack() + struct.pack("<i", self.standard_bias)
                + _pack_name(self.daylight_name) + self.daylight_date.pack()
                + struct.pack("<i", self.daylight_bias))

    def to_base64(self) -> str:
        return base64.b64encode(self.to_bytes()).decode("ascii")

    @property
    def has_dst(self) -> bool:
        return self.daylight_date.is_set and self.standard_date.is_set

    def tzinfo(self) -> "EASTzInfo":
        return EASTzInfo(self)


def _name(raw: bytes) -> str:
    text = raw.decode("utf-16-le", errors="replace")
    return text.split("\x00", 1)[0]


def _pack_name(name: str) -> bytes:
    b = name.encode("utf-16-le")
    if len(b) > 62:
        raise EASValueError(f"time zone name {name!r} is longer than 31 UTF-16 units")
    return b.ljust(64, b"\x00")


class EASTzInfo(_dt.tzinfo):
    """A ``tzinfo`` following an :class:`EASTimeZone` rule (fixed offset if no DST)."""

    def __init__(self, zone: EASTimeZone):
        self.zone = zone
        self._std = _dt.timedelta(minutes=-(zone.bias + zone.standard_bias))
        self._dst = _dt.timedelta(minutes=-(zone.bias + zone.daylight_bias))

    def __repr__(self) -> str:
        return f"EASTzInfo({self.zone.standard_name or 'UTC' + _fmt(self._std)!r})"

    def __eq__(self, other):
        return isinstance(other, EASTzInfo) and other.zone == self.zone

    def __hash__(self):
        return hash(self.zone)

    def _rules(self, year: int):
        z = self.zone
        if not z.has_dst:
            return None
        start = z.daylight_date.transition(year)   # standard wall time DST begins
        end = z.standard_date.transition(year)     # daylight wall time DST ends
        if start is None or end is None:
            return None
        return start, end, self._dst - self._std

    def _is_dst(self, local: _dt.datetime) -> bool:
        """For a wall time, as PEP 495 and :mod:`zoneinfo` read it: in the repeated hour
        (autumn) fold=0 is the earlier, daylight time; in the skipped hour (the
        spring-forward gap, a wall time that never happens) fold=0 takes the offset from
        before the transition (standard time) and fold=1 the one after (daylight time)."""
        naive = local.replace(tzinfo=None, fold=0)
        rules = self._rules(naive.year)
        if rules is None:
            return False
        start, end, delta = rules
        if delta > _dt.timedelta(0) and start <= naive < start + delta:   # the gap
            return bool(getattr(local, "fold", 0))
        inside = start <= naive < end if start < end else not (end <= naive < start)
        if inside and getattr(local, "fold", 0) and end - delta <= naive < end:
            return False
        return inside

    def utcoffset(self, dt):
        if dt is None:
            return self._std
        return self._dst if self._is_dst(dt) else self._std

    def dst(self, dt):
        if dt is None or not self._is_dst(dt):
            return _dt.timedelta(0)
        return self._dst - self._std

    def tzname(self, dt):
        z = self.zone
        if dt is not None and self._is_dst(dt):
            return z.daylight_name or None
        return z.standard_name or None

    def fromutc(self, dt):
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        std_local = (dt + self._std).replace(tzinfo=None)
        rules = self._rules(std_local.year)
        if rules is None:
            return std_local.replace(tzinfo=self)
        start, end, delta = rules
        end_std = end - delta
        in_dst = (start <= std_local < end_std if start < end
                  else not (end_std <= std_local < start))
        if in_dst:
            return (std_local + delta).replace(tzinfo=self)
        fold = 1 if end - delta <= std_local < end else 0
        return std_local.replace(tzinfo=self, fold=fold)


def _fmt(delta: _dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
