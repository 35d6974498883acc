"""The page-switch record ``_wire``: a named structure, kept by one documented rule.

Only SWITCH_PAGE tokens an encoder would not write by itself are recorded: before a tag
when redundant (two or more, or one to the page already current), before a string or an END
always.  Both decoders record the same :class:`fastwbxml._wire.Wire`, and both encoders
write it back byte for byte.
"""
from __future__ import annotations

import pytest

import fastwbxml
from fastwbxml._wire import Wire, keep_before_tag

from .conftest import CODECS

HEADER = b"\x03\x01\x6a\x00"


def decode(codec, body: bytes):
    return codec.loads(HEADER + body)


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
@pytest.mark.parametrize("body, field, pages", [
    # one switch to the page already current (0) before the root tag: redundant, kept
    (b"\x00\x00\x45\x01", "before_tag", (0,)),
    # two switches before the root tag (to 1, then back to 0): kept, in the order read
    (b"\x00\x01\x00\x00\x45\x01", "before_tag", (1, 0)),
    # switches between a tag and its string: always kept (a string needs no page)
    (b"\x45\x4e\x00\x05\x03\x31\x00\x01\x01", "before_text", (5,)),
    # a switch before END: always kept
    (b"\x45\x00\x02\x01", "before_end", (2,)),
])
def test_redundant_switches_are_recorded_by_name(codec, body, field, pages):
    root = decode(codec, body)
    holder = root if field != "before_text" else root[0]
    w = holder._wire
    assert isinstance(w, Wire) and w.__class__ is Wire
    assert getattr(w, field) == pages
    assert [f for f in Wire._fields if getattr(w, f) is not None] == [field]
    assert codec.dumps(root) == HEADER + body


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
def test_a_needed_switch_is_not_recorded(codec):
    # AirSync:Sync, then SWITCH_PAGE to Email (2) before Email:Subject: the encoder writes
    # that switch by itself, so nothing is recorded
    body = b"\x45\x00\x02\x54\x03\x78\x00\x01\x01"
    root = decode(codec, body)
    assert root._wire is None and root[0]._wire is None
    assert root[0].tag == "Email:Subject"
    assert codec.dumps(root) == HEADER + body


def test_keep_rule():
    assert keep_before_tag([0], 0)          # to the page already current
    assert not keep_before_tag([2], 0)      # the one switch that reaches the tag's page
    assert keep_before_tag([2, 2], 0)       # two switches
    assert keep_before_tag([0, 2], 0)


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
def test_a_wire_set_by_hand_is_written_back(codec):
    e = codec.Element("AirSync:Sync", "x")
    e._wire = Wire(before_tag=(0, 0), before_text=(5,), before_end=(1, 2))
    assert codec.dumps(e) == HEADER + bytes.fromhex("0000 0000 45 0005 03 7800 0001 0002 01")
    e._wire = Wire(before_tag=(4,))
    with pytest.raises(fastwbxml.EncodeError, match="end on page 4, not the tag's page 0"):
        codec.dumps(e)


def test_both_codecs_record_equal_wires():
    if len(CODECS) < 2:
        pytest.skip("one codec only (FASTWBXML_PUREPYTHON)")
    body = bytes.fromhex("0000 45 0000 4e 0001 03 3100 01 0000 01")
    py, na = (c.loads(HEADER + body) for c in CODECS)
    assert py._wire == na._wire == Wire(before_tag=(0,), before_end=(0,))
    assert py[0]._wire == na[0]._wire == Wire(before_tag=(0,), before_text=(1,))
