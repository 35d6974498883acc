"""The README section's worked example runs against the seed messages."""
import pathlib
import re

import pytest

import fastwbxml

from . import seed

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def eas_section() -> str:
    text = README.read_text()
    start = text.index("## Meeting responses")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_worked_example_runs():
    pytest.importorskip("icalendar")
    doc = lambda xml: fastwbxml.dumps(fastwbxml.from_xml(xml))  # noqa: E731
    env = dict(inbox_sync_bytes=doc(seed.MEETING_REQUEST_XML), answer_bytes=doc(seed.MR_RESPONSE_XML),
               sendmail_answer_bytes=b"", calendar_sync_bytes=doc(seed.CAL_SYNC_XML),
               alice_inbox_bytes=doc(seed.REPLY_MAIL_XML),
               alice_calendar_bytes=doc(seed.STATUS_CHANGE_XML), event_id="AAMkAD=")
    blocks = re.findall(r"```python\n(.*?)```", eas_section(), re.S)
    assert len(blocks) >= 4
    for block in blocks:
        exec(block, env)
    assert env["flow"].plan() == ["MeetingResponse", "SendMail", "Sync"]
    assert env["reply"].meeting_response.name == "ACCEPTED"
    assert env["change"].data.attendee("bob@contoso.com").status == 3
    assert env["action"].path == "/me/events/AAMkAD%3D/tentativelyAccept"
