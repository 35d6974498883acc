"""The reply mail an invitee sends the organizer (up to 14.1 the client sends it itself
with SendMail; from 16.0 the server can, see ``SendResponse``).

:func:`build_reply_mail` returns an :class:`email.message.EmailMessage`: subject
``"Accepted: …"`` / ``"Tentative: …"`` / ``"Declined: …"``, From the attendee, To the
organizer, ``Date``, ``Message-ID``, and a ``multipart/alternative`` of a text part and a
``text/calendar; method=REPLY`` part (RFC 6047) whose VCALENDAR has METHOD:REPLY and one
VEVENT with UID, DTSTAMP, SEQUENCE, ORGANIZER and one ATTENDEE carrying PARTSTAT
(RFC 5546 3.2.3), plus RECURRENCE-ID when answering one occurrence.  The iCalendar is
written with the ``icalendar`` package (the ``eas`` extra), the MIME with the standard
library.

How each RFC 5546 3.2.3 property is chosen:

- SEQUENCE must be the request's own.  ``sequence=`` gives it; without it, it is read
  from the invitation's own iCalendar when that is at hand (a meeting request fetched
  with ``BodyPreference`` type 4, MIME, and not truncated: the VEVENT with the same UID,
  and the same RECURRENCE-ID when answering one occurrence); else 0.
- DTSTART / DTEND are optional in a REPLY.  For the meeting (or the occurrence the item
  itself is) they are its own times.  For one occurrence of a series they are that
  occurrence's own times when the item states them (a calendar item's Exception with new
  times); otherwise they are left out, never replaced by the series' first start.
- An all-day meeting ([MS-ASCAL] 2.2.2.1: midnight to midnight in its time zone) is
  written with DATE values (``DTSTART;VALUE=DATE:``, RFC 5545 3.8.2.4, DTEND the day
  after, exclusive), the dates taken in the item's TimeZone; RECURRENCE-ID then is a
  DATE too (RFC 5545 3.8.4.4: the same value type as DTSTART).  If the times are not
  midnight in that zone, DTSTART / DTEND are left out rather than guessed.

The message is 7-bit clean with CRLF line ends (RFC 5322 2.3, RFC 5545 3.1):
:data:`email.policy.SMTP` with ``cte_type="7bit"``, so non-ASCII names and subjects go
out as RFC 2047 encoded words and non-ASCII text and calendar parts as quoted-printable
or base64.  The multipart boundary and the Message-ID are derived from a SHA-256 of the
content, so the same inputs (with a fixed ``dtstamp``) give the same bytes, and a resent
reply keeps its Message-ID.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import email
import email.policy
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from ..enums import BodyType, UserResponse
from ..errors import EASParseError, EASValueError
from ..items.calendar import Attendee, CalendarEvent
from ..items.email import MeetingRequest

__all__ = ["ReplyDetails", "reply_details", "build_reply_calendar", "build_reply_mail",
           "invitation_sequence", "PRODID", "MAIL_POLICY"]

PRODID = "-//fastwbxml//EAS meeting reply//EN"

#: CRLF line ends, 7-bit transfer encodings, RFC 2047 words for non-ASCII headers
MAIL_POLICY = email.policy.SMTP.clone(cte_type="7bit")

_UTC = _dt.timezone.utc
_MIDNIGHT = _dt.time(0, 0)


def _icalendar():
    try:
        import icalendar  # lazy: optional dependency (the eas extra), needed only here
    except ImportError:
        raise ImportError("building a meeting reply needs the 'icalendar' package: "
                          "pip install 'fastwbxml[eas]'") from None
    return icalendar


@dataclasses.dataclass(frozen=True)
class ReplyDetails:
    """What a reply needs from the meeting, whichever object it came from.

    ``start`` / ``end`` are the answered meeting's or occurrence's own times (None when
    not known); ``all_day`` and ``tzinfo`` say whether and in which zone they are whole
    days; ``series_all_day`` is the series' flag (for RECURRENCE-ID's value type);
    ``sequence`` is the invitation's SEQUENCE when its iCalendar was at hand."""
    uid: str
    summary: str
    organizer: tuple[str, str]                  #: (name, address)
    start: _dt.datetime | None = None
    end: _dt.datetime | None = None
    recurrence_id: _dt.datetime | None = None
    location: str | None = None
    all_day: bool = False
    tzinfo: _dt.tzinfo = _UTC
    sequence: int | None = None
    series_all_day: bool | None = None


