"""GlobalObjId <-> UID, the TimeZone blob as a tzinfo, EAS date forms."""
import base64
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from fastwbxml.eas import (EASParseError, EASTimeZone, GlobalObjectId, SystemTime,
                           format_datetime, global_obj_id_from_uid, parse_datetime,
                           uid_from_global_obj_id)

UTC = dt.timezone.utc

# [MS-ASEMAIL] 4.3 Converting a GlobalObjId to a UID, examples 1 and 2
OUTLOOK_GOID = "BAAAAIIA4AB0xbcQGoLgCAfUCRDgQMnBJoXEAQAAAAAAAAAAEAAAAAvw7UtuTulOnjnjhns3jvM="
OUTLOOK_UID = ("040000008200E00074C5B7101A82E00800000000E040C9C12685C4010000000000000000"
               "100000000BF0ED4B6E4EE94E9E39E3867B378EF3")
VCAL_GOID = ("BAAAAIIA4AB0xbcQGoLgCAAAAAAAAAAAAAAAAAAAAAAAAAAAMwAAAHZDYWwtVWlkAQAAAHs4MTQxMkQz"
             "Qy0yQTI0LTRFOUQtQjIwRS0xMUY3QkJFOTI3OTl9AA==")
VCAL_UID = "{81412D3C-2A24-4E9D-B20E-11F7BBE92799}"


def test_spec_example_1_outlook_id_zeroes_the_instance_date():
    g = GlobalObjectId.from_base64(OUTLOOK_GOID)
    assert not g.is_third_party
    assert g.instance_date == dt.date(2004, 9, 16)    # bytes 17-20: 07 D4 09 10
    assert uid_from_global_obj_id(OUTLOOK_GOID) == OUTLOOK_UID


def test_spec_example_2_vcal_uid():
    g = GlobalObjectId.from_base64(VCAL_GOID)
    assert g.is_third_party and g.instance_date is None and g.creation_time is None
    assert g.uid == VCAL_UID
    assert global_obj_id_from_uid(VCAL_UID) == VCAL_GOID   # the exact bytes back


def test_outlook_uid_back_to_global_obj_id_with_instance_date():
    goid = global_obj_id_from_uid(OUTLOOK_UID, instance_date=dt.date(2004, 9, 16))
    assert goid == OUTLOOK_GOID


@given(st.text(min_size=1).filter(lambda s: "\x00" not in s))
def test_any_third_party_uid_round_trips(uid):
    assert uid_from_global_obj_id(global_obj_id_from_uid(uid)) == uid


def test_not_a_global_obj_id():
    with pytest.raises(EASParseError):
        uid_from_global_obj_id(base64.b64encode(b"\x00" * 40).decode())
    with pytest.raises(EASParseError):
        uid_from_global_obj_id("not base64!")


EASTERN = EASTimeZone(bias=300, standard_name="Eastern Standard Time",
                      standard_date=SystemTime(0, 11, 0, 1, 2), standard_bias=0,
                      daylight_name="Eastern Daylight Time",
                      daylight_date=SystemTime(0, 3, 0, 2, 2), daylight_bias=-60)
# Southern hemisphere: AUS Eastern, DST from 1st Sunday of October to 1st Sunday of April
SYDNEY = EASTimeZone(bias=-600, standard_name="AUS Eastern Standard Time",
                     standard_date=SystemTime(0, 4, 0, 1, 3), daylight_name="AUS Eastern Daylight Time",
                     daylight_date=SystemTime(0, 10, 0, 1, 2), daylight_bias=-60)


def test_blob_round_trip():
    assert EASTimeZone.from_base64(EASTERN.to_base64()) == EASTERN
    assert len(EASTERN.to_bytes()) == 172
    with pytest.raises(EASParseError, match="172"):
        EASTimeZone.from_bytes(b"\x00" * 100)


@pytest.mark.parametrize("zone,utc,offset_h,name", [
    (EASTERN, "2024-01-15T12:00", -5, "Eastern Standard Time"),
    (EASTERN, "2024-07-01T12:00", -4, "Eastern Daylight Time"),
    (EASTERN, "2024-03-10T06:59", -5, "Eastern Standard Time"),   # 01:59 EST
    (EASTERN, "2024-03-10T07:00", -4, "Eastern Daylight Time"),   # 03:00 EDT
    (EASTERN, "2024-11-03T05:30", -4, "Eastern Daylight Time"),   # first 01:30
    (EASTERN, "2024-11-03T06:30", -5, "Eastern Standard Time"),   # second 01:30
    (SYDNEY, "2024-01-15T00:00", 11, "AUS Eastern Daylight Time"),
    (SYDNEY, "2024-07-15T00:00", 10, "AUS Eastern Standard Time"),
])
def test_tzinfo_offsets(zone, utc, offset_h, name):
    u = dt.datetime.fromisoformat(utc).replace(tzinfo=UTC)
    local = u.astimezone(zone.tzinfo())
    assert local.utcoffset() == dt.timedelta(hours=offset_h)
    assert local.tzname() == name
    assert local.astimezone(UTC) == u        # consistent both ways, incl. the repeated hour


def test_zone_without_dst_is_fixed():
    tz = EASTimeZone(bias=-330).tzinfo()       # India
    for month in (1, 7):
        assert dt.datetime(2024, month, 1, tzinfo=tz).utcoffset() == dt.timedelta(hours=5, minutes=30)


def test_last_weekday_rule():
    # wDay 5 = last Sunday of the month (EU rule)
    assert SystemTime(0, 3, 0, 5, 1).transition(2024) == dt.datetime(2024, 3, 31, 1)
    assert SystemTime(0, 10, 0, 5, 1).transition(2023) == dt.datetime(2023, 10, 29, 1)


@pytest.mark.parametrize("text", ["20110510T170000Z", "2011-05-10T17:00:00.000Z",
                                  "2011-05-10T17:00:00Z", "2011-05-10T19:00:00+02:00"])
def test_both_date_forms(text):
    assert parse_datetime(text) == dt.datetime(2011, 5, 10, 17, tzinfo=UTC)


def test_date_formats_written():
    d = dt.datetime(2011, 5, 10, 19, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert format_datetime(d, compact=True) == "20110510T170000Z"
    assert format_datetime(d, compact=False) == "2011-05-10T17:00:00.123Z"
    with pytest.raises(EASParseError):
        parse_datetime("2011-13-10T17:00:00.000Z")
