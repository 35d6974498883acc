"""MeetingResponse against [MS-ASCMD]: the InstanceId date forms, the proposal pair, the
organizer's ResponseRequested on every version, and the status table (issue 10, items 1-4).

Each test names the section it checks."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

import fastwbxml
from fastwbxml.eas import (EASValueError, MeetingResponse, MeetingResponseRequest,
                           MeetingResponseResponse, MeetingResponseResult,
                           MeetingResponseStatus, SendResponse, UserResponse,
                           format_datetime, parse_datetime)

UTC = dt.timezone.utc
T = dt.datetime(2010, 4, 8, 18, 16, tzinfo=UTC)


def _texts(wbxml: bytes, name: str) -> list:
    return [e.text for e in fastwbxml.loads(wbxml).iter() if e.tag == "MeetingResponse:" + name]


# -- item 1: InstanceId ---------------------------------------------------------------------
@pytest.mark.parametrize("version", ["14.1", "16.0", "16.1"])
def test_request_instance_id_text_is_24_char_datetime_ms_ascmd_2_2_3_92_1(version):
    """[MS-ASCMD] 2.2.3.92.1: the InstanceId of a Request is "a string in dateTime format
    with the punctuation separators, for example, 2010-04-08T18:16:00.000Z", in 14.1 and
    in 16.x alike (the section gives one format for every version)."""
    req = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1",
        instance_id=T)])
    assert _texts(req.to_wbxml(version), "InstanceId") == ["2010-04-08T18:16:00.000Z"]


@pytest.mark.parametrize("version", ["16.0", "16.1"])
def test_result_instance_id_text_is_24_char_datetime_ms_ascmd_6_26(version):
    """[MS-ASCMD] 6.26 (MeetingResponse response schema): Result InstanceId is a string of
    minLength = maxLength = 24, i.e. ``2010-04-08T18:16:00.000Z``, not the 16-character
    Compact DateTime."""
    resp = MeetingResponseResponse(results=[MeetingResponseResult(
        status=MeetingResponseStatus.SUCCESS, request_id="5:1", calendar_id="2:2",
        instance_id=T)])
    texts = _texts(resp.to_wbxml(version), "InstanceId")
    assert texts == ["2010-04-08T18:16:00.000Z"] and len(texts[0]) == 24


SPEC_4_17_1 = """<?xml version="1.0" encoding="utf-8"?>
<MeetingResponse xmlns:search="Search:" xmlns="MeetingResponse:">
  <Request>
    <UserResponse>2</UserResponse>
    <CollectionId>19</CollectionId>
    <RequestId>19:39</RequestId>
    <InstanceId>20090907T07:00:00.000Z</InstanceId>
  </Request>
  <Request>
    <UserResponse>1</UserResponse>
    <search:LongId>RgAAAju\u2026  \u2026ALS8pQAARL</search:LongId>
    <InstanceId>20091210T17:30:00.000Z</InstanceId>
  </Request>
