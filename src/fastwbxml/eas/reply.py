"""The reply mail an invitee sends the organizer (up to 14.1 the client sends it itself
with SendMail; from 16.0 the server can, see ``SendResponse``).

:func:`build_reply_mail` returns an :class:`email.message.EmailMessage`: subject
``"Accepted: …"`` / ``"Tentative: …"`` / ``"Declined: …"``, From the attendee, To the
organizer, and a ``multipart/alternative`` of a text part and a
``text/calendar; method=REPLY`` part whose VCALENDAR has METHOD:REPLY and one VEVENT with
UID, DTSTAMP, SEQUENCE, ORGANIZER and one ATTENDEE carrying PARTSTAT (RFC 5546 3.2.3),
plus RECURRENCE-ID when answering one occurrence.  The iCalendar is written with the
``icalendar`` package (the ``eas`` extra), the MIME with the standard library.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from .calendar import Attendee, CalendarEvent
from .enums import UserResponse
from .errors import EASValueError
from .meeting_request import MeetingRequest

__all__ = ["ReplyDetails", "reply_details", "build_reply_calendar", "build_reply_mail",
           "PRODID"]

PRODID = "-//fastwbxml//EAS meeting reply//EN"


def _icalendar():
    try:
        import icalendar
    except ImportError:
        raise ImportError("building a meeting reply needs the 'icalendar' package: "
                          "pip install 'fastwbxml[eas]'") from None
    return icalendar


@dataclasses.dataclass(frozen=True)
class ReplyDetails:
    """What a reply needs from the meeting, whichever object it came from."""
    uid: str
    summary: str
    organizer: tuple[str, str]                  #: (name, address)
    start: _dt.datetime | None = None
    end: _dt.datetime | None = None
    recurrence_id: _dt.datetime | None = None
    location: str | None = None


def _address(value) -> tuple[str, str]:
    if isinstance(value, Attendee):
        return (value.name or "", value.email or "")
    if isinstance(value, tuple):
        return (value[0] or "", value[1])
    return parseaddr(value or "")


def reply_details(meeting: MeetingRequest | CalendarEvent,
                  instance: _dt.datetime | None = None) -> ReplyDetails:
    """Collect UID, summary, organizer and times from a meeting request email or a
    calendar item; *instance* (an occurrence's original start) sets RECURRENCE-ID."""
    if isinstance(meeting, MeetingRequest):
        d = meeting.meeting
        organizer = _address(d.organizer) if d.organizer else _address(meeting.from_)
        loc = d.location or (d.location_info.display_name if d.location_info else None)
        details = ReplyDetails(meeting.uid or "", meeting.subject or meeting.thread_topic or "",
                               organizer, d.start_time, d.end_time,
                               instance or d.recurrence_id, loc)
    elif isinstance(meeting, CalendarEvent):
        loc = meeting.location or (meeting.location_info.display_name
                                   if meeting.location_info else None)
        details = ReplyDetails(meeting.uid or "", meeting.subject or "",
                               (meeting.organizer_name or "", meeting.organizer_email or ""),
                               meeting.start_time, meeting.end_time,
                               instance or meeting.instance_id, loc)
    else:
        raise TypeError(f"expected a MeetingRequest or CalendarEvent, not "
                        f"{type(meeting).__name__}")
    if not details.uid:
        raise EASValueError("the meeting has no UID (GlobalObjId / calendar:UID): a reply "
                            "cannot name it")
    if not details.organizer[1]:
        raise EASValueError("the meeting has no organizer address to reply to")
    return details


def build_reply_calendar(details: ReplyDetails, response: UserResponse, attendee,
                         comment: str | None = None, *, dtstamp: _dt.datetime | None = None,
                         sequence: int = 0):
    """The ``icalendar.Calendar`` of the reply (METHOD:REPLY, one VEVENT)."""
    ical = _icalendar()
    response = UserResponse(response)
    att_name, att_addr = _address(attendee)
    if not att_addr:
        raise EASValueError("the attendee needs an e-mail address")
    stamp = dtstamp or _dt.datetime.now(_dt.timezone.utc)
    cal = ical.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    ev = ical.Event()
    ev.add("uid", details.uid)
    ev.add("dtstamp", stamp.astimezone(_dt.timezone.utc))
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
        ev.add("recurrence-id", details.recurrence_id.astimezone(_dt.timezone.utc))
    if details.start is not None:
        ev.add("dtstart", details.start.astimezone(_dt.timezone.utc))
    if details.end is not None:
        ev.add("dtend", details.end.astimezone(_dt.timezone.utc))
    ev.add("summary", details.summary)
    if details.location:
        ev.add("location", details.location)
    if comment:
        ev.add("comment", comment)
    cal.add_component(ev)
    return cal


def build_reply_mail(meeting: MeetingRequest | CalendarEvent, response: UserResponse,
                     attendee, comment: str | None = None, *,
                     dtstamp: _dt.datetime | None = None, sequence: int = 0,
                     instance: _dt.datetime | None = None) -> EmailMessage:
    """The reply mail for *meeting*.

    *attendee* is the answering user: ``"Name <addr>"``, ``(name, addr)`` or an
    :class:`Attendee`.  *comment* goes in the text part and as the VEVENT's COMMENT.
    *instance* answers one occurrence (RECURRENCE-ID).  Pass *dtstamp* for a
    reproducible message (default: now).
    """
    response = UserResponse(response)
    details = reply_details(meeting, instance)
    stamp = dtstamp or _dt.datetime.now(_dt.timezone.utc)
    cal = build_reply_calendar(details, response, attendee, comment, dtstamp=stamp,
                               sequence=sequence)
    att_name, att_addr = _address(attendee)
    verb = {UserResponse.ACCEPTED: "accepted", UserResponse.TENTATIVE: "tentatively accepted",
            UserResponse.DECLINED: "declined"}[response]
    text = f"{att_name or att_addr} has {verb} this invitation: {details.summary}\n"
    if comment:
        text += f"\n{comment}\n"

    msg = EmailMessage()
    msg["From"] = formataddr((att_name, att_addr))
    msg["To"] = formataddr(details.organizer)
    msg["Subject"] = response.subject_prefix + details.summary
    msg["Date"] = format_datetime(stamp.astimezone(_dt.timezone.utc))
    msg.set_content(text)
    msg.add_alternative(cal.to_ical().decode("utf-8"), subtype="calendar",
                        params={"method": "REPLY"})
    return msg
