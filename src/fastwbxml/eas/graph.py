"""The same decision over Microsoft Graph (Outlook REST): ``accept``,
``tentativelyAccept`` or ``decline`` on an event, with ``comment`` and ``sendResponse``
(and ``proposedNewTime`` for tentative / decline), as method, path and JSON body.

Graph: ``POST /me/events/{id}/accept`` (or ``/users/{id|userPrincipalName}/events/{id}/…``)
with ``{"comment": "...", "sendResponse": true}``; success is ``202 Accepted``.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from typing import Any
from urllib.parse import quote

from .enums import UserResponse
from .errors import EASValueError

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


def _time_slot_end(value: _dt.datetime, time_zone: str) -> dict[str, str]:
    if value.tzinfo is None:
        raise EASValueError("proposed times must be aware datetimes")
    if time_zone == "UTC":
        value = value.astimezone(_dt.timezone.utc)
    return {"dateTime": value.replace(tzinfo=None).isoformat(timespec="seconds"),
            "timeZone": time_zone}


def graph_action(response: UserResponse, event_id: str, *, comment: str | None = None,
                 send_response: bool = True, proposed_start: _dt.datetime | None = None,
                 proposed_end: _dt.datetime | None = None, user: str | None = None,
                 time_zone: str = "UTC") -> GraphAction:
    """The Graph request answering event *event_id* (of ``/me``, or of *user*)."""
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
        if proposed_start is None or proposed_end is None:
            raise EASValueError("proposedNewTime needs both start and end")
        body["proposedNewTime"] = {"start": _time_slot_end(proposed_start, time_zone),
                                   "end": _time_slot_end(proposed_end, time_zone)}
    return GraphAction("POST", path, body)
