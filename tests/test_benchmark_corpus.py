"""The benchmark corpus generator (benchmarks/corpus.py): deterministic, valid, to spec.

No timing here: the benchmarks themselves live in benchmarks/.
"""
import base64
import os
import sys

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks")
sys.path.insert(0, BENCH)
try:
    import corpus
finally:
    sys.path.remove(BENCH)

import fastwbxml  # noqa: E402


@pytest.fixture(scope="module")
def messages():
    return corpus.load_corpus()


def test_all_messages_present(messages):
    assert tuple(messages) == corpus.NAMES
    assert set(corpus.DESCRIPTIONS) == set(corpus.NAMES)


def test_deterministic(messages):
    again = {name: corpus.encode_tree(tree) for name, tree in corpus.build_trees().items()}
    assert again == messages


@pytest.mark.parametrize("name", corpus.NAMES)
def test_roundtrips(messages, name):
    data = messages[name]
    assert data[:4] == b"\x03\x01\x6a\x00"
    root = fastwbxml.loads(data, strict=True)
    assert fastwbxml.dumps(root) == data


def test_sizes(messages):
    trees = corpus.build_trees()
    n = {k: corpus.count_elements(v) for k, v in trees.items()}
    assert len(messages["meetingresponse_request"]) < 100
    assert 1200 <= len(messages["calendar_sync"]) <= 1800 and 60 <= n["calendar_sync"] <= 80
    assert 1100 <= len(messages["inbox_meetingrequest"]) <= 1500
    assert 1800 <= len(messages["sendmail_2k"]) <= 2400
    assert 1_000_000 <= len(messages["sendmail_1m"]) <= 1_100_000
    assert 1_300_000 <= len(messages["sync_1000"]) <= 1_500_000
    assert 36_000 <= n["sync_1000"] <= 44_000
    assert n["sync_5000_changes"] >= 20_000


def test_realistic_content(messages):
    root = fastwbxml.loads(messages["sync_1000"])
    texts = [e.text for e in root.iter() if isinstance(e.text, str)]
    assert any(any(ord(ch) > 127 for ch in t) for t in texts)  # UTF-8 beyond ASCII
    assert any("\r\n" in t for t in texts)                      # CRLF in bodies
    assert any(isinstance(e.text, bytes) for e in root.iter())  # opaque (ConversationId)
    cal = fastwbxml.loads(messages["calendar_sync"])
    tz = next(cal.iter("Calendar:Timezone"))
    assert len(base64.b64decode(tz.text)) == 172
    assert len(list(cal.iter("Calendar:Attendee"))) >= 5
    mime = next(fastwbxml.loads(messages["sendmail_1m"]).iter("ComposeMail:Mime")).text
    assert isinstance(mime, (bytes, memoryview)) and b"\r\n" in bytes(mime[:2000])


def test_write_corpus(tmp_path):
    written = corpus.write_corpus(str(tmp_path))
    assert corpus.load_corpus(str(tmp_path)) == written
