"""The native decoder's children blocks (``_core_element.pxi``, "Children of a decoded element").

The native decoder keeps each element's children in a C array owned by the element and turns
it into the children list only when Python code reads ``_children`` (every method written in
Python does).  These tests hold what that must not change: a decode makes no garbage-collected
allocation per element (so it triggers no collection that would traverse the application's
objects), the list that Python code gets is the one it keeps getting and modifying, the
encoder reads either form, and freeing releases every child, at any depth, with no recursion
limit and no leak (an exported buffer is released, or it could not be resized).
"""
import gc

import pytest

from fastwbxml import _api
from fastwbxml.errors import StructureError

NATIVE = _api.NATIVE
pytestmark = pytest.mark.skipif(NATIVE is None, reason="native core not built")

H = b"\x03\x01\x6a\x00"
# Sync > 3,000 x (Collections > Status, Status): 3,001 elements with children
MANY_PARENTS = H + b"\x45" + b"\x5c\x0e\x0e\x01" * 3000 + b"\x01"


def _opaque(payload: bytes) -> bytes:
    assert len(payload) < 0x80
    return b"\xc3" + bytes([len(payload)]) + payload


def _deep(n: int, leaf: bytes = b"\x4e" + b"\xc3\x03abc" + b"\x01") -> bytes:
    """Sync nested *n* deep, a Status with OPAQUE text at the bottom."""
    return H + b"\x45" * n + leaf + b"\x01" * n


def test_decode_makes_no_gc_allocation_per_parent():
    NATIVE.loads(MANY_PARENTS)  # warm-up
    was = gc.isenabled()
    gc.disable()
    try:
        before = gc.get_count()[0]
        root = NATIVE.loads(MANY_PARENTS)
        allocated = gc.get_count()[0] - before
    finally:
        if was:
            gc.enable()
    assert len(root) == 3000
    # the result list and tuple at most; a list per parent would be 3,001
    assert allocated < 10, allocated


def test_children_list_is_made_once_and_kept():
    root = NATIVE.loads(MANY_PARENTS)
    assert len(root) == 3000 and root.content_bit  # answered without a list
    kids = root._children
    assert type(kids) is list and len(kids) == 3000
    assert root._children is kids and root[0] is kids[0] and list(root)[-1] is kids[-1]
    assert not gc.is_tracked(kids)  # as the decoder's lists always were
    kids.pop()
    assert len(root) == 2999
    extra = NATIVE.Element("AirSync:Status")
    root.append(extra)
    assert kids[-1] is extra and root._children is kids
    assert NATIVE.dumps(root) == MANY_PARENTS[:-5] + b"\x0e\x01"
    assert NATIVE.dumps(root) == _api.PYTHON.dumps(_api.PYTHON.loads(NATIVE.dumps(root)))


def test_encoder_reads_both_forms_in_one_tree():
    # convert every other element's children to a list; leave the rest as blocks
    root = NATIVE.loads(MANY_PARENTS)
    assert NATIVE.dumps(root) == MANY_PARENTS
    for i, coll in enumerate(root):
        if i % 2:
            assert len(coll._children) == 2
    assert NATIVE.dumps(root) == MANY_PARENTS
    assert root == _api.PYTHON.loads(MANY_PARENTS)


def test_assigning_children_replaces_the_block():
    root = NATIVE.loads(MANY_PARENTS)
    with pytest.raises(TypeError, match="Expected list, got tuple"):
        root._children = (NATIVE.Element("AirSync:Status"),)
    assert len(root) == 3000  # unchanged by the refused assignment
    new = [NATIVE.Element("AirSync:Status")]
    root._children = new
    assert root._children is new and len(root) == 1
    del root._children
    assert root._children is None and len(root) == 0 and root.content_bit  # (its _cb)
    root = NATIVE.loads(MANY_PARENTS)
    root.clear()
    assert root._children is None and len(root) == 0


def test_text_after_children_is_still_mixed_content():
    with pytest.raises(StructureError) as py:
        _api.PYTHON.loads(H + b"\x45\x0e\x03x\x00\x01")
    with pytest.raises(StructureError) as nat:
        NATIVE.loads(H + b"\x45\x0e\x03x\x00\x01")
    assert str(nat.value) == str(py.value) and nat.value.offset == py.value.offset


def test_freeing_releases_every_child():
    # OPAQUE texts as memoryviews of a bytearray: while one is alive, the bytearray cannot
    # be resized; so a child the release missed would show as a BufferError
    data = bytearray(H + b"\x45" + (b"\x5c\x4e" + _opaque(b"xyz") + b"\x01\x01") * 500 + b"\x01")
    root = NATIVE.loads(data, opaque_memoryview=True)
    assert bytes(root[499][0].text) == b"xyz"
    with pytest.raises(BufferError):
        data.extend(b"\x00")
    del root
    data.extend(b"\x00")  # every memoryview released


@pytest.mark.parametrize("depth", [49, 50, 51, 200_000])
def test_deep_tree_freed_without_recursion(depth):
    data = bytearray(_deep(depth))
    opts = dict(opaque_memoryview=True, max_depth=depth + 1)
    root = NATIVE.loads(data, **opts)
    with pytest.raises(BufferError):
        data.extend(b"\x00")
    del root  # 200,000 levels: a C recursion per level would overflow the stack
    data.extend(b"\x00")
    # the same with the lists of the top levels made (lists and blocks mixed in one chain)
    data = bytearray(_deep(depth))
    root = NATIVE.loads(data, **opts)
    e = root
    for _ in range(min(depth, 120)):
        e = e._children[0]
    del root, e
    data.extend(b"\x00")


class _FreesAnotherTree:
    """A text object whose deallocation frees another deep tree, and decodes a third: the
    release of children blocks re-entered from inside a release."""

    def __init__(self, other):
        self.other = other

    def __del__(self):
        self.other.pop()
        NATIVE.loads(_deep(1000), max_depth=2000)


def test_release_reentered_from_a_child_deallocator():
    inner = bytearray(_deep(5000))
    holder = [NATIVE.loads(inner, opaque_memoryview=True, max_depth=6000)]
    outer = NATIVE.loads(_deep(3000), max_depth=4000)
    leaf = outer
    for _ in range(3000):
        leaf = leaf._children[0]  # the Status at the bottom
    leaf.text = _FreesAnotherTree(holder)
    del leaf
    with pytest.raises(BufferError):
        inner.extend(b"\x00")
    del outer
    assert holder == []
    inner.extend(b"\x00")


@pytest.mark.parametrize("n", [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4097])
def test_block_growth_keeps_every_child_in_order(n):
    # capacity 4, then each power of two: children at and around every resize
    data = H + b"\x45" + b"".join(b"\x4e\x03" + str(i).encode() + b"\x00\x01"
                                  for i in range(n)) + b"\x01"
    root = NATIVE.loads(data)
    assert len(root) == n
    assert NATIVE.dumps(root) == data  # the encoder, from the block
    assert [c.text for c in root] == [str(i) for i in range(n)]  # the list made from it
    assert NATIVE.dumps(root) == data