def _address(value) -> tuple[str, str]:
    if isinstance(value, Attendee):
        return (value.name or "", value.email or "")
    if isinstance(value, tuple):
        return (value[0] or "", value[1])
    return parseaddr(value or "")


def _same_instant(a: _dt.datetime | None, b: _dt.datetime | None) -> bool:
    return a is not None and b is not None and a == b


def _request_times(meeting: MeetingRequest, instance):
    """(start, end, recurrence_id, all_day) of a meeting request email."""
    d = meeting.meeting
    rid = instance or d.recurrence_id
    if rid is None or d.recurrence_id is not None and (instance is None
                                                       or _same_instant(instance,
                                                                        d.recurrence_id)):
        # the request is about the whole meeting, or is itself about this occurrence
        return d.start_time, d.end_time, rid, bool(d.all_day_event)
    return None, None, rid, bool(d.all_day_event)   # one occurrence of a series request


def _event_times(event: CalendarEvent, instance):
    """(start, end, recurrence_id, all_day) of a calendar item."""
    rid = instance or event.instance_id
    series_all_day = bool(event.all_day_event)
    if rid is None or event.instance_id is not None and (instance is None
                                                         or _same_instant(instance,
                                                                          event.instance_id)):
        return event.start_time, event.end_time, rid, series_all_day
    for exc in event.exceptions or ():
        if exc.deleted:
            continue
        if _same_instant(exc.exception_start_time, rid) or _same_instant(exc.instance_id, rid):
            all_day = series_all_day if exc.all_day_event is None else bool(exc.all_day_event)
            if exc.start_time is not None and exc.end_time is not None:
                return exc.start_time, exc.end_time, rid, all_day
            return None, None, rid, all_day
    return None, None, rid, series_all_day          # an unmodified occurrence


def _occurrence_date(meeting: MeetingRequest, recurrence_id: _dt.datetime) -> _dt.date:
    """The date an all-day occurrence starts on, in the meeting's own time zone."""
    try:
        tz = meeting.meeting.tzinfo()
    except EASParseError:
        tz = _UTC
    return recurrence_id.astimezone(tz).date()


def invitation_sequence(meeting, recurrence_id: _dt.datetime | None = None) -> int | None:
    """The SEQUENCE of the invitation's own iCalendar, when *meeting* is a meeting request
    fetched as MIME (``airsyncbase:Body`` type 4, not truncated) whose ``text/calendar``
    part has a VEVENT with the meeting's UID (and *recurrence_id*, when given; else the
    one without RECURRENCE-ID).  None when that is not at hand; an absent SEQUENCE is 0
    (RFC 5545 3.8.7.4)."""
    body = getattr(meeting, "body", None)
    if (not isinstance(meeting, MeetingRequest) or body is None or body.type != BodyType.MIME
            or not body.data or body.truncated):
        return None
    uid = meeting.uid
    ical = _icalendar()
    mime = email.message_from_string(body.data, policy=email.policy.default)
    for part in mime.walk():
        if part.get_content_type() not in ("text/calendar", "application/ics"):
            continue
        try:
            payload = part.get_content()
            cal = ical.Calendar.from_ical(payload if isinstance(payload, str)
                                          else payload.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, LookupError):
            continue                                # unreadable: not at hand
        for ev in cal.walk("VEVENT"):
            if uid is not None and str(ev.get("UID", "")) != uid:
                continue
            rid = ev.get("RECURRENCE-ID")
            if recurrence_id is None and rid is not None:
                continue
            if recurrence_id is not None:
                if rid is None:
                    continue
                value = rid.dt
                if isinstance(value, _dt.datetime):
                    if value.tzinfo is None or not _same_instant(value, recurrence_id):
                        continue
                elif value != _occurrence_date(meeting, recurrence_id):
                    continue
            seq = ev.get("SEQUENCE")
            try:
                return int(seq) if seq is not None else 0
            except (TypeError, ValueError):
                return None
    return None


