"""Microsoft Graph: proposals in named time zones, and the rules a proposal follows.

Specs: Graph dateTimeTimeZone ("timeZone: any of the time zones currently supported by
Windows, as well as the additional time zones supported by the calendar API", the IANA
names it lists); event-tentativelyAccept / event-decline request body (proposedNewTime:
"Setting this parameter requires setting sendResponse to true"; HTTP 400 otherwise);
event-accept request body (comment and sendResponse only); [MS-OXOCAL] 3.1.4.8.4.1 and
[MS-ASCMD] 2.2.3.140 / 2.2.3.141 / 2.2.3.163 (EAS: a proposal with any response).
"""
import datetime as dt
import json
import zoneinfo

import pytest
from hypothesis import given, strategies as st

from fastwbxml.eas import (EASValueError, GraphAction, MeetingDecision, MeetingResponse,
                           MeetingResponseRequest, SendResponse, UnknownTimeZoneError,
                           UserResponse, graph_action, resolve_time_zone)

pytest.importorskip("icalendar")
UTC = dt.timezone.utc
START = dt.datetime(2024, 5, 2, 19, tzinfo=UTC)        # 12:00 PDT, 21:00 CEST
HOUR = dt.timedelta(hours=1)


def _proposal(zone, start=START, end=START + HOUR, response=UserResponse.TENTATIVE):
    d = MeetingDecision(response, proposed_start=start, proposed_end=end)
    return d, d.graph_action("E1", time_zone=zone)


@pytest.mark.parametrize("zone,wall", [
    ("Pacific Standard Time", "2024-05-02T12:00:00"),     # Windows name, as Graph uses it
    ("America/Los_Angeles", "2024-05-02T12:00:00"),       # IANA name
    ("W. Europe Standard Time", "2024-05-02T21:00:00"),
    ("Europe/Berlin", "2024-05-02T21:00:00"),
    ("Tokyo Standard Time", "2024-05-03T04:00:00"),
    ("UTC", "2024-05-02T19:00:00"),
])
def test_graph_datetimetimezone_proposal_is_the_zones_wall_time(zone, wall):
    """Graph dateTimeTimeZone: the proposal's dateTime is the wall time of its timeZone,
    and MeetingDecision.from_graph reads it back as the same instant."""
    d, g = _proposal(zone)
    slot = g.body["proposedNewTime"]
    assert slot["start"] == {"dateTime": wall, "timeZone": zone}
    assert slot["end"]["timeZone"] == zone
    back = MeetingDecision.from_graph(g)
    assert back.proposed_start.astimezone(UTC) == START
    assert back.proposed_end.astimezone(UTC) == START + HOUR
    assert back == d


