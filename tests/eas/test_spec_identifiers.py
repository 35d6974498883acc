"""Identifiers and time zones against their specifications (issue 10, items 11 and 12):
the GlobalObjId of a third-party hex UID ([MS-OXCICAL] 2.1.3.1.1.20.26) and the TimeZone
blob's wall times in the spring-forward gap (PEP 495, compared with :mod:`zoneinfo`)."""
import base64
import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, strategies as st

from fastwbxml.eas import (EASTimeZone, GlobalObjectId, SystemTime, global_obj_id_from_uid,
                           uid_from_global_obj_id)

CLASS_ID_HEX = "040000008200E00074C5B7101A82E008"


# -- item 11 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("uid", [
    CLASS_ID_HEX,                                   # the class id alone (32 hex digits)
    CLASS_ID_HEX + "00000000",                      # + an instance date
    CLASS_ID_HEX + "0" * 48,                        # the whole 40-byte header, no data (80)
    CLASS_ID_HEX.lower() + "0" * 46 + "ab",         # 80 digits, lower case
])
def test_short_hex_uid_with_class_id_is_third_party_ms_oxcical_2_1_3_1_1_20_26(uid):
    """[MS-OXCICAL] 2.1.3.1.1.20.26: ``EncodedGlobalId = Header GlobalIdData`` with an
    80-hex-digit Header and ``GlobalIdData = 2*HEXDIG``, so an EncodedGlobalId has at
    least 82 hex digits; a shorter hex UID that starts with the class id is a
    ``ThirdPartyGlobalId``: wrapped in the vCal-Uid form, not raised on, not misread as
    the binary form."""
    goid = global_obj_id_from_uid(uid)
    g = GlobalObjectId.from_base64(goid)
    assert g.is_third_party
    assert g.data[12:] == uid.encode("ascii") + b"\x00"
    assert uid_from_global_obj_id(goid) == uid           # the same UID comes back


def test_82_hex_digits_with_class_id_is_encoded_global_id_ms_oxcical_2_1_3_1_1_20_26():
    """The shortest EncodedGlobalId (header + one byte of data) is still decoded as the
    binary form."""
    uid = CLASS_ID_HEX + "00000000" + "0" * 32 + "01000000" + "7F"
    assert len(uid) == 82
    g = GlobalObjectId.from_base64(global_obj_id_from_uid(uid))
    assert not g.is_third_party and g.raw.hex().upper() == uid


@given(st.integers(min_value=0, max_value=24).map(lambda n: 2 * n))
def test_every_short_class_id_hex_uid_round_trips(extra):
    uid = (CLASS_ID_HEX + "A" * 48)[:32 + extra]
    assert uid_from_global_obj_id(global_obj_id_from_uid(uid)) == uid


# -- item 12 ----------------------------------------------------------------------------------
EASTERN = EASTimeZone(bias=300, standard_name="Eastern Standard Time",
                      standard_date=SystemTime(0, 11, 0, 1, 2), standard_bias=0,
                      daylight_name="Eastern Daylight Time",
                      daylight_date=SystemTime(0, 3, 0, 2, 2), daylight_bias=-60)
SYDNEY = EASTimeZone(bias=-600, standard_name="AUS Eastern Standard Time",
                     standard_date=SystemTime(0, 4, 0, 1, 3),
                     daylight_name="AUS Eastern Daylight Time",
                     daylight_date=SystemTime(0, 10, 0, 1, 2), daylight_bias=-60)
BERLIN = EASTimeZone(bias=-60, standard_name="W. Europe Standard Time",
                     standard_date=SystemTime(0, 10, 0, 5, 3),
                     daylight_name="W. Europe Daylight Time",
                     daylight_date=SystemTime(0, 3, 0, 5, 2), daylight_bias=-60)
ZONES = [(EASTERN, "America/New_York"), (SYDNEY, "Australia/Sydney"),
         (BERLIN, "Europe/Berlin")]


@pytest.mark.parametrize("fold", [0, 1])
@pytest.mark.parametrize("blob,iana", ZONES, ids=[z[1] for z in ZONES])
def test_gap_wall_time_follows_pep_495_like_zoneinfo(blob, iana, fold):
    """PEP 495 ("Temporal values"): a wall time in the spring-forward gap takes, with
    fold=0, the offset from before the transition, with fold=1 the one after; the blob's
    tzinfo gives the offsets and names zoneinfo gives, minute by minute across the gap."""
    tz, ref = blob.tzinfo(), zoneinfo.ZoneInfo(iana)
    start = blob.daylight_date.transition(2024)
    for minutes in range(-5, 66):
        wall = (start + dt.timedelta(minutes=minutes)).replace(fold=fold)
        ours, theirs = wall.replace(tzinfo=tz), wall.replace(tzinfo=ref)
        assert ours.utcoffset() == theirs.utcoffset(), wall
        assert ours.dst() == theirs.dst(), wall
        assert ours.astimezone(dt.timezone.utc) == theirs.astimezone(dt.timezone.utc), wall


def test_gap_fold_0_is_standard_offset_pep_495():
    """New York, 2024-03-10 02:30 does not happen: fold=0 reads it with EST (-5 h), the
    offset before the transition, i.e. 07:30 UTC; fold=1 with EDT, 06:30 UTC."""
    tz = EASTERN.tzinfo()
    gap = dt.datetime(2024, 3, 10, 2, 30, tzinfo=tz)
    assert gap.utcoffset() == dt.timedelta(hours=-5)
    assert gap.tzname() == "Eastern Standard Time"
    assert gap.replace(fold=1).utcoffset() == dt.timedelta(hours=-4)


_wall = st.datetimes(min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2026, 12, 31),
                     ).flatmap(lambda d: st.sampled_from([d.replace(fold=0), d.replace(fold=1)]))


@given(_wall, st.sampled_from(ZONES))
def test_every_wall_time_matches_zoneinfo(wall, zone):
    """For any wall time and fold (gap, repeated hour or ordinary), the blob's offset is
    zoneinfo's, for zones whose rules the blob states exactly (2023-2026)."""
    blob, iana = zone
    assert wall.replace(tzinfo=blob.tzinfo()).utcoffset() == \
        wall.replace(tzinfo=zoneinfo.ZoneInfo(iana)).utcoffset()
