"""Hypothesis: random objects of every class -> to_wbxml(v) -> from_wbxml == the object,
for every version that admits them; the others refuse with a VersionError naming the
field and the version."""
import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fastwbxml import Element, tables
from fastwbxml.eas import (CalendarEvent, Email, FolderSyncRequest, FolderSyncResponse,
                           MeetingRequest, MeetingResponse, MeetingResponseResponse, SendMail,
                           SendMailResponse, SyncRequest, SyncResponse, VersionError,
                           EASValueError, classify_application_data)
from fastwbxml.eas import _fields as F
from fastwbxml.eas.sync import _AppData

UTC = dt.timezone.utc
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=12)


def _datetimes(compact: bool):
    base = st.datetimes(min_value=dt.datetime(1980, 1, 1), max_value=dt.datetime(2099, 1, 1))
    if compact:
        base = base.map(lambda d: d.replace(microsecond=0))
    else:
        base = base.map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
    return base.map(lambda d: d.replace(tzinfo=UTC))


def _app_data(depth):
    def same_class(obj):
        elem = obj.element("AirSync:ApplicationData", None)
        return type(classify_application_data(elem)) is type(obj)
    return st.one_of(*(objects(c, depth) for c in (CalendarEvent, MeetingRequest, Email))
                     ).filter(same_class)


def _value(conv, depth):
    if isinstance(conv, F.EnumOf):
        return st.sampled_from(list(conv.enum_cls))
    if isinstance(conv, (F.FlagOrBoolean, F.Boolean, F.Flag)):
        return st.booleans()
    if isinstance(conv, F.Integer):
        return st.integers(-2**31, 2**31 - 1)
    if isinstance(conv, F.Text):
        return TEXT
    if isinstance(conv, F.DateTime):
        return _datetimes(conv.compact)
    if isinstance(conv, F.Opaque):
        return st.binary(max_size=16)
    if isinstance(conv, F.Nested):
        return objects(conv.cls, depth)
    if isinstance(conv, F.Choice):
        return st.one_of(*(objects(c, depth) for c in conv.classes.values()))
    if isinstance(conv, F.ListOf):
        return st.lists(_value(conv.item, depth), max_size=2).map(tuple)
    if isinstance(conv, _AppData):
        return _app_data(depth)
    raise AssertionError(f"no strategy for {conv!r}")


def _valid(obj):
    try:
        obj.to_children(None)
    except EASValueError:
        return False
    return True


def objects(cls, depth=0):
    """Random instances of a Mapped dataclass, built from its FIELDS."""
    # a field is optional (may be None) only if its default is None
    required = {f.name for f in dataclasses.fields(cls) if f.default is not None}
    kwargs = {}
    for f in cls.FIELDS:
        if depth > 3 and f.attr not in required and isinstance(
                f.conv, (F.Nested, F.ListOf, F.Choice, _AppData)):
            continue            # keep trees small
        value = _value(f.conv, depth + 1)
        if f.many:
            value = st.lists(value, max_size=2).map(tuple)
        if f.attr not in required:
            value = st.none() | value
        kwargs[f.attr] = value
    return st.builds(cls, **kwargs).filter(_valid)


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
@given(item=_app_data(0))
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
