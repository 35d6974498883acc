"""One object for the user's answer, usable over EAS or over Microsoft Graph."""
from __future__ import annotations

import dataclasses
import datetime as _dt

from .airsyncbase import Body
from .enums import BodyType, UserResponse
from .errors import VersionError
from .graph import GraphAction, graph_action
from ._fields import check_version_name
from .meeting_response import MeetingResponseRequest, SendResponse
from .. import tables

__all__ = ["MeetingDecision"]


@dataclasses.dataclass(frozen=True)
class MeetingDecision:
    """Accept / tentative / decline, a comment, whether the organizer is told, and
    (tentative or decline, EAS 16.1 / Graph) a new time proposal."""
    response: UserResponse
    comment: str | None = None
    send_response: bool = True
    proposed_start: _dt.datetime | None = None
    proposed_end: _dt.datetime | None = None

    def __post_init__(self):
        object.__setattr__(self, "response", UserResponse(self.response))

    def server_sends_reply(self, version: str) -> bool:
        """From 16.0 the server sends the reply mail (SendResponse); before, the client."""
        return self.send_response and tables.version_key(check_version_name(version)) >= (16, 0)

    def eas_request(self, version: str, *, collection_id: str | None = None,
                    request_id: str | None = None, long_id: str | None = None,
                    instance_id: _dt.datetime | None = None) -> MeetingResponseRequest:
        """The MeetingResponse Request for protocol *version*: in 16.x with
        ``send_response`` it carries SendResponse (the comment as a plain-text body and
        any proposal); before 16.0 the client sends the reply itself (see
        :func:`~fastwbxml.eas.reply.build_reply_mail`)."""
        send = None
        if self.server_sends_reply(version):
            body = Body(type=BodyType.PLAIN_TEXT, data=self.comment) if self.comment else None
            send = SendResponse(body=body, proposed_start_time=self.proposed_start,
                                proposed_end_time=self.proposed_end)
        elif self.proposed_start is not None:
            raise VersionError("MeetingDecision.proposed_start",
                               "MeetingResponse:ProposedStartTime", version,
                               "a new time proposal needs 16.1 and send_response")
        return MeetingResponseRequest(user_response=self.response, collection_id=collection_id,
                                      request_id=request_id, long_id=long_id,
                                      instance_id=instance_id, send_response=send)

    def graph_action(self, event_id: str, *, user: str | None = None,
                     time_zone: str = "UTC") -> GraphAction:
        """The Microsoft Graph request for the same decision."""
        return graph_action(self.response, event_id, comment=self.comment,
                            send_response=self.send_response,
                            proposed_start=self.proposed_start, proposed_end=self.proposed_end,
                            user=user, time_zone=time_zone)

    @classmethod
    def from_graph(cls, action: GraphAction) -> "MeetingDecision":
        """The decision a Graph request expresses (proposals read as UTC)."""
        body = action.body
        start = end = None
        slot = body.get("proposedNewTime")
        if slot:
            start, end = (_dt.datetime.fromisoformat(slot[k]["dateTime"]).replace(
                tzinfo=_dt.timezone.utc) for k in ("start", "end"))
        return cls(action.response, body.get("comment"), bool(body.get("sendResponse", True)),
                   start, end)