def reply_details(meeting: MeetingRequest | CalendarEvent,
                  instance: _dt.datetime | None = None) -> ReplyDetails:
    """Collect UID, summary, organizer, times and the invitation's SEQUENCE from a
    meeting request email or a calendar item; *instance* (an occurrence's original start)
    sets RECURRENCE-ID and answers that occurrence only."""
    if instance is not None and (not isinstance(instance, _dt.datetime)
                                 or instance.utcoffset() is None):
        raise EASValueError("instance (the occurrence's original start) must be an aware "
                            "datetime")
    if isinstance(meeting, MeetingRequest):
        d = meeting.meeting
        organizer = _address(d.organizer) if d.organizer else _address(meeting.from_)
        loc = d.location or (d.location_info.display_name if d.location_info else None)
        start, end, rid, all_day = _request_times(meeting, instance)
        details = ReplyDetails(meeting.uid or "", meeting.subject or meeting.thread_topic or "",
                               organizer, start, end, rid, loc, all_day,
                               d.tzinfo() if all_day else _UTC,
                               invitation_sequence(meeting, rid), bool(d.all_day_event))
    elif isinstance(meeting, CalendarEvent):
        loc = meeting.location or (meeting.location_info.display_name
                                   if meeting.location_info else None)
        start, end, rid, all_day = _event_times(meeting, instance)
        details = ReplyDetails(meeting.uid or "", meeting.subject or "",
                               (meeting.organizer_name or "", meeting.organizer_email or ""),
                               start, end, rid, loc, all_day,
                               meeting.tzinfo() if all_day or meeting.all_day_event else _UTC,
                               None, bool(meeting.all_day_event))
    else:
        raise TypeError(f"expected a MeetingRequest or CalendarEvent, not "
                        f"{type(meeting).__name__}")
    if not details.uid:
        raise EASValueError("the meeting has no UID (GlobalObjId / calendar:UID): a reply "
                            "cannot name it")
    if not details.organizer[1]:
        raise EASValueError("the meeting has no organizer address to reply to")
    return details


def _local_date(value: _dt.datetime, tz: _dt.tzinfo) -> _dt.date | None:
    """The date of *value* in *tz* if it is midnight there, else None."""
    local = value.astimezone(tz)
    return local.date() if local.time() == _MIDNIGHT else None


def _check_sequence(sequence) -> int:
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
        raise EASValueError(f"sequence must be a non-negative integer (RFC 5545 3.8.7.4), "
                            f"not {sequence!r}")
    return sequence


def build_reply_calendar(details: ReplyDetails, response: UserResponse, attendee,
                         comment: str | None = None, *, dtstamp: _dt.datetime | None = None,
                         sequence: int | None = None):
    """The ``icalendar.Calendar`` of the reply (METHOD:REPLY, one VEVENT).  *sequence*
    defaults to ``details.sequence``, else 0."""
    ical = _icalendar()
    response = UserResponse(response)
    att_name, att_addr = _address(attendee)
    if not att_addr:
        raise EASValueError("the attendee needs an e-mail address")
    if sequence is None:
        sequence = details.sequence if details.sequence is not None else 0
    sequence = _check_sequence(sequence)
    stamp = dtstamp or _dt.datetime.now(_UTC)
    cal = ical.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    ev = ical.Event()
    ev.add("uid", details.uid)
    ev.add("dtstamp", stamp.astimezone(_UTC))
    ev.add("sequence", sequence)
    org = ical.vCalAddress(f"mailto:{details.organizer[1]}")
    if details.organizer[0]:
        org.params["CN"] = ical.vText(details.organizer[0])
    ev.add("organizer", org)
    att = ical.vCalAddress(f"mailto:{att_addr}")
    att.params["PARTSTAT"] = ical.vText(response.partstat)
    if att_name:
        att.params["CN"] = ical.vText(att_name)
    ev.add("attendee", att)
    if details.recurrence_id is not None:
        series_all_day = (details.all_day if details.series_all_day is None
                          else details.series_all_day)
        day = _local_date(details.recurrence_id, details.tzinfo) if series_all_day else None
        ev.add("recurrence-id", day if day is not None
               else details.recurrence_id.astimezone(_UTC))
    if details.start is not None and details.end is not None:
        if details.all_day:
            first = _local_date(details.start, details.tzinfo)
            after = _local_date(details.end, details.tzinfo)
            if first is not None and after is not None and after > first:
                ev.add("dtstart", first)
                ev.add("dtend", after)
        else:
            ev.add("dtstart", details.start.astimezone(_UTC))
            ev.add("dtend", details.end.astimezone(_UTC))
    ev.add("summary", details.summary)
    if details.location:
        ev.add("location", details.location)
    if comment:
        ev.add("comment", comment)
    cal.add_component(ev)
    return cal


