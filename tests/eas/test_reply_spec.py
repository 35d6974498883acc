"""The reply mail (SendMail, up to 14.1) against RFC 5322 / 2047 / 5545 / 5546 / 6047.

RFC 5546 3.2.3 (REPLY restriction table): SEQUENCE "MUST if non-zero, MUST be the
sequence number of the original REQUEST"; DTSTART / DTEND "0 or 1"; RECURRENCE-ID "only
if referring to an instance of a recurring calendar component".
"""
import dataclasses
import datetime as dt
import email
import email.policy
import re

import pytest

from fastwbxml.eas import (Action, Body, BodyType, CalendarException,
                           CalendarRecurrence, EASValueError, MeetingDecision,
                           MeetingResponseFlow, RecurrenceType, UserResponse,
                           build_reply_mail, invitation_sequence)

from . import seed

icalendar = pytest.importorskip("icalendar")
UTC = dt.timezone.utc
DAY = dt.timedelta(days=1)
BOB = ("Bob", "bob@contoso.com")


def _parts(raw: bytes):
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    text, cal = list(mail.iter_parts())
    return mail, text, cal


def _event(msg):
    _, _, part = _parts(msg.as_bytes())
    cal = icalendar.Calendar.from_ical(part.get_content())
    (ev,) = cal.walk("VEVENT")
    return ev, part.get_content()


# -- item 7: RFC 5322 CRLF, RFC 2047 headers, 7-bit parts, Message-ID and Date ------------
def test_reply_mail_rfc5322_crlf_rfc2047_7bit_message_id_and_date():
    """RFC 5322 2.3 / RFC 5545 3.1: every line ends CRLF; RFC 2047 encoded words for
    non-ASCII headers and quoted-printable / base64 parts (all bytes < 0x80); RFC 5322
    3.6.1 / 3.6.4: Date and Message-ID; the decoded text round-trips."""
    subject = "Réunion – 会議 ☕"
    meeting = dataclasses.replace(seed.MEETING, subject=subject, meeting=dataclasses.replace(
        seed.MEETING.meeting, organizer='"Ålice Öberg" <alice@contoso.com>'))
    comment = "À bientôt — 또 봐요\nsecond line"
    msg = build_reply_mail(meeting, UserResponse.TENTATIVE, ("Zoë Ångström", "bob@contoso.com"),
                           comment, dtstamp=seed.STAMP)
    raw = msg.as_bytes()
    assert max(raw) < 0x80, "7-bit clean"
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii").split("\r\n")
    assert any(re.fullmatch(r"Subject: Tentative: =\?utf-8\?[bq]\?\S+\?=", h, re.I)
               for h in head), head
    assert any(re.fullmatch(r"From: =\?utf-8\?[bq]\?\S+\?= <bob@contoso\.com>", h, re.I)
               for h in head), head
    assert any(re.fullmatch(r"Message-ID: <[0-9a-f]{40}@contoso\.com>", h) for h in head), head
    assert "Date: Mon, 09 May 2011 16:14:29 +0000" in head

    mail, text, part = _parts(raw)
    assert mail["Subject"] == "Tentative: " + subject
    assert mail["From"].addresses[0].display_name == "Zoë Ångström"
    assert mail["To"].addresses[0].display_name == "Ålice Öberg"
    assert email.utils.parsedate_to_datetime(mail["Date"]) == seed.STAMP
    assert text["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    assert part["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    assert comment in text.get_content().replace("\r\n", "\n")
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REPLY"
    cal = icalendar.Calendar.from_ical(part.get_content())
    (ev,) = cal.walk("VEVENT")
    assert str(ev["SUMMARY"]) == subject
    assert str(ev["COMMENT"]) == comment
    assert ev["ATTENDEE"].params["CN"] == "Zoë Ångström"
    assert ev["ORGANIZER"].params["CN"] == "Ålice Öberg"


def test_reply_mail_is_reproducible_and_message_ids_differ_by_content():
    """RFC 5322 3.6.4: one Message-ID per message; with a fixed dtstamp the same reply is
    the same bytes (a resent SendMail keeps its Message-ID), another reply gets another."""
    a = build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP)
    b = build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP)
    c = build_reply_mail(seed.MEETING, UserResponse.DECLINED, BOB, dtstamp=seed.STAMP)
    assert a.as_bytes() == b.as_bytes()
    assert a["Message-ID"] != c["Message-ID"]


