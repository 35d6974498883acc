"""The same decision over Microsoft Graph (Outlook REST): ``accept``,
``tentativelyAccept`` or ``decline`` on an event, with ``comment`` and ``sendResponse``
(and ``proposedNewTime`` for tentative / decline), as method, path and JSON body.

Graph: ``POST /me/events/{id}/accept`` (or ``/users/{id|userPrincipalName}/events/{id}/…``)
with ``{"comment": "...", "sendResponse": true}``; success is ``202 Accepted``.

What Graph refuses is refused here before anything is sent:

- ``proposedNewTime`` on ``accept``: the accept action's body has only ``comment`` and
  ``sendResponse``; ``proposedNewTime`` is a parameter of ``tentativelyAccept`` and
  ``decline`` only (Graph event-accept / event-tentativelyaccept / event-decline, request
  body).
- ``proposedNewTime`` with ``sendResponse: false``: "Setting this parameter requires
  setting sendResponse to true"; Graph answers HTTP 400 otherwise (same pages).

Each end of ``proposedNewTime`` is the wall time of the named zone, a Windows or IANA
name (see :mod:`fastwbxml.eas.zonenames`).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from typing import Any
from urllib.parse import quote

from ..enums import UserResponse
from ..errors import EASValueError
from ..codecs.zonenames import graph_wall_time

__all__ = ["GRAPH_ACTIONS", "GraphAction", "graph_action"]

#: the Graph event action for each answer
GRAPH_ACTIONS = {UserResponse.ACCEPTED: "accept",
                 UserResponse.TENTATIVE: "tentativelyAccept",
                 UserResponse.DECLINED: "decline"}


@dataclasses.dataclass(frozen=True)
class GraphAction:
    """One HTTP request to Microsoft Graph: send ``body`` as JSON to ``path`` (relative to
    ``https://graph.microsoft.com/v1.0``) with ``method``."""
    method: str
    path: str
    body: dict[str, Any]

    def json(self) -> str:
        return json.dumps(self.body, separators=(",", ":"), sort_keys=True)

    @property
    def response(self) -> UserResponse:
        """The answer this action gives (from the last path segment)."""
        name = self.path.rsplit("/", 1)[-1]
        for resp, action in GRAPH_ACTIONS.items():
            if action == name:
                return resp
        raise EASValueError(f"{self.path!r} is not a Graph event response action")


def graph_action(response: UserResponse, event_id: str, *, comment: str | None = None,
                 send_response: bool = True, proposed_start: _dt.datetime | None = None,
                 proposed_end: _dt.datetime | None = None, user: str | None = None,
                 time_zone: str = "UTC") -> GraphAction:
    """The Graph request answering event *event_id* (of ``/me``, or of *user*).

    *time_zone* names the zone of ``proposedNewTime``'s wall times: ``"UTC"``, a Windows
    name (``"Pacific Standard Time"``) or an IANA name (``"America/Los_Angeles"``); an
    unknown name raises :class:`~fastwbxml.eas.errors.UnknownTimeZoneError`."""
    response = UserResponse(response)
    if not event_id:
        raise EASValueError("graph_action needs the event id")
    owner = "/me" if user is None else f"/users/{quote(user, safe='@')}"
    path = f"{owner}/events/{quote(event_id, safe='')}/{GRAPH_ACTIONS[response]}"
    body: dict[str, Any] = {"sendResponse": bool(send_response)}
    if comment:
        body["comment"] = comment
    if proposed_start is not None or proposed_end is not None:
        if response is UserResponse.ACCEPTED:
            raise EASValueError("Graph's accept takes no proposedNewTime (use tentative "
                                "or decline)")
        if not send_response:
            raise EASValueError("proposedNewTime requires sendResponse true (Graph answers "
                                "HTTP 400 to a proposal with sendResponse false)")
        if proposed_start is None or proposed_end is None:
            raise EASValueError("proposedNewTime needs both start and end")
        body["proposedNewTime"] = {"start": graph_wall_time(proposed_start, time_zone),
                                   "end": graph_wall_time(proposed_end, time_zone)}
    return GraphAction("POST", path, body)
