"""Property tests: random trees over every code page round-trip; arbitrary bytes either
decode or raise a WBXMLError, nothing else."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fastwbxml

from fastwbxml.testing import trees as _trees


def trees(**kw):
    """Any tag with any content (unknown tokens too): what exactness must hold for."""
    return _trees(any_content=True, unknown_tokens=True, **kw)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(trees())
def test_tree_round_trip(root):
    for codec in _codecs():
        data = codec.dumps(root)
        back = codec.loads(data)
        assert back == root
        assert codec.dumps(back) == data


@SETTINGS
@given(trees())
def test_xml_round_trip(root):
    x = fastwbxml.to_xml(root)
    assert fastwbxml.from_xml(x) == root
    assert fastwbxml.from_xml(fastwbxml.to_xml(root, indent=None)) == root


@SETTINGS
@given(st.lists(trees(max_depth=3, max_children=3), max_size=4), st.sampled_from([0, 1, 2, 4, 17]))
def test_fragment_round_trip(roots, page):
    for codec in _codecs():
        data = codec.dumps_fragment(roots, page=page)
        assert codec.loads_fragment(data, page=page) == roots


@SETTINGS
@given(trees())
def test_iterparse_matches_tree(root):
    for codec in _codecs():
        data = codec.dumps(root)
        events = list(codec.iterparse(data))
        expected = []
        for_stack = [(root, False)]
        while for_stack:
            e, closing = for_stack.pop()
            if closing:
                expected.append(("end", e.tag))
                continue
            expected.append(("start", e.tag))
            for_stack.append((e, True))
            if e.text is not None:
                expected.append(("text" if isinstance(e.text, str) else "opaque", e.text))
            for c in reversed(list(e)):
                for_stack.append((c, False))
        assert events == expected


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=80))
def test_arbitrary_bytes_decode_or_raise_wbxmlerror(data):
    for codec in _codecs():
        for call in (lambda: codec.loads(data), lambda: codec.loads_fragment(data),
                     lambda: list(codec.iterparse(data))):
            try:
                call()
            except fastwbxml.WBXMLError as exc:
                assert exc.offset is not None and 0 <= exc.offset <= len(data)


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=60))
def test_arbitrary_bodies_decode_or_raise_wbxmlerror(body):
    data = b"\x03\x01\x6a\x00" + body
    for codec in _codecs():
        try:
            root = codec.loads(data)
        except fastwbxml.WBXMLError as exc:
            assert 0 <= exc.offset <= len(data)
        else:
            assert codec.dumps(root) == data  # whatever decodes re-encodes exactly


def _codecs():
    from fastwbxml import _api
    return [c for c in (_api.PYTHON, _api.NATIVE) if c is not None]