def test_reply_mail_refuses_a_non_ascii_address():
    """RFC 5321/5322 without SMTPUTF8: a 7-bit message cannot carry a non-ASCII address."""
    with pytest.raises(EASValueError, match="not ASCII"):
        build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, ("Bob", "böb@contoso.com"))


# -- item 8: RFC 5546 3.2.3 SEQUENCE ------------------------------------------------------
def _invitation_mime(*vevents: str) -> str:
    ics = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                       "METHOD:REQUEST", *vevents, "END:VCALENDAR", ""])
    return ("From: Alice <alice@contoso.com>\r\nTo: Bob <bob@contoso.com>\r\n"
            "Subject: Project sync\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n'
            "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLet's meet.\r\n"
            '--b1\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n'
            f"{ics}--b1--\r\n")


def _vevent(seq=None, rid=None, uid=seed.UID):
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20110509T161429Z",
             "DTSTART:20110510T170000Z", "DTEND:20110510T180000Z"]
    if rid:
        lines.append(f"RECURRENCE-ID:{rid}")
    if seq is not None:
        lines.append(f"SEQUENCE:{seq}")
    return "\r\n".join(lines + ["END:VEVENT"])


def _fetched(mime: str, truncated=False):
    """The seed meeting request as fetched with BodyPreference type 4 (MIME)."""
    return dataclasses.replace(seed.MEETING, body=Body(type=BodyType.MIME, data=mime,
                                                       truncated=truncated))


def test_rfc5546_3_2_3_flow_sequence_is_the_replys_sequence():
    """RFC 5546 3.2.3: MeetingResponseFlow(sequence=) puts the request's SEQUENCE into the
    reply it mails (up to 14.1)."""
    flow = MeetingResponseFlow(seed.MEETING, MeetingDecision(UserResponse.ACCEPTED), "14.1",
                               collection_id="5", request_id="5:1", attendee=BOB,
                               dtstamp=seed.STAMP, sequence=3)
    flow.start()
    step = flow.on_meeting_response(seed.MR_RESPONSE)
    assert step.action is Action.SEND_REPLY_MAIL
    mail = email.message_from_bytes(step.messages[0].message.mime, policy=email.policy.default)
    part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    (ev,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert int(ev["SEQUENCE"]) == 3


def test_rfc5546_3_2_3_sequence_read_from_the_invitations_own_icalendar():
    """RFC 5546 3.2.3: with the meeting request fetched as MIME, the reply's SEQUENCE is
    the invitation's; an explicit sequence= wins; a truncated body is not trusted."""
    fetched = _fetched(_invitation_mime(_vevent(seq=4)))
    assert invitation_sequence(fetched) == 4
    ev, _ = _event(build_reply_mail(fetched, UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP))
    assert int(ev["SEQUENCE"]) == 4
    ev, _ = _event(build_reply_mail(fetched, UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP,
                                    sequence=5))
    assert int(ev["SEQUENCE"]) == 5
    flow = MeetingResponseFlow(fetched, MeetingDecision(UserResponse.ACCEPTED), "14.1",
                               collection_id="5", request_id="5:1", attendee=BOB)
    assert int(icalendar.Calendar.from_ical(next(
        p for p in flow.reply_mail().walk() if p.get_content_type() == "text/calendar"
    ).get_content()).walk("VEVENT")[0]["SEQUENCE"]) == 4
    # the MeetingDecision path
    ev, _ = _event(MeetingDecision(UserResponse.DECLINED, comment="No").reply_mail(
        fetched, BOB, dtstamp=seed.STAMP))
    assert int(ev["SEQUENCE"]) == 4 and str(ev["COMMENT"]) == "No"
    assert invitation_sequence(_fetched(_invitation_mime(_vevent(seq=4)), truncated=True)) \
        is None
    assert invitation_sequence(_fetched(_invitation_mime(_vevent(seq=4, uid="other")))) is None
    assert invitation_sequence(_fetched(_invitation_mime(_vevent()))) == 0   # absent = 0
    assert invitation_sequence(seed.MEETING) is None                          # no MIME


def test_rfc5546_3_2_3_sequence_of_the_answered_occurrence():
    """RFC 5546 3.2.3: answering one occurrence, the SEQUENCE is that occurrence's VEVENT
    (same RECURRENCE-ID) in the invitation."""
    occ = dt.datetime(2011, 5, 17, 17, tzinfo=UTC)
    fetched = _fetched(_invitation_mime(_vevent(seq=2), _vevent(seq=7, rid="20110517T170000Z")))
    assert invitation_sequence(fetched) == 2
    assert invitation_sequence(fetched, occ) == 7
    ev, _ = _event(build_reply_mail(fetched, UserResponse.TENTATIVE, BOB, dtstamp=seed.STAMP,
                                    instance=occ))
    assert int(ev["SEQUENCE"]) == 7 and ev.decoded("RECURRENCE-ID") == occ


@pytest.mark.parametrize("bad", [-1, "1", 1.0, True])
def test_rfc5545_3_8_7_4_sequence_is_a_non_negative_integer(bad):
    with pytest.raises(EASValueError, match="sequence"):
        build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, BOB, sequence=bad)


