"""The same decision as a Microsoft Graph action."""
import datetime as dt
import json

import pytest

from fastwbxml.eas import (BodyType, EASValueError, GraphAction, MeetingDecision,
                           UserResponse, graph_action)

UTC = dt.timezone.utc


@pytest.mark.parametrize("response,action", [(UserResponse.ACCEPTED, "accept"),
                                             (UserResponse.TENTATIVE, "tentativelyAccept"),
                                             (UserResponse.DECLINED, "decline")])
def test_action_per_response(response, action):
    a = graph_action(response, "AAMkAGI1=", comment="ok", send_response=False)
    assert a.method == "POST"
    assert a.path == f"/me/events/AAMkAGI1%3D/{action}"
    assert json.loads(a.json()) == {"comment": "ok", "sendResponse": False}
    assert a.response is response


def test_user_path_and_proposal():
    start = dt.datetime(2024, 5, 2, 19, tzinfo=UTC)
    a = graph_action(UserResponse.TENTATIVE, "E1", user="bob@contoso.com",
                     proposed_start=start, proposed_end=start + dt.timedelta(hours=1))
    assert a.path == "/users/bob@contoso.com/events/E1/tentativelyAccept"
    assert a.body["proposedNewTime"] == {
        "start": {"dateTime": "2024-05-02T19:00:00", "timeZone": "UTC"},
        "end": {"dateTime": "2024-05-02T20:00:00", "timeZone": "UTC"}}
    assert "comment" not in a.body and a.body["sendResponse"] is True


def test_accept_takes_no_proposal():
    start = dt.datetime(2024, 5, 2, 19, tzinfo=UTC)
    with pytest.raises(EASValueError, match="accept"):
        graph_action(UserResponse.ACCEPTED, "E1", proposed_start=start, proposed_end=start)
    with pytest.raises(EASValueError):
        graph_action(UserResponse.DECLINED, "E1", proposed_start=start)


def test_one_decision_two_protocols():
    start = dt.datetime(2024, 5, 2, 19, tzinfo=UTC)
    d = MeetingDecision(UserResponse.DECLINED, comment="Conflict", proposed_start=start,
                        proposed_end=start + dt.timedelta(hours=1))
    g = d.graph_action("E1")
    assert g.path.endswith("/decline") and g.body["comment"] == "Conflict"
    assert MeetingDecision.from_graph(g) == d
    req = d.eas_request("16.1", collection_id="5", request_id="5:1")
    assert req.user_response is UserResponse.DECLINED
    assert req.send_response.body.type is BodyType.PLAIN_TEXT
    assert req.send_response.body.data == "Conflict"
    assert req.send_response.proposed_end_time == start + dt.timedelta(hours=1)
    quiet = MeetingDecision(UserResponse.ACCEPTED, send_response=False)
    assert quiet.eas_request("16.1", collection_id="5", request_id="5:1").send_response is None
    assert quiet.graph_action("E1").body == {"sendResponse": False}
    assert not MeetingDecision(UserResponse.ACCEPTED).server_sends_reply("14.1")


def test_unknown_action_path():
    with pytest.raises(EASValueError):
        GraphAction("POST", "/me/events/E1/forward", {}).response
