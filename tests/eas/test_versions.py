"""to_wbxml(version) refuses what the version lacks, naming field and version."""
import datetime as dt

import pytest

from fastwbxml.eas import (Attendee, Body, CalendarEvent, EASValueError, InstanceType,
                           Location, MeetingDecision, MeetingDetails, MeetingResponse,
                           MeetingResponseRequest, MeetingResponseResponse,
                           MeetingResponseResult, MeetingResponseStatus, SendMail,
                           SendResponse, SyncAdd, SyncCollection, SyncResponse, UserResponse,
                           VersionError)
from fastwbxml.tables import VERSIONS, version_key

from . import seed

UTC = dt.timezone.utc
T = dt.datetime(2010, 4, 8, 18, 16, tzinfo=UTC)


def _req(**kw):
    return MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1", **kw)])


CASES = [  # (message, first version that admits it, field named in the error)
    (_req(instance_id=T), "14.1", "MeetingResponseRequest.instance_id"),
    (_req(send_response=SendResponse()), "16.0", "MeetingResponseRequest.send_response"),
    (_req(send_response=SendResponse(body=Body(data="x"))), "16.0",
     "MeetingResponseRequest.send_response"),
    (_req(send_response=SendResponse(proposed_start_time=T,
                                     proposed_end_time=T + dt.timedelta(hours=1))), "16.1",
     ("SendResponse.proposed_start_time", "MeetingResponseRequest.send_response")),
    (MeetingResponseResponse(results=[MeetingResponseResult(
        status=MeetingResponseStatus.SUCCESS, request_id="1", instance_id=T)]), "16.0",
     "MeetingResponseResult.instance_id"),
    (SendMail(client_id="1", mime=b"x"), "14.0", "SendMail"),
    (SyncResponse(collections=[SyncCollection(commands=[SyncAdd(
        server_id="1", data=CalendarEvent(subject="s", location_info=Location(city="X")))])]),
     "16.0", "CalendarEvent.location_info"),
]


@pytest.mark.parametrize("msg,since,field", CASES)
def test_refused_before_and_accepted_from(msg, since, field):
    fields = field if isinstance(field, tuple) else (field,)
    for v in VERSIONS:
        if version_key(v) < version_key(since):
            with pytest.raises(VersionError) as exc:
                msg.to_wbxml(v)
            assert exc.value.field in fields and exc.value.version == v
            assert exc.value.field in str(exc.value) and v in str(exc.value)
            assert not msg.supports(v)
        else:
            assert type(msg).from_wbxml(msg.to_wbxml(v)) == msg
            assert msg.supports(v)


def _email_sync(details):
    from fastwbxml.eas import MeetingRequest
    return SyncResponse(collections=[SyncCollection(commands=[SyncAdd(
        server_id="1", data=MeetingRequest(subject="s", meeting=details))])])


def test_fields_that_end_at_14_1():
    for details, field in [(MeetingDetails(global_obj_id=seed.GOID), "global_obj_id"),
                           (MeetingDetails(location="Room"), "location")]:
        msg = _email_sync(details)
        assert msg.to_wbxml("14.1")
        with pytest.raises(VersionError, match=rf"MeetingDetails\.{field} .* 16\.0"):
            msg.to_wbxml("16.0")


def test_enum_value_with_its_own_version():
    msg = _email_sync(MeetingDetails(instance_type=InstanceType.ORPHAN))
    with pytest.raises(VersionError, match="value 4 .ORPHAN. needs 16.0"):
        msg.to_wbxml("14.1")
    assert msg.to_wbxml("16.0")
    assert _email_sync(MeetingDetails(instance_type=InstanceType.EXCEPTION)).to_wbxml("2.5")


def test_nested_list_item_tags_are_checked():
    # AttendeeStatus is a 12.0 tag: an attendee list refuses it in 2.5
    msg = SyncResponse(collections=[SyncCollection(commands=[SyncAdd(
        server_id="1", data=CalendarEvent(attendees=[Attendee(email="a@b", status=3)]))])])
    with pytest.raises(VersionError, match=r"Attendee\.status .*2\.5"):
        msg.to_wbxml("2.5")
    assert msg.to_wbxml("12.0")


def test_unknown_version_is_an_error():
    with pytest.raises(EASValueError, match="15.0"):
        _req().to_wbxml("15.0")


@pytest.mark.parametrize("request_kwargs", [
    dict(collection_id="5"), dict(request_id="5:1"), dict(),
    dict(long_id="L", collection_id="5", request_id="5:1")])
def test_request_needs_an_item_reference(request_kwargs):
    msg = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.DECLINED, **request_kwargs)])
    with pytest.raises(EASValueError):
        msg.to_wbxml("14.1")


def test_long_id_alone_is_enough():
    msg = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.DECLINED, long_id="RgAAAAD")])
    assert MeetingResponse.from_wbxml(msg.to_wbxml("12.0")) == msg


def test_empty_request_and_end_without_start_are_refused():
    with pytest.raises(EASValueError):
        MeetingResponse().to_wbxml("14.1")
    with pytest.raises(EASValueError, match="ProposedEndTime without ProposedStartTime"):
        _req(send_response=SendResponse(proposed_end_time=T)).to_wbxml("16.1")


def test_naive_datetime_is_refused():
    with pytest.raises(EASValueError, match="naive"):
        _req(instance_id=dt.datetime(2010, 4, 8, 18, 16)).to_wbxml("14.1")


def test_decision_proposal_needs_16_1():
    d = MeetingDecision(UserResponse.TENTATIVE, proposed_start=T,
                        proposed_end=T + dt.timedelta(hours=1))
    with pytest.raises(VersionError):
        d.eas_request("14.1", collection_id="5", request_id="5:1")
    req = d.eas_request("16.1", collection_id="5", request_id="5:1")
    assert req.send_response.proposed_start_time == T
    with pytest.raises(VersionError, match="16.1"):
        MeetingResponse(requests=[d.eas_request("16.0", collection_id="5",
                                                request_id="5:1")]).to_wbxml("16.0")
