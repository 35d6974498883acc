"""One object for the user's answer, usable over EAS or over Microsoft Graph.

A :class:`MeetingDecision` holds only what both protocols can say, so that the same
object always gives a valid EAS request and a valid Graph request.  The one rule for new
time proposals follows from that:

- A proposal goes with a tentative or decline answer, never with accept.  [MS-ASCMD]
  2.2.3.141 / 2.2.3.140 / 2.2.3.163 put ProposedStartTime / ProposedEndTime in
  SendResponse without restricting UserResponse, and [MS-OXOCAL] 3.1.4.8.4.1 lets an
  attendee propose "along with the response, whether Accept, Tentatively Accept, or
  Decline"; but Graph's ``accept`` has no ``proposedNewTime`` parameter (only
  ``tentativelyAccept`` and ``decline`` do).  An EAS-only client that wants accept with a
  proposal writes :class:`~fastwbxml.eas.meeting_response.SendResponse` itself, which
  allows it, as the wire format does.
- A proposal needs ``send_response``: in EAS it lives inside SendResponse, and Graph
  answers HTTP 400 to ``proposedNewTime`` with ``sendResponse: false``.
- Both ends or neither, aware datetimes, the end after the start ([MS-ASCMD] 2.2.3.140 /
  2.2.3.141 each require the other).

Each is refused with :class:`~fastwbxml.eas.errors.EASValueError` when the decision is
made, naming the field.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt

from ... import tables
from ..codecs.zonenames import parse_graph_datetime
from ..commands.meeting_response import MeetingResponseRequest, SendResponse
from ..enums import BodyType, UserResponse
from ..errors import EASValueError, VersionError
from ..items.airsyncbase import Body
from ..versions import check_version_name
from .graph import GraphAction, graph_action
from .reply import build_reply_mail

__all__ = ["MeetingDecision"]


@dataclasses.dataclass(frozen=True)
class MeetingDecision:
    """Accept / tentative / decline, a comment, whether the organizer is told, and
    (tentative or decline with ``send_response``, EAS 16.1 / Graph) a new time proposal;
    see the module docstring for the rules a proposal follows."""
    response: UserResponse
    comment: str | None = None
    send_response: bool = True
    proposed_start: _dt.datetime | None = None
    proposed_end: _dt.datetime | None = None

    def __post_init__(self):
        object.__setattr__(self, "response", UserResponse(self.response))
        start, end = self.proposed_start, self.proposed_end
        if start is None and end is None:
            return
        if start is None or end is None:
            missing = "proposed_start" if start is None else "proposed_end"
            raise EASValueError(f"MeetingDecision.{missing} is missing: a new time proposal "
                                "needs both proposed_start and proposed_end")
        for name, value in (("proposed_start", start), ("proposed_end", end)):
            if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
                raise EASValueError(f"MeetingDecision.{name} must be an aware datetime")
        if end <= start:
            raise EASValueError("MeetingDecision.proposed_end must be after proposed_start")
        if self.response is UserResponse.ACCEPTED:
            raise EASValueError("MeetingDecision.proposed_start: a new time proposal goes "
                                "with TENTATIVE or DECLINED, not ACCEPTED (Graph's accept "
                                "has no proposedNewTime)")
        if not self.send_response:
            raise EASValueError("MeetingDecision.send_response is False but a new time is "
                                "proposed: a proposal is sent to the organizer, so it needs "
                                "send_response=True")

    def server_sends_reply(self, version: str) -> bool:
        """From 16.0 the server sends the reply mail (SendResponse); before, the client."""
        return self.send_response and tables.version_key(check_version_name(version)) >= (16, 0)

    def eas_request(self, version: str, *, collection_id: str | None = None,
                    request_id: str | None = None, long_id: str | None = None,
                    instance_id: _dt.datetime | None = None) -> MeetingResponseRequest:
        """The MeetingResponse Request for protocol *version*: in 16.x with
        ``send_response`` it carries SendResponse (the comment as a plain-text body and
        any proposal); before 16.0 the client sends the reply itself (see
        :func:`~fastwbxml.eas.meeting.reply.build_reply_mail`)."""
        send = None
        if self.server_sends_reply(version):
            body = Body(type=BodyType.PLAIN_TEXT, data=self.comment) if self.comment else None
            send = SendResponse(body=body, proposed_start_time=self.proposed_start,
                                proposed_end_time=self.proposed_end)
        elif self.proposed_start is not None:
            raise VersionError("MeetingDecision.proposed_start",
                               "MeetingResponse:ProposedStartTime", version,
                               "a new time proposal needs 16.1")
        return MeetingResponseRequest(user_response=self.response, collection_id=collection_id,
                                      request_id=request_id, long_id=long_id,
                                      instance_id=instance_id, send_response=send)

    def reply_mail(self, meeting, attendee, *, sequence: int | None = None,
                   dtstamp: _dt.datetime | None = None, instance: _dt.datetime | None = None):
        """The reply mail the client sends the organizer up to 14.1 (see
        :func:`~fastwbxml.eas.meeting.reply.build_reply_mail`): this decision's answer and comment.
        *sequence* is the SEQUENCE of the request answered (RFC 5546 3.2.3); ``None``
        reads it from the invitation's own iCalendar when the meeting request was fetched
        as MIME, else 0."""
        return build_reply_mail(meeting, self.response, attendee, self.comment,
                                dtstamp=dtstamp, sequence=sequence, instance=instance)

    def graph_action(self, event_id: str, *, user: str | None = None,
                     time_zone: str = "UTC") -> GraphAction:
        """The Microsoft Graph request for the same decision; the proposal's wall times
        are written in *time_zone* (``"UTC"``, a Windows or an IANA name)."""
        return graph_action(self.response, event_id, comment=self.comment,
                            send_response=self.send_response,
                            proposed_start=self.proposed_start, proposed_end=self.proposed_end,
                            user=user, time_zone=time_zone)

    @classmethod
    def from_graph(cls, action: GraphAction) -> "MeetingDecision":
        """The decision a Graph request expresses; a proposal's wall times are read in
        their own ``timeZone`` (Windows or IANA name), so they name the same instants."""
        body = action.body
        start = end = None
        slot = body.get("proposedNewTime")
        if slot:
            start, end = (parse_graph_datetime(slot.get(k)) for k in ("start", "end"))
        return cls(action.response, body.get("comment"), bool(body.get("sendResponse", True)),
                   start, end)