# -- item 9: one occurrence: its own DTSTART / DTEND, or none -----------------------------
SERIES_START = dt.datetime(2011, 5, 10, 17, tzinfo=UTC)
MOVED = dt.datetime(2011, 5, 24, 17, tzinfo=UTC)          # original start of a moved one


def _series(**kw):
    return dataclasses.replace(
        seed.ACCEPTED_ITEM, start_time=SERIES_START, end_time=SERIES_START + dt.timedelta(hours=1),
        recurrence=CalendarRecurrence(type=RecurrenceType.WEEKLY, interval=1, day_of_week=4),
        exceptions=(CalendarException(exception_start_time=MOVED,
                                      start_time=MOVED + dt.timedelta(hours=2),
                                      end_time=MOVED + dt.timedelta(hours=3)),), **kw)


def test_rfc5546_3_2_3_occurrence_reply_never_carries_the_series_first_start():
    """RFC 5546 3.2.3: a REPLY for one occurrence carries RECURRENCE-ID and either the
    occurrence's own DTSTART/DTEND or none (they are optional), never the series' first
    start."""
    occ = dt.datetime(2011, 5, 17, 17, tzinfo=UTC)           # unmodified occurrence
    ev, text = _event(build_reply_mail(_series(), UserResponse.ACCEPTED, BOB,
                                       dtstamp=seed.STAMP, instance=occ))
    assert ev.decoded("RECURRENCE-ID") == occ
    assert "DTSTART" not in ev and "DTEND" not in ev, text
    # a moved occurrence: the Exception states its own times
    ev, _ = _event(build_reply_mail(_series(), UserResponse.ACCEPTED, BOB,
                                    dtstamp=seed.STAMP, instance=MOVED))
    assert ev.decoded("RECURRENCE-ID") == MOVED
    assert ev.decoded("DTSTART") == MOVED + dt.timedelta(hours=2)
    assert ev.decoded("DTEND") == MOVED + dt.timedelta(hours=3)
    # the whole series: the series' times, no RECURRENCE-ID
    ev, _ = _event(build_reply_mail(_series(), UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP))
    assert ev.decoded("DTSTART") == SERIES_START and "RECURRENCE-ID" not in ev


def test_rfc5546_3_2_3_occurrence_of_a_meeting_request():
    """RFC 5546 3.2.3: a meeting request that is itself about one occurrence
    (email:RecurrenceId) replies with that occurrence's times; one occurrence of a series
    request replies without times."""
    occ = dt.datetime(2011, 5, 17, 17, tzinfo=UTC)
    d = seed.MEETING.meeting
    one = dataclasses.replace(seed.MEETING, meeting=dataclasses.replace(
        d, recurrence_id=occ, start_time=occ + dt.timedelta(hours=1),
        end_time=occ + dt.timedelta(hours=2)))
    ev, _ = _event(build_reply_mail(one, UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP))
    assert ev.decoded("RECURRENCE-ID") == occ
    assert ev.decoded("DTSTART") == occ + dt.timedelta(hours=1)
    ev, _ = _event(build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, BOB,
                                    dtstamp=seed.STAMP, instance=occ))
    assert ev.decoded("RECURRENCE-ID") == occ and "DTSTART" not in ev and "DTEND" not in ev


