"""The exact text every date field of fastwbxml.eas writes.

EAS has two date forms on the wire: the Compact DateTime of [MS-ASDTYPE] 2.7.2
(``20240822T100000Z``, 16 characters: Calendar class, ProposedStartTime/EndTime, AirSyncBase
InstanceId) and the dateTime form (``2024-08-22T10:00:00.123Z``, 24 characters: the Email
class's MeetingRequest fields, the MeetingResponse request's InstanceId).  Round trips cannot
tell them apart (the readers accept both), so each field's written text is pinned here.
Every DateTime field found in the bindings must have a pin: a new one fails until it gets
one.
"""
import dataclasses
import datetime as dt

import pytest

import fastwbxml
import fastwbxml.eas  # noqa: F401  (imports every binding module)
from fastwbxml.eas import MeetingResponse, MeetingResponseRequest, UserResponse
from fastwbxml.eas.binding import Mapped, wire_of
from fastwbxml.eas.values import DateTime

T = dt.datetime(2024, 8, 22, 10, 0, 0, 123456, tzinfo=dt.timezone.utc)
COMPACT = "20240822T100000Z"            # [MS-ASDTYPE] 2.7.2 Compact DateTime
EXTENDED = "2024-08-22T10:00:00.123Z"   # [MS-ASDTYPE] 2.3 dateTime (milliseconds, Z)

PINNED = {
    # [MS-ASCAL] 2.2.2.x: Compact DateTime
    "CalendarEvent.dt_stamp": COMPACT, "CalendarEvent.start_time": COMPACT,
    "CalendarEvent.end_time": COMPACT, "CalendarEvent.appointment_reply_time": COMPACT,
    "CalendarEvent.instance_id": COMPACT,           # airsyncbase:InstanceId in Calendar
    "CalendarException.exception_start_time": COMPACT,
    "CalendarException.dt_stamp": COMPACT, "CalendarException.start_time": COMPACT,
    "CalendarException.end_time": COMPACT, "CalendarException.appointment_reply_time": COMPACT,
    "CalendarException.instance_id": COMPACT,
    "CalendarRecurrence.until": COMPACT,
    "Attendee.proposed_start_time": COMPACT,        # [MS-ASCMD] 2.2.3.141 / .140
    "Attendee.proposed_end_time": COMPACT,
    # [MS-ASEMAIL] 2.2.2.x: dateTime
    "MeetingDetails.start_time": EXTENDED, "MeetingDetails.end_time": EXTENDED,
    "MeetingDetails.dt_stamp": EXTENDED, "MeetingDetails.recurrence_id": EXTENDED,
    "EmailRecurrence.until": EXTENDED,
    "Email.date_received": EXTENDED,     # MeetingRequest inherits this one declaration
    # [MS-ASCMD] 2.2.3.141 / .140 inside the Email MeetingRequest: Compact DateTime
    "MeetingDetails.proposed_start_time": COMPACT, "MeetingDetails.proposed_end_time": COMPACT,
    # [MS-ASCMD] 2.2.3.92.1: the MeetingResponse request's InstanceId is a dateTime
    "MeetingResponseRequest.instance_id": EXTENDED,
    # [MS-ASCMD] 6.26 MeetingResponseResponse.xsd: the Result's InstanceId is a dateTime too
    "MeetingResponseResult.instance_id": EXTENDED,
    # [MS-ASCMD] 2.2.3.141 / .140 in SendResponse: 16 characters (MeetingResponseRequest.xsd)
    "SendResponse.proposed_start_time": COMPACT, "SendResponse.proposed_end_time": COMPACT,
    # airsyncbase:InstanceId of a Sync command (Change/Delete of one occurrence)
    "_Command.instance_id": COMPACT,
}
NOT_PINNED_HERE: set[str] = set()


def _all_mapped():
    seen, todo = [], list(Mapped.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


def date_fields():
    """{"Class.attr": Wire row} for every DateTime field of the bindings, named by the
    class whose body declares it (its ``wire(...)`` dataclass field: the one declaration)."""
    out = {}
    for cls in _all_mapped():
        own = cls.__dict__.get("__annotations__", {})
        for f in dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ():
            row = wire_of(f)
            if f.name in own and row is not None and isinstance(row.conv, DateTime):
                out[f"{cls.__name__}.{f.name}"] = row
    return out


FIELDS = date_fields()


def test_every_date_field_is_pinned():
    found = set(FIELDS) - NOT_PINNED_HERE
    missing = found - set(PINNED)
    assert not missing, f"date fields without a pinned form: {sorted(missing)}"
    stale = set(PINNED) - found
    assert not stale, f"pins for fields that do not exist: {sorted(stale)}"
    assert NOT_PINNED_HERE <= set(FIELDS)


@pytest.mark.parametrize("key", sorted(set(FIELDS) - NOT_PINNED_HERE))
def test_date_field_writes_its_form(key):
    f = FIELDS[key]
    expected = PINNED[key]
    elem = f.conv.write(f.tag, T, "16.1")
    assert elem.tag == f.tag and elem.text == expected


def test_meeting_response_request_instance_id_on_the_wire():
    """End to end: the bytes of a MeetingResponse with an InstanceId carry the dateTime."""
    wbxml = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1",
        instance_id=T)]).to_wbxml("14.1")
    assert b"\x03" + EXTENDED.encode() + b"\x00" in wbxml
    root = fastwbxml.loads(wbxml)
    assert root.findtext("Request/InstanceId") == EXTENDED


def test_send_response_proposal_on_the_wire():
    from fastwbxml.eas import SendResponse
    wbxml = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.TENTATIVE, collection_id="5", request_id="5:1",
        send_response=SendResponse(proposed_start_time=T,
                                   proposed_end_time=T + dt.timedelta(hours=1)))]
    ).to_wbxml("16.1")
    root = fastwbxml.loads(wbxml)
    assert root.findtext("Request/SendResponse/ProposedStartTime") == COMPACT
    assert root.findtext("Request/SendResponse/ProposedEndTime") == "20240822T110000Z"