def _mail_address(name: str, addr: str, role: str) -> Address:
    if not addr.isascii():
        raise EASValueError(f"the {role} address {addr!r} is not ASCII: a 7-bit reply mail "
                            "cannot carry it (SMTPUTF8 is not supported)")
    try:
        return Address(display_name=name, addr_spec=addr)
    except (ValueError, IndexError) as exc:
        raise EASValueError(f"the {role} address {addr!r} is not valid: {exc}") from None


_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


def build_reply_mail(meeting: MeetingRequest | CalendarEvent, response: UserResponse,
                     attendee, comment: str | None = None, *,
                     dtstamp: _dt.datetime | None = None, sequence: int | None = None,
                     instance: _dt.datetime | None = None) -> EmailMessage:
    """The reply mail for *meeting*.

    *attendee* is the answering user: ``"Name <addr>"``, ``(name, addr)`` or an
    :class:`Attendee`.  *comment* goes in the text part and as the VEVENT's COMMENT.
    *sequence* is the SEQUENCE of the request answered (RFC 5546 3.2.3); ``None`` reads
    it from the invitation's own iCalendar when at hand (see
    :func:`invitation_sequence`), else 0.  *instance* answers one occurrence
    (RECURRENCE-ID).  Pass *dtstamp* for a reproducible message (default: now); it is
    also the ``Date``.  ``msg.as_bytes()`` gives the 7-bit, CRLF bytes for SendMail.
    """
    response = UserResponse(response)
    details = reply_details(meeting, instance)
    stamp = dtstamp or _dt.datetime.now(_UTC)
    cal = build_reply_calendar(details, response, attendee, comment, dtstamp=stamp,
                               sequence=sequence)
    att_name, att_addr = _address(attendee)
    verb = {UserResponse.ACCEPTED: "accepted", UserResponse.TENTATIVE: "tentatively accepted",
            UserResponse.DECLINED: "declined"}[response]
    text = f"{att_name or att_addr} has {verb} this invitation: {details.summary}\n"
    if comment:
        text += f"\n{comment}\n"
    ics = cal.to_ical().decode("utf-8")

    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = _mail_address(att_name, att_addr, "attendee")
    msg["To"] = _mail_address(*details.organizer, "organizer")
    msg["Subject"] = response.subject_prefix + details.summary
    msg["Date"] = format_datetime(stamp.astimezone(_UTC))
    digest = hashlib.sha256("\0".join(
        (str(msg["From"]), str(msg["To"]), str(msg["Subject"]), str(msg["Date"]), text, ics)
    ).encode("utf-8")).hexdigest()
    domain = att_addr.rpartition("@")[2]
    if not _DOMAIN.fullmatch(domain):
        domain = "fastwbxml.invalid"
    msg["Message-ID"] = f"<{digest[:40]}@{domain}>"
    msg.set_content(text)
    msg.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
    boundary = "=_" + digest[40:]
    while any(boundary in str(part.get_payload()) for part in msg.iter_parts()):
        boundary += "_"
    msg.set_boundary(boundary)
    return msg
