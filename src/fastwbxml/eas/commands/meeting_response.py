"""The MeetingResponse command ([MS-ASCMD] 2.2.1.11), request and response.

>>> from fastwbxml.eas import MeetingResponse, MeetingResponseRequest, UserResponse
>>> req = MeetingResponse(requests=[MeetingResponseRequest(
...     user_response=UserResponse.ACCEPTED, collection_id="6", request_id="6:17")])
>>> MeetingResponse.from_wbxml(req.to_wbxml("14.1")) == req
True

Version rules (from the code page tables and [MS-ASCMD]): ``InstanceId`` in a request
needs 14.1; ``SendResponse`` (the server sends the reply mail) needs 16.0, its
``ProposedStartTime`` / ``ProposedEndTime`` 16.1; ``InstanceId`` in a ``Result`` exists
only in 16.0 and 16.1 ([MS-ASCMD] 2.2.3.155.2).

Date forms, exact when writing: ``InstanceId`` is "a string in dateTime ([MS-ASDTYPE]
section 2.3) format with the punctuation separators, for example,
2010-04-08T18:16:00.000Z" ([MS-ASCMD] 2.2.3.92.1; a wrong format gets Status 104), in a
Request of every version and in a 16.x Result (whose schema, [MS-ASCMD] 6.26, fixes it at
24 characters); ``ProposedStartTime`` / ``ProposedEndTime`` are Compact DateTime
``20100408T181600Z`` ([MS-ASCMD] 2.2.3.140/141; 16 characters in the schema of 6.25).
Liberal when reading: every form :func:`~fastwbxml.eas.parse_datetime` knows, including
the hybrid ``20090907T07:00:00.000Z`` of [MS-ASCMD] example 4.17.1.
"""
from __future__ import annotations

import datetime as _dt
from typing import ClassVar

from ..binding import Mapped, Message, wire, wired
from ..enums import UserResponse
from ..errors import EASValueError
from ..items.airsyncbase import Body
from ..statuses import MeetingResponseStatus
from ..values import DateTime, EnumOf, Nested, Text

__all__ = ["SendResponse", "MeetingResponseRequest", "MeetingResponse",
           "MeetingResponseResult", "MeetingResponseResponse"]

_M = "MeetingResponse:"


@wired
class SendResponse(Mapped):
    """meetingresponse:SendResponse (16.0+): ask the server to send the reply mail,
    optionally with a body and (16.1) a new time proposal."""
    body: Body | None = wire("AirSyncBase:Body", Nested(Body))
    proposed_start_time: _dt.datetime | None = wire(
        _M + "ProposedStartTime", DateTime(compact=True))
    proposed_end_time: _dt.datetime | None = wire(
        _M + "ProposedEndTime", DateTime(compact=True))

    def validate(self) -> None:
        start, end = self.proposed_start_time, self.proposed_end_time
        if (start is None) != (end is None):
            raise EASValueError(
                "SendResponse: ProposedStartTime and ProposedEndTime go together: each "
                "requires the other ([MS-ASCMD] 2.2.3.140, 2.2.3.141); got "
                + ("ProposedStartTime without ProposedEndTime" if end is None
                   else "ProposedEndTime without ProposedStartTime"))
        if start is not None:
            for name, value in (("ProposedStartTime", start), ("ProposedEndTime", end)):
                if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
                    raise EASValueError(f"SendResponse: {name} must be an aware datetime, "
                                        f"got {value!r}")
            if end <= start:
                raise EASValueError(
                    f"SendResponse: ProposedEndTime ({end.isoformat()}) must be after "
                    f"ProposedStartTime ({start.isoformat()})")


@wired
class MeetingResponseRequest(Mapped):
    """One meetingresponse:Request: which item (CollectionId + RequestId, or a Search
    LongId) and the answer.  From 14.0 the item may be the calendar item instead of the
    Inbox meeting request."""
    user_response: UserResponse = wire(_M + "UserResponse", EnumOf(UserResponse), required=True)
    collection_id: str | None = wire(_M + "CollectionId", Text())
    request_id: str | None = wire(_M + "RequestId", Text())
    long_id: str | None = wire("Search:LongId", Text())
    instance_id: _dt.datetime | None = wire(_M + "InstanceId", DateTime(compact=False))
    send_response: SendResponse | None = wire(_M + "SendResponse", Nested(SendResponse))

    def validate(self) -> None:
        if self.long_id is not None:
            if self.collection_id is not None or self.request_id is not None:
                raise EASValueError("MeetingResponseRequest: give long_id or collection_id "
                                    "+ request_id, not both")
        elif self.collection_id is None or self.request_id is None:
            raise EASValueError("MeetingResponseRequest needs collection_id and request_id "
                                "(or long_id)")


@wired
class MeetingResponse(Message):
    """The MeetingResponse command request: one or more :class:`MeetingResponseRequest`."""
    requests: tuple[MeetingResponseRequest, ...] = wire(
        _M + "Request", Nested(MeetingResponseRequest), many=True, default=())
    ROOT: ClassVar = _M + "MeetingResponse"

    def validate(self) -> None:
        if not self.requests:
            raise EASValueError("MeetingResponse needs at least one request")


@wired
class MeetingResponseResult(Mapped):
    """One meetingresponse:Result: the outcome for one request.  ``calendar_id`` is the
    server id of the new calendar item after an accept or tentative accept."""
    status: MeetingResponseStatus = wire(
        _M + "Status", EnumOf(MeetingResponseStatus), required=True)
    request_id: str | None = wire(_M + "RequestId", Text())
    calendar_id: str | None = wire(_M + "CalendarId", Text())
    instance_id: _dt.datetime | None = wire(
        _M + "InstanceId", DateTime(compact=False), since="16.0")
    # the order on the wire (the class body keeps the constructor's positional order)
    WIRE_ORDER = ("request_id", "status", "calendar_id", "instance_id")


@wired
class MeetingResponseResponse(Message):
    """The MeetingResponse command response: one :class:`MeetingResponseResult` per
    request, in request order."""
    results: tuple[MeetingResponseResult, ...] = wire(
        _M + "Result", Nested(MeetingResponseResult), many=True, default=())
    ROOT: ClassVar = _M + "MeetingResponse"

    def result_for(self, request_id: str) -> MeetingResponseResult | None:
        """The result whose RequestId is *request_id*."""
        return next((r for r in self.results if r.request_id == request_id), None)
