"""The reply mail parses back with email and icalendar."""
import datetime as dt
import email
import email.policy
import sys

import pytest

from fastwbxml.eas import (Attendee, CalendarEvent, EASValueError, UserResponse,
                           build_reply_mail)

from . import seed

icalendar = pytest.importorskip("icalendar")
UTC = dt.timezone.utc


def _parse(msg):
    mail = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert mail.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in mail.iter_parts()]
    assert types == ["text/plain", "text/calendar"]
    cal_part = list(mail.iter_parts())[1]
    cal = icalendar.Calendar.from_ical(cal_part.get_content())
    return mail, cal_part, cal


@pytest.mark.parametrize("response", list(UserResponse))
def test_reply_for_each_response(response):
    msg = build_reply_mail(seed.MEETING, response, ("Bob", "bob@contoso.com"),
                           comment="Looking forward", dtstamp=seed.STAMP)
    mail, part, cal = _parse(msg)
    assert mail["Subject"] == response.subject_prefix + "Project sync"
    assert mail["From"].addresses[0].addr_spec == "bob@contoso.com"
    assert mail["To"].addresses[0].addr_spec == "alice@contoso.com"
    assert part.get_param("method") == "REPLY"
    assert "Looking forward" in list(mail.iter_parts())[0].get_content()
    assert str(cal["METHOD"]) == "REPLY"
    (ev,) = cal.walk("VEVENT")
    assert str(ev["UID"]) == seed.UID
    assert ev.decoded("DTSTAMP") == seed.STAMP
    assert ev.decoded("DTSTART") == seed.START and ev.decoded("DTEND") == seed.END
    assert int(ev["SEQUENCE"]) == 0
    assert str(ev["ORGANIZER"]) == "mailto:alice@contoso.com"
    att = ev["ATTENDEE"]
    assert not isinstance(att, list), "exactly one ATTENDEE"
    assert str(att) == "mailto:bob@contoso.com"
    assert att.params["PARTSTAT"] == response.partstat
    assert att.params["CN"] == "Bob"
    assert "RECURRENCE-ID" not in ev
    assert str(ev["COMMENT"]) == "Looking forward"


def test_reply_to_a_single_occurrence_from_a_calendar_event():
    occ = dt.datetime(2011, 5, 17, 17, tzinfo=UTC)
    msg = build_reply_mail(seed.ACCEPTED_ITEM, UserResponse.TENTATIVE,
                           Attendee(email="bob@contoso.com", name="Bob"),
                           dtstamp=seed.STAMP, sequence=2, instance=occ)
    _, _, cal = _parse(msg)
    (ev,) = cal.walk("VEVENT")
    assert ev.decoded("RECURRENCE-ID") == occ
    assert int(ev["SEQUENCE"]) == 2
    assert ev["ATTENDEE"].params["PARTSTAT"] == "TENTATIVE"
    assert str(ev["UID"]) == seed.UID


def test_reply_needs_uid_and_organizer():
    with pytest.raises(EASValueError, match="UID"):
        build_reply_mail(CalendarEvent(subject="x", organizer_email="a@b"),
                         UserResponse.ACCEPTED, "b@c")
    with pytest.raises(EASValueError, match="organizer"):
        build_reply_mail(CalendarEvent(subject="x", uid="u"), UserResponse.ACCEPTED, "b@c")


def test_missing_icalendar_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(ImportError, match=r"fastwbxml\[eas\]"):
        build_reply_mail(seed.MEETING, UserResponse.ACCEPTED, "bob@contoso.com")
