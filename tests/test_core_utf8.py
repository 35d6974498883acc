"""The native core's UTF-8 code (``_core_utf8.h``: ``fw_utf8_scan`` / ``fw_utf8_fill``, and
``w_str`` in ``_core_writer.pxi``) against CPython's own strict codec, over every lead byte
of a multi-byte sequence with every second byte and the edge values of the later bytes, and
over strings of each storage kind (1, 2 and 4 bytes a character) for the encoder."""
from __future__ import annotations

import itertools

import pytest

from fastwbxml import errors

_core = pytest.importorskip("fastwbxml._core")

EDGES = (0x41, 0x80, 0xBF, 0xC0)  # later bytes: ASCII, the continuation range's ends, past it


def decode_str_i(raw: bytes):
    # a fragment on page 0: <token 5 with content> STR_I raw NUL END
    (root,) = _core.decode(b"\x45\x03" + raw + b"\x00\x01", fragment=True)[1]
    return root.text


def expected(raw: bytes):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_every_lead_and_second_byte():
    checked = 0
    for lead in range(0x80, 0x100):
        for second in range(1, 0x100):
            for rest in itertools.product(EDGES, repeat=2 if lead >= 0xE0 else 0):
                for pad in (b"", b"x" * 20):  # a short string, and one past the vector path
                    raw = pad + bytes((lead, second, *rest)) + pad
                    want = expected(raw)
                    if want is None:
                        with pytest.raises(errors.InvalidStringError):
                            decode_str_i(raw)
                    else:
                        assert decode_str_i(raw) == want, raw
                    checked += 1
    assert checked > 250_000


@pytest.mark.parametrize("text", [
    "é" * 40 + "abc" * 20 + "ÿ",             # kind 1, runs of ASCII between
    "ĀčЖ" * 30 + "a" * 33 + "€",              # kind 2, 2- and 3-byte sequences
    "😀a" * 20 + "é€" + "b" * 40 + "\U0010ffff",  # kind 4, every length
])
def test_encode_each_kind_round_trips(text):
    root = _core.decode(b"\x45\x03" + text.encode() + b"\x00\x01", fragment=True)[1][0]
    assert root.text == text
    assert _core.encode((root,), 0) == b"\x45\x03" + text.encode() + b"\x00\x01"


@pytest.mark.parametrize("bad", ["ab\x00", "é\x00", "€\x00", "😀\x00", "é\ud800", "😀\udfff"])
def test_encode_refuses_nul_and_surrogates_in_each_kind(bad):
    root = _core.decode(b"\x45\x03ok\x00\x01", fragment=True)[1][0]
    root.text = bad
    with pytest.raises(errors.EncodeError):
        _core.encode((root,), 0)