</MeetingResponse>"""


def test_ms_ascmd_example_4_17_1_decodes_whole():
    """[MS-ASCMD] 4.17.1: the spec's own MeetingResponse request writes InstanceId in a
    hybrid form (compact date, extended time); the whole example decodes."""
    wbxml = fastwbxml.dumps(fastwbxml.from_xml(SPEC_4_17_1))
    msg = MeetingResponse.from_wbxml(wbxml)
    first, second = msg.requests
    assert (first.user_response, first.collection_id, first.request_id) == (
        UserResponse.TENTATIVE, "19", "19:39")
    assert first.instance_id == dt.datetime(2009, 9, 7, 7, tzinfo=UTC)
    assert second.long_id == "RgAAAju\u2026  \u2026ALS8pQAARL"
    assert second.instance_id == dt.datetime(2009, 12, 10, 17, 30, tzinfo=UTC)
    # written back exactly: the 24-character dateTime form
    assert _texts(msg.to_wbxml("14.1"), "InstanceId") == [
        "2009-09-07T07:00:00.000Z", "2009-12-10T17:30:00.000Z"]


_aware = st.datetimes(min_value=dt.datetime(1601, 1, 2), max_value=dt.datetime(9998, 12, 30),
                      timezones=st.sampled_from([UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                                                 dt.timezone(dt.timedelta(hours=-8))]))

_FORMS = {
    # form name -> (writer, precision kept)
    "compact": (lambda u: u.strftime("%Y%m%dT%H%M%SZ"), "s"),
    "datetime-24": (lambda u: u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond // 1000:03d}Z", "ms"),
    "hybrid-4.17.1": (lambda u: u.strftime("%Y%m%dT%H:%M:%S.") + f"{u.microsecond // 1000:03d}Z", "ms"),
    "datetime-no-fraction": (lambda u: u.strftime("%Y-%m-%dT%H:%M:%SZ"), "s"),
    "datetime-offset": (lambda u: u.isoformat(timespec="microseconds"), "us"),
    "compact-date-only-separators": (lambda u: u.strftime("%Y-%m-%dT%H%M%SZ"), "s"),
}


def _truncate(value: dt.datetime, precision: str) -> dt.datetime:
    if precision == "s":
        return value.replace(microsecond=0)
    if precision == "ms":
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


@given(_aware, st.sampled_from(sorted(_FORMS)))
def test_every_date_form_written_then_read_is_the_same_instant_ms_asdtype_2_3_2_7_2(value, form):
    """[MS-ASDTYPE] 2.3 dateTime / 2.7.2 Compact DateTime and the hybrid of [MS-ASCMD]
    4.17.1: for every form a server may send, written then read gives the same instant
    (to the precision the form carries)."""
    write, precision = _FORMS[form]
    u = value.astimezone(UTC) if form != "datetime-offset" else value
    text = write(u)
    assert parse_datetime(text) == _truncate(value, precision)


@given(_aware, st.booleans())
def test_written_forms_are_exact_and_read_back_ms_asdtype(value, compact):
    """What fastwbxml writes is exactly 16 (compact) or 24 (dateTime) characters and reads
    back as the same instant."""
    text = format_datetime(value, compact=compact)
    assert len(text) == (16 if compact else 24)
    assert parse_datetime(text) == _truncate(value, "s" if compact else "ms")


@pytest.mark.parametrize("text", ["2009-0907T07:00:00.000Z", "20090907T07:0000Z",
                                  "20090907T07:00:00.000ZZ", "2009-09-07T07:00:00.000+2:00",
                                  "2009-09-07 07:00:00Z", "20091307T070000Z", ""])
def test_malformed_dates_are_refused(text):
    from fastwbxml.eas import EASParseError
    with pytest.raises(EASParseError):
        parse_datetime(text)


# -- item 2: the proposal pair ---------------------------------------------------------------
def test_proposed_start_without_end_refused_ms_ascmd_2_2_3_140():
    """[MS-ASCMD] 2.2.3.140: "If ProposedStartTime is included as a child element, then
    ProposedEndTime is a required child element as well."  The error names both."""
    send = SendResponse(proposed_start_time=T)
    with pytest.raises(EASValueError) as exc:
        MeetingResponse(requests=[MeetingResponseRequest(
            user_response=UserResponse.TENTATIVE, collection_id="5", request_id="5:1",
            send_response=send)]).to_wbxml("16.1")
    assert "ProposedStartTime" in str(exc.value) and "ProposedEndTime" in str(exc.value)


def test_proposed_end_without_start_refused_ms_ascmd_2_2_3_141():
    """[MS-ASCMD] 2.2.3.141: ProposedEndTime requires ProposedStartTime."""
    with pytest.raises(EASValueError) as exc:
        SendResponse(proposed_end_time=T).to_children("16.1")
    assert "ProposedStartTime" in str(exc.value) and "ProposedEndTime" in str(exc.value)


@pytest.mark.parametrize("delta", [dt.timedelta(0), dt.timedelta(minutes=-30)])
def test_proposed_end_not_after_start_refused_ms_ascmd_2_2_3_140(delta):
    """A proposal whose end is not after its start is not a time slot."""
    with pytest.raises(EASValueError, match="ProposedEndTime.*after.*ProposedStartTime"):
        SendResponse(proposed_start_time=T, proposed_end_time=T + delta).to_children("16.1")


def test_proposal_pair_written_compact_ms_ascmd_6_25():
    """[MS-ASCMD] 6.25: ProposedStartTime / ProposedEndTime are 16-character Compact
    DateTime strings."""
    req = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.TENTATIVE, collection_id="5", request_id="5:1",
        send_response=SendResponse(proposed_start_time=T,
                                   proposed_end_time=T + dt.timedelta(hours=1)))])
    wbxml = req.to_wbxml("16.1")
    assert _texts(wbxml, "ProposedStartTime") == ["20100408T181600Z"]
    assert _texts(wbxml, "ProposedEndTime") == ["20100408T191600Z"]
