"""fastwbxml.testing, the public Hypothesis strategies: what each promises, checked on what
it draws; the hostile strategy's shapes reach the decoder's error classes; the README's
downstream property test runs."""
import pathlib
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, find, given, settings, strategies as st

import fastwbxml
from fastwbxml import Element, WBXMLError, errors, tables
from fastwbxml.eas import MeetingRequest, MeetingResponse, classify_application_data
from fastwbxml.testing import (deep_tree, hostile_messages, meeting_requests,
                               meeting_responses, messages, trees)

from .conftest import VECTORS

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
SLOW = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow,
                                                        HealthCheck.filter_too_much])


def _check_kinds(root: Element) -> None:
    for e in root.iter():
        kind = tables.tag_info(e.tag).kind
        if kind == "container":
            assert e.text is None, e.tag
        elif kind == "string":
            assert isinstance(e.text, str) and len(e) == 0, e.tag
        elif kind == "opaque":
            assert isinstance(e.text, bytes) and len(e) == 0, e.tag
        elif kind == "empty":
            assert e.text is None and len(e) == 0 and not e.content_bit, e.tag


@given(st.data())
def test_trees_fit_the_version_and_each_tags_kind(data):
    version = data.draw(st.sampled_from(tables.VERSIONS))
    root = data.draw(trees(version=version, max_depth=3, max_children=4))
    for e in root.iter():
        assert tables.exists_in(e.tag, version), (e.tag, version)
    _check_kinds(root)
    assert fastwbxml.loads(fastwbxml.dumps(root)) == root


@given(trees(pages=[25, "WindowsLive"], max_depth=2))
def test_trees_pages_filter_by_number_and_name(root):
    assert {tables.tag_info(e.tag).page for e in root.iter()} <= {25, 254}
    _check_kinds(root)


def test_trees_rejects_what_does_not_exist():
    with pytest.raises(ValueError, match="no code page named 'Nope'"):
        trees(pages=["Nope"])
    with pytest.raises(ValueError, match="no tag in code page"):
        trees(version="2.5", pages=[25])          # Find is 16.1 only
    with pytest.raises(ValueError):
        trees(version="13.0")


def test_trees_reach_deep_and_wide_trees():
    def depth(e):
        return 1 + max((depth(c) for c in e), default=0)
    deep = find(trees(max_depth=4, max_children=3), lambda r: depth(r) == 4)
    assert depth(deep) == 4
    wide = find(trees(max_children=5), lambda r: len(r) == 5)
    assert len(wide) == 5
    assert len(find(trees(), lambda r: True)) <= 5


@given(messages(version="14.1", max_depth=3))
def test_messages_are_eas_wbxml(data):
    assert data[:4] == b"\x03\x01\x6a\x00"
    root = fastwbxml.loads(data, strict=True)      # no undefined tokens
    assert fastwbxml.dumps(root) == data


@SLOW
@given(st.data())
def test_meeting_responses_are_valid_for_their_version(data):
    version = data.draw(st.sampled_from(tables.VERSIONS))
    msg = data.draw(meeting_responses(version))
    assert isinstance(msg, MeetingResponse) and msg.supports(version)
    assert MeetingResponse.from_wbxml(msg.to_wbxml(version)) == msg


@SLOW
@given(st.data())
def test_meeting_requests_are_valid_for_their_version(data):
    version = data.draw(st.sampled_from(["12.1", "14.1", "16.1"]))
    req = data.draw(meeting_requests(version))
    assert isinstance(req, MeetingRequest) and req.supports(version)
    elem = req.element("AirSync:ApplicationData", version)
    assert classify_application_data(fastwbxml.loads(fastwbxml.dumps(elem))) == req


def test_meeting_responses_use_what_only_newer_versions_have():
    """16.1's SendResponse is drawn for 16.1 and never for 14.1."""
    found = find(meeting_responses("16.1"),
                 lambda m: any(r.send_response is not None for r in m.requests),
                 settings=settings(max_examples=2000,
                                   suppress_health_check=list(HealthCheck)))
    assert found.supports("16.1") and not found.supports("14.1")


def _malformed_seeds():
    path = VECTORS / "malformed.tsv"
    if not path.is_file():
        return []
    rows = [line.split("\t") for line in path.read_text().splitlines()
            if line and not line.startswith("#")]
    return [bytes.fromhex(r[1]) for r in rows if len(r) > 1]


@settings(max_examples=300)
@given(hostile_messages(seeds=_malformed_seeds()))
def test_hostile_input_decodes_or_raises_a_wbxml_error(data):
    try:
        root = fastwbxml.loads(data)
    except WBXMLError as exc:
        assert exc.offset is None or 0 <= exc.offset <= len(data)
    else:
        assert fastwbxml.dumps(root) == data


@pytest.mark.parametrize("cls", [
    errors.UnsupportedTokenError, errors.UnknownCodePageError, errors.MbUInt32Error,
    errors.InvalidStringError, errors.TruncatedError, errors.StructureError,
    errors.HeaderError])
def test_hostile_input_reaches_each_error_class(cls):
    def raises(data):
        try:
            fastwbxml.loads(data)
        except cls:
            return True
        except WBXMLError:
            return False
        return False
    bad = find(hostile_messages(), raises, settings=settings(
        max_examples=5000, suppress_health_check=list(HealthCheck)))
    with pytest.raises(cls):
        fastwbxml.loads(bad)


def test_hostile_input_takes_seeds():
    seed = bytes.fromhex("03016A00001545510361")
    drawn = find(hostile_messages(st.nothing(), seeds=[seed]), lambda b: b == seed)
    assert drawn == seed


def test_deep_tree():
    root = deep_tree(5)
    assert len(list(root.iter())) == 5 and root.tag == "AirSync:Collection"


def test_import_without_hypothesis_is_a_clear_import_error():
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "try:\n    import fastwbxml.testing\n"
            "except ImportError as exc:\n    print(exc)\nelse:\n    print('imported')\n"
            "import fastwbxml; print(fastwbxml.loads(bytes.fromhex('03016a004501')).tag)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "fastwbxml.testing needs Hypothesis: pip install 'fastwbxml[testing]'" in p.stdout
    assert p.stdout.strip().endswith("AirSync:Sync")


def test_readme_downstream_property_test_runs():
    text = README.read_text()
    start = text.index("### Property tests for your own EAS code")
    block = re.search(r"```python\n(.*?)```", text[start:], re.S).group(1)
    assert len([line for line in block.splitlines() if line.strip()]) <= 10
    env: dict = {}
    exec(block, env)
    tests = [v for k, v in env.items() if k.startswith("test_") and callable(v)]
    assert len(tests) == 1
    tests[0]()                      # a @given test runs its examples when called