# -- item 10: all-day meetings as DATE values ---------------------------------------------
# seed.TZ_BLOB is Eastern time (Bias 300, daylight -60): 2011-05-10 00:00 EDT = 04:00Z
EDT_MIDNIGHT = dt.datetime(2011, 5, 10, 4, tzinfo=UTC)


def _all_day_request(start=EDT_MIDNIGHT, days=1, **kw):
    return dataclasses.replace(seed.MEETING, meeting=dataclasses.replace(
        seed.MEETING.meeting, all_day_event=True, start_time=start,
        end_time=start + days * DAY, **kw))


def test_rfc5545_3_8_2_4_all_day_meeting_is_written_as_date_values():
    """RFC 5545 3.8.2.4 / 3.8.2.2 with [MS-ASCAL] 2.2.2.1 (midnight to midnight in the
    meeting's zone): DTSTART;VALUE=DATE and the exclusive DTEND;VALUE=DATE, dates taken
    in the item's TimeZone, not UTC date-times."""
    ev, text = _event(build_reply_mail(_all_day_request(days=2), UserResponse.ACCEPTED, BOB,
                                       dtstamp=seed.STAMP))
    assert "DTSTART;VALUE=DATE:20110510\r\n" in text
    assert "DTEND;VALUE=DATE:20110512\r\n" in text
    assert ev.decoded("DTSTART") == dt.date(2011, 5, 10)
    # a calendar item: same, from calendar:Timezone
    item = dataclasses.replace(seed.ACCEPTED_ITEM, all_day_event=True, start_time=EDT_MIDNIGHT,
                               end_time=EDT_MIDNIGHT + DAY)
    _, text = _event(build_reply_mail(item, UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP))
    assert "DTSTART;VALUE=DATE:20110510\r\n" in text and "DTEND;VALUE=DATE:20110511\r\n" in text


def test_rfc5545_all_day_without_midnight_in_its_zone_omits_the_times():
    """An all-day item whose times are not midnight in its zone gets no DTSTART/DTEND
    (optional in a REPLY, RFC 5546 3.2.3) rather than a guessed date."""
    msg = build_reply_mail(_all_day_request(start=EDT_MIDNIGHT + dt.timedelta(hours=3)),
                           UserResponse.ACCEPTED, BOB, dtstamp=seed.STAMP)
    ev, _ = _event(msg)
    assert "DTSTART" not in ev and "DTEND" not in ev


def test_rfc5545_3_8_4_4_all_day_occurrence_recurrence_id_is_a_date():
    """RFC 5545 3.8.4.4: RECURRENCE-ID has DTSTART's value type, so an occurrence of an
    all-day series is named by a DATE."""
    occ = EDT_MIDNIGHT + 7 * DAY
    series = dataclasses.replace(seed.ACCEPTED_ITEM, all_day_event=True,
                                 start_time=EDT_MIDNIGHT, end_time=EDT_MIDNIGHT + DAY,
                                 recurrence=CalendarRecurrence(type=RecurrenceType.WEEKLY))
    _, text = _event(build_reply_mail(series, UserResponse.DECLINED, BOB, dtstamp=seed.STAMP,
                                      instance=occ))
    assert "RECURRENCE-ID;VALUE=DATE:20110517\r\n" in text


def test_rfc5545_3_8_4_4_all_day_occurrence_sequence_matched_by_its_local_date():
    """RFC 5545 3.8.4.4: an all-day invitation names its occurrences by DATE; the
    occurrence is matched by its date in the meeting's zone (Tokyo midnight is the day
    before in UTC)."""
    tokyo = dt.timezone(dt.timedelta(hours=9))
    occ = dt.datetime(2011, 5, 17, 0, tzinfo=tokyo)
    fetched = _fetched(_invitation_mime(_vevent(seq=1), _vevent(seq=6, rid="20110517")))
    # seed's zone is Eastern: 2011-05-17 00:00 EDT is 04:00Z
    assert invitation_sequence(fetched, dt.datetime(2011, 5, 17, 4, tzinfo=UTC)) == 6
    assert invitation_sequence(fetched, occ) is None     # 2011-05-16 in Eastern time


def test_reply_instance_must_be_an_aware_datetime():
    with pytest.raises(EASValueError, match="instance"):
        build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, BOB,
                         instance=dt.datetime(2011, 5, 17, 17))
