"""Hypothesis: random objects of every class -> to_wbxml(v) -> from_wbxml == the object,
for every version that admits them; the others refuse with a VersionError naming the
field and the version."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fastwbxml import Element, tables
from fastwbxml.eas import (FolderSyncRequest, FolderSyncResponse, MeetingResponse,
                           MeetingResponseResponse, SendMail, SendMailResponse, SyncRequest,
                           SyncResponse, VersionError, classify_application_data)
from fastwbxml.testing import application_data, eas_objects as objects

MESSAGES = [MeetingResponse, MeetingResponseResponse, SyncRequest, SyncResponse,
            FolderSyncRequest, FolderSyncResponse, SendMail, SendMailResponse]


@pytest.mark.parametrize("cls", MESSAGES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_round_trip_in_every_version_that_admits_it(cls, data):
    msg = data.draw(objects(cls))
    admitted = 0
    for v in tables.VERSIONS:
        try:
            wire = msg.to_wbxml(v)
        except VersionError as exc:
            assert exc.version == v and v in str(exc) and exc.field in str(exc)
            assert not msg.supports(v)
            continue
        admitted += 1
        assert msg.supports(v)
        assert cls.from_wbxml(wire) == msg
    if tables.exists_in(cls.ROOT, "16.1") and _uses_only_current_tags(msg):
        assert admitted, "an object of current tags must be admitted by some version"


def _uses_only_current_tags(msg) -> bool:
    elem = Element(msg.ROOT, children=msg.to_children(None))
    return all(tables.tag_info(e.tag).until is None for e in elem.iter())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(item=application_data())
def test_application_data_is_typed_back(item):
    elem = item.element("AirSync:ApplicationData", None)
    assert classify_application_data(elem) == item


def test_from_wbxml_passes_decode_options():
    """from_wbxml takes loads' options: limits for untrusted bodies, strict."""
    import fastwbxml
    from fastwbxml.eas import MeetingResponse, MeetingResponseRequest
    req = MeetingResponse(requests=(MeetingResponseRequest(user_response=1, request_id="5:1",
                                                           collection_id="5"),))
    data = req.to_wbxml("14.1")
    assert MeetingResponse.from_wbxml(data, max_input_len=len(data), strict=True) == req
    with pytest.raises(fastwbxml.LimitError) as info:
        MeetingResponse.from_wbxml(data, max_input_len=len(data) - 1)
    assert info.value.offset == len(data) - 1
    with pytest.raises(fastwbxml.LimitError, match="max_depth"):
        MeetingResponse.from_wbxml(data, max_depth=2)
