"""Truncation at every offset and random mutations of every message we have: each ends in a
valid tree or in a WBXMLError subclass with an offset inside the input -- never another
exception, a crash or a hang -- and both implementations agree."""
import random

import pytest

import fastwbxml
from fastwbxml import _api

from .conftest import FIXTURES, VECTORS, hexfile


def corpus():
    msgs = {}
    for p in sorted(FIXTURES.glob("*.xml")):
        msgs[p.stem] = (fastwbxml.dumps(fastwbxml.from_xml(p.read_bytes())), False)
    if VECTORS.is_dir():
        for p in sorted((VECTORS / "captures").glob("*.wbxml")):
            msgs[p.stem] = (p.read_bytes(), False)
        for p in sorted((VECTORS / "fragments").glob("*.wbxml")):
            msgs[p.stem] = (p.read_bytes(), True)
        for p in sorted((VECTORS / "hex").glob("*.hex")):
            msgs[p.stem] = (hexfile(p), False)
    return msgs


CORPUS = corpus()


def outcome(codec, data, fragment):
    try:
        if fragment:
            roots = codec.loads_fragment(data)
            return ("ok", codec.dumps_fragment(roots))
        doc = codec.loads_document(data)
        return ("ok", codec.dumps(doc))
    except fastwbxml.WBXMLError as exc:
        assert exc.offset is not None and 0 <= exc.offset <= len(data), (exc, len(data))
        return (type(exc).__name__, exc.offset)


def check(data, fragment):
    """The pure-Python core's outcome; the native core's must be the same (compared only
    when it is loaded: never a core with itself)."""
    py = outcome(_api.PYTHON, data, fragment)
    if _api.NATIVE is not None:
        native = outcome(_api.NATIVE, data, fragment)
        assert py == native, (py, native)
    if py[0] == "ok":
        assert py[1] == data  # whatever decodes re-encodes exactly
    return py


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_truncation(name):
    data, fragment = CORPUS[name]
    kinds = set()
    for n in range(len(data)):
        kinds.add(check(data[:n], fragment)[0])
    if not fragment:
        assert "ok" not in kinds  # a message cut short is never taken for a whole one


def mutations(data: bytes, rng: random.Random, count: int):
    for _ in range(count):
        b = bytearray(data)
        kind = rng.randrange(5)
        i = rng.randrange(len(b)) if b else 0
        if kind == 0 and b:               # bit flip
            b[i] ^= 1 << rng.randrange(8)
        elif kind == 1:                   # byte insert
            b.insert(i, rng.randrange(256))
        elif kind == 2 and b:             # byte delete
            del b[i]
        elif kind == 3 and b:             # random byte
            b[i] = rng.randrange(256)
        else:                             # corrupt a length field / string terminator
            idx = [k for k, v in enumerate(b) if v in (0xC3, 0x00, 0x03)]
            if idx:
                k = rng.choice(idx)
                if k + 1 < len(b):
                    b[k + 1] = rng.choice([0x00, 0x7F, 0x80, 0xFF, 0x8F])
        yield bytes(b)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_random_mutations(name):
    data, fragment = CORPUS[name]
    rng = random.Random(f"fastwbxml:{name}")
    seen = set()
    for m in mutations(data, rng, 1000):
        seen.add(check(m, fragment)[0])
    assert len(seen) >= 2  # the mutations did reach both outcomes or several error kinds
