"""Time zone names as Microsoft Graph writes them, turned into ``tzinfo`` objects and
wall times.

Graph's ``dateTimeTimeZone`` pairs a wall time without offset
(``"2024-05-02T12:00:00"``) with a zone name: any Windows zone name
(``"Pacific Standard Time"``) or one of the IANA names its calendar API also accepts
(``"America/Los_Angeles"``).  Writing an instant therefore means converting it to that
zone's wall time, and reading one back means applying that zone's rules to the wall
time.  Python's :mod:`zoneinfo` knows IANA names only, so a Windows name is first mapped
to its IANA "golden zone" (territory ``001``) with CLDR's ``windowsZones`` table.  The
table is not kept here: the ``icalendar`` package (the ``eas`` extra, version 6 or later)
ships it, generated from CLDR, as ``icalendar.timezone.windows_to_olson``.  ``"UTC"``
is :data:`datetime.timezone.utc`.  A name that is neither a Windows nor an IANA name
raises :class:`UnknownTimeZoneError`; no zone is guessed.

A wall time can be ambiguous: in the hour a zone repeats when clocks go back, one wall
time names two instants, and ``dateTimeTimeZone`` has no field to tell them apart.
:func:`graph_wall_time` therefore writes such an instant in UTC instead of the named
zone, so that what is written always reads back as the same instant.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from ..errors import EASParseError, EASValueError, UnknownTimeZoneError

__all__ = ["resolve_time_zone", "graph_wall_time", "parse_graph_datetime"]

_UTC_NAMES = frozenset({"UTC", "Etc/UTC"})


def _windows_to_iana() -> dict[str, str]:
    try:
        # lazy import of an optional dependency (icalendar, the eas extra)
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:
        raise ImportError("Windows time zone names need the CLDR table shipped by "
                          "icalendar >= 6: pip install 'fastwbxml[eas]'") from None
    return WINDOWS_TO_OLSON


@functools.lru_cache(maxsize=256)
def resolve_time_zone(name: str) -> _dt.tzinfo:
    """The ``tzinfo`` of a Graph time zone name: ``"UTC"``, a Windows name (mapped to
    IANA with CLDR's windowsZones table) or an IANA name."""
    import zoneinfo
    if not isinstance(name, str) or not name.strip():
        raise UnknownTimeZoneError(name, "a time zone name must be a non-empty string")
    if name in _UTC_NAMES:
        return _dt.timezone.utc
    iana = _windows_to_iana().get(name, name)
    try:
        return zoneinfo.ZoneInfo(iana)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        detail = (f"the Windows name maps to {iana!r}, which this system's time zone "
                  f"database lacks (install tzdata)" if iana != name else
                  "neither a Windows time zone name (CLDR windowsZones) nor an IANA name")
        raise UnknownTimeZoneError(name, detail) from None


def _ambiguous(wall: _dt.datetime, tz: _dt.tzinfo) -> bool:
    naive = wall.replace(tzinfo=None)
    return (naive.replace(tzinfo=tz, fold=0).utcoffset()
            != naive.replace(tzinfo=tz, fold=1).utcoffset())


def graph_wall_time(value: _dt.datetime, time_zone: str) -> dict[str, str]:
    """``{"dateTime": ..., "timeZone": ...}`` naming the instant *value* (an aware
    datetime) as the wall time of *time_zone*; an instant whose wall time there is
    ambiguous (the repeated hour) is written in UTC."""
    if not isinstance(value, _dt.datetime) or value.tzinfo is None \
            or value.utcoffset() is None:
        raise EASValueError("proposed times must be aware datetimes")
    tz = resolve_time_zone(time_zone)
    wall = value.astimezone(tz)
    if _ambiguous(wall, tz):
        wall, time_zone = value.astimezone(_dt.timezone.utc), "UTC"
    return {"dateTime": wall.replace(tzinfo=None).isoformat(timespec="seconds"),
            "timeZone": time_zone}


_GRAPH_DT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\Z")


def parse_graph_datetime(slot: dict) -> _dt.datetime:
    """The aware datetime a Graph ``dateTimeTimeZone`` object names (any number of
    fraction digits, as Graph writes seven; a wall time in a gap or in the repeated hour
    takes the offset before the transition, PEP 495 ``fold=0``)."""
    try:
        text, zone = slot["dateTime"], slot["timeZone"]
    except (TypeError, KeyError):
        raise EASParseError(f"a dateTimeTimeZone needs dateTime and timeZone: {slot!r}") \
            from None
    m = _GRAPH_DT.match(text) if isinstance(text, str) else None
    if m is None:
        raise EASParseError(f"dateTime {text!r} is not a wall time YYYY-MM-DDThh:mm[:ss[.f]]")
    day, hour, minute, second, frac = m.groups()
    micro = int((frac or "")[:6].ljust(6, "0"))
    try:
        naive = _dt.datetime.fromisoformat(f"{day}T{hour}:{minute}:{second or '00'}")
    except ValueError as exc:
        raise EASParseError(f"dateTime {text!r}: {exc}") from None
    return naive.replace(microsecond=micro, tzinfo=resolve_time_zone(zone))
