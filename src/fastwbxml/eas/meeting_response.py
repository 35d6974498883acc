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
from dataclasses import dataclass
from typing import ClassVar

from ._fields import DateTime, EnumOf, Field, Mapped, Message, Nested, Text
from .airsyncbase import Body
from .enums import MeetingResponseStatus, UserResponse
from .errors import EASValueError

__all__ = ["SendResponse", "MeetingResponseRequest", "MeetingResponse",
           "MeetingResponseResult", "MeetingResponseResponse"]

_M = "MeetingResponse:"


@dataclass(frozen=True)
class SendResponse(Mapped):
    """meetingresponse:SendResponse (16.0+): ask the server to send the reply mail,
    optionally with a body and (16.1) a new time proposal."""
    body: Body | None = None
    proposed_start_time: _dt.datetime | None = None
    proposed_end_time: _dt.datetime | None = None
    FIELDS: ClassVar = (
        Field("body", "AirSyncBase:Body", Nested(Body)),
        Field("proposed_start_time", _M + "ProposedStartTime", DateTime(compact=True)),
        Field("proposed_end_time", _M + "ProposedEndTime", DateTime(compact=True)),
    )

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


@dataclass(frozen=True)
class MeetingResponseRequest(Mapped):
    """One meetingresponse:Request: which item (CollectionId + RequestId, or a Search
    LongId) and the answer.  From 14.0 the item may be the calendar item instead of the
    Inbox meeting request."""
    user_response: UserResponse
    collection_id: str | None = None
    request_id: str | None = None
    long_id: str | None = None
    instance_id: _dt.datetime | None = None
    send_response: SendResponse | None = None
    FIELDS: ClassVar = (
        Field("user_response", _M + "UserResponse", EnumOf(UserResponse)),
        Field("collection_id", _M + "CollectionId", Text()),
        Field("request_id", _M + "RequestId", Text()),
        Field("long_id", "Search:LongId", Text()),
        Field("instance_id", _M + "InstanceId", DateTime(compact=False)),
        Field("send_response", _M + "SendResponse", Nested(SendResponse)),
    )

    def validate(self) -> None:
        if self.long_id is not None:
            if self.collection_id is not None or self.request_id is not None:
                raise EASValueError("MeetingResponseRequest: give long_id or collection_id "
                                    "+ request_id, not both")
        elif self.collection_id is None or self.request_id is None:
            raise EASValueError("MeetingResponseRequest needs collection_id and request_id "
                                "(or long_id)")


@dataclass(frozen=True)
class MeetingResponse(Message):
    """The MeetingResponse command request: one or more :class:`MeetingResponseRequest`."""
    requests: tuple[MeetingResponseRequest, ...] = ()
    ROOT: ClassVar = _M + "MeetingResponse"
    FIELDS: ClassVar = (
        Field("requests", _M + "Request", Nested(MeetingResponseRequest), many=True),
    )

    def validate(self) -> None:
        if not self.requests:
            raise EASValueError("MeetingResponse needs at least one request")


@dataclass(frozen=True)
class MeetingResponseResult(Mapped):
    """One meetingresponse:Result: the outcome for one request.  ``calendar_id`` is the
    server id of the new calendar item after an accept or tentative accept."""
    status: MeetingResponseStatus
    request_id: str | None = None
    calendar_id: str | None = None
    instance_id: _dt.datetime | None = None
    FIELDS: ClassVar = (
        Field("request_id", _M + "RequestId", Text()),
        Field("status", _M + "Status", EnumOf(MeetingResponseStatus)),
        Field("calendar_id", _M + "CalendarId", Text()),
        Field("instance_id", _M + "InstanceId", DateTime(compact=False), since="16.0"),
    )


@dataclass(frozen=True)
class MeetingResponseResponse(Message):
    """The MeetingResponse command response: one :class:`MeetingResponseResult` per
    request, in request order."""
    results: tuple[MeetingResponseResult, ...] = ()
    ROOT: ClassVar = _M + "MeetingResponse"
    FIELDS: ClassVar = (
        Field("results", _M + "Result", Nested(MeetingResponseResult), many=True),
    )

    def result_for(self, request_id: str) -> MeetingResponseResult | None:
        """The result whose RequestId is *request_id*."""
        return next((r for r in self.results if r.request_id == request_id), None)