def test_graph_datetimetimezone_windows_names_come_from_cldr():
    """Windows names map through CLDR windowsZones (shipped by icalendar), not a table of
    our own: every Windows name of that table resolves to its IANA zone."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    assert len(WINDOWS_TO_OLSON) > 100
    for windows, iana in WINDOWS_TO_OLSON.items():
        tz = resolve_time_zone(windows)
        assert getattr(tz, "key", "Etc/UTC") == iana or tz is UTC


ZONES = ["Pacific Standard Time", "Eastern Standard Time", "GMT Standard Time",
         "AUS Eastern Standard Time", "Lord Howe Standard Time", "Chatham Islands Standard Time",
         "Europe/Berlin", "America/Santiago", "Asia/Kolkata", "UTC"]


OFFSETS = st.sampled_from([UTC, dt.timezone(dt.timedelta(hours=-7)),
                           dt.timezone(dt.timedelta(hours=5, minutes=30))])


def _iana(zone):
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    return zoneinfo.ZoneInfo(WINDOWS_TO_OLSON.get(zone, zone))


@given(start=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2037, 12, 31),
                          timezones=OFFSETS),
       minutes=st.integers(1, 60 * 24 * 3), zone=st.sampled_from(ZONES))
def test_graph_datetimetimezone_write_then_read_is_the_same_instant(start, minutes, zone):
    """Graph dateTimeTimeZone, property: for any instant and zone, the dateTime written is
    the zone's wall time (or UTC's, in the repeated hour), and written then read is the
    same instant."""
    start = start.replace(microsecond=0, second=0)
    end = start + dt.timedelta(minutes=minutes)
    d, g = _proposal(zone, start, end, UserResponse.DECLINED)
    for value, slot in ((start, g.body["proposedNewTime"]["start"]),
                        (end, g.body["proposedNewTime"]["end"])):
        tz = UTC if slot["timeZone"] == "UTC" else _iana(zone)
        assert slot["timeZone"] in (zone, "UTC")
        assert slot["dateTime"] == value.astimezone(tz).replace(tzinfo=None).isoformat()
    back = MeetingDecision.from_graph(GraphAction(g.method, g.path, json.loads(g.json())))
    assert back.proposed_start == start and back.proposed_end == end
    assert back.proposed_start.utcoffset() is not None


def test_graph_datetimetimezone_repeated_hour_is_written_in_utc():
    """Graph dateTimeTimeZone has no offset: 01:30 on 2024-11-03 is two instants in Los
    Angeles, so such an instant is written in UTC rather than ambiguously."""
    first = dt.datetime(2024, 11, 3, 8, 30, tzinfo=UTC)     # 01:30 PDT
    second = first + HOUR                                    # 01:30 PST
    _, g = _proposal("Pacific Standard Time", first, second)
    slot = g.body["proposedNewTime"]
    assert slot["start"] == {"dateTime": "2024-11-03T08:30:00", "timeZone": "UTC"}
    assert slot["end"] == {"dateTime": "2024-11-03T09:30:00", "timeZone": "UTC"}
    before = dt.datetime(2024, 11, 3, 7, 30, tzinfo=UTC)    # 00:30 PDT, not ambiguous
    _, g = _proposal("Pacific Standard Time", before, first)
    assert g.body["proposedNewTime"]["start"]["timeZone"] == "Pacific Standard Time"


def test_graph_datetime_with_seven_fraction_digits_is_read():
    """Graph writes dateTime as 2017-08-29T04:00:00.0000000 (seven digits)."""
    g = GraphAction("POST", "/me/events/E1/decline", {"sendResponse": True, "proposedNewTime": {
        "start": {"dateTime": "2024-05-02T12:00:00.0000000", "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": "2024-05-02T13:00:00.5000000", "timeZone": "Pacific Standard Time"}}})
    d = MeetingDecision.from_graph(g)
    assert d.proposed_start == START
    assert d.proposed_end == START + HOUR + dt.timedelta(milliseconds=500)


def test_graph_unknown_time_zone_is_a_typed_error():
    """An unknown zone name is refused with UnknownTimeZoneError naming it, writing and
    reading: no zone is guessed."""
    with pytest.raises(UnknownTimeZoneError, match="Mars Standard Time") as err:
        _proposal("Mars Standard Time")
    assert err.value.name == "Mars Standard Time"
    assert isinstance(err.value, EASValueError)
    bad = GraphAction("POST", "/me/events/E1/decline", {"proposedNewTime": {
        "start": {"dateTime": "2024-05-02T12:00:00", "timeZone": "Pacific Daylight Time"},
        "end": {"dateTime": "2024-05-02T13:00:00", "timeZone": "Pacific Daylight Time"}}})
    with pytest.raises(UnknownTimeZoneError, match="Pacific Daylight Time"):
        MeetingDecision.from_graph(bad)
    with pytest.raises(UnknownTimeZoneError):
        graph_action(UserResponse.TENTATIVE, "E1", proposed_start=START,
                     proposed_end=START + HOUR, time_zone="")


def test_graph_tentativelyaccept_proposal_requires_sendresponse_true():
    """Graph event-tentativelyAccept / event-decline: proposedNewTime "requires setting
    sendResponse to true" (HTTP 400 otherwise): refused up front, naming the field."""
    with pytest.raises(EASValueError, match="sendResponse"):
        graph_action(UserResponse.TENTATIVE, "E1", send_response=False,
                     proposed_start=START, proposed_end=START + HOUR)
    with pytest.raises(EASValueError, match="send_response"):
        MeetingDecision(UserResponse.DECLINED, send_response=False, proposed_start=START,
                        proposed_end=START + HOUR)
    # without a proposal, sendResponse false stays allowed
    assert graph_action(UserResponse.DECLINED, "E1", send_response=False).body == {
        "sendResponse": False}


def test_one_rule_accept_with_proposal_graph_event_accept_has_no_proposednewtime():
    """The one rule: a MeetingDecision proposes only with tentative or decline, on both
    paths, because Graph's accept has no proposedNewTime; the EAS message classes still
    write what [MS-ASCMD] 2.2.3.163 allows (SendResponse with a proposal and any
    UserResponse, [MS-OXOCAL] 3.1.4.8.4.1)."""
    with pytest.raises(EASValueError, match="proposed_start.*ACCEPTED"):
        MeetingDecision(UserResponse.ACCEPTED, proposed_start=START, proposed_end=START + HOUR)
    with pytest.raises(EASValueError, match="accept"):
        graph_action(UserResponse.ACCEPTED, "E1", proposed_start=START,
                     proposed_end=START + HOUR)
    wire = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1",
        send_response=SendResponse(proposed_start_time=START,
                                   proposed_end_time=START + HOUR))]).to_wbxml("16.1")
    back = MeetingResponse.from_wbxml(wire).requests[0]
    assert back.user_response is UserResponse.ACCEPTED
    assert back.send_response.proposed_start_time == START
    for response in (UserResponse.TENTATIVE, UserResponse.DECLINED):
        d = MeetingDecision(response, proposed_start=START, proposed_end=START + HOUR)
        assert d.eas_request("16.1", collection_id="5", request_id="5:1") \
            .send_response.proposed_end_time == START + HOUR
        assert "proposedNewTime" in d.graph_action("E1").body


@pytest.mark.parametrize("kw,field", [
    (dict(proposed_start=START), "proposed_end"),
    (dict(proposed_end=START), "proposed_start"),
    (dict(proposed_start=START, proposed_end=START), "proposed_end must be after"),
    (dict(proposed_start=START, proposed_end=START - HOUR), "proposed_end must be after"),
    (dict(proposed_start=START.replace(tzinfo=None), proposed_end=START + HOUR),
     "proposed_start must be an aware"),
])
def test_proposal_ends_ms_ascmd_2_2_3_140_and_141(kw, field):
    """[MS-ASCMD] 2.2.3.140 / 2.2.3.141: each end of a proposal requires the other; the
    end must follow the start; times are instants (aware)."""
    with pytest.raises(EASValueError, match=field):
        MeetingDecision(UserResponse.TENTATIVE, **kw)
