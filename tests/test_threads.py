"""Thread safety: several threads decoding and encoding different (and the same) messages at
once give exactly the single-threaded results, on both implementations.

The native core holds the GIL throughout (it has no ``with nogil`` section: every call
builds Python objects as it goes), so threads interleave only between the core's calls and
wherever the core calls back into Python (error construction, raw tag names, GC).  These
tests force frequent switches (``sys.setswitchinterval``) and frequent cyclic GC runs to
shake those points.
"""
import gc
import random
import sys
import threading

import pytest

import fastwbxml

from .conftest import CODECS, FIXTURES, VECTORS

THREADS = 6
ROUNDS = 150


def _messages():
    msgs = [fastwbxml.dumps(fastwbxml.from_xml(p.read_bytes()))
            for p in sorted(FIXTURES.glob("*.xml"))]
    if VECTORS.is_dir():
        msgs += [p.read_bytes() for p in sorted((VECTORS / "captures").glob("*.wbxml"))]
    rng = random.Random("threads")
    out = list(msgs)
    for m in msgs:  # and broken ones: errors must be per-thread too
        for _ in range(3):
            b = bytearray(m)
            b[rng.randrange(4, len(b))] = rng.randrange(256)
            out.append(bytes(b))
        out.append(m[: len(m) // 2])
    # unknown tags: the native core caches raw tag names on first use
    out.append(b"\x03\x01\x6a\x00\x45\x00\x01\x7f\x03x\x00\x01\x3e\x01")
    return out


MESSAGES = _messages()


def _work(codec, data):
    """Everything one message goes through: decode, re-encode, events with skip."""
    out = []
    try:
        doc = codec.loads_document(data)
        out.append(("doc", codec.dumps(doc), fastwbxml.to_xml(doc.root)))
    except fastwbxml.WBXMLError as exc:
        out.append(("err", type(exc).__name__, exc.offset, str(exc)))
    try:
        r = codec.iterparse(data)
        evs = []
        for i, (ev, val) in enumerate(r):
            evs.append((ev, val if ev != "opaque" else bytes(val), r.offset))
            if ev == "start" and i % 5 == 4:
                r.skip()
        out.append(("events", evs))
    except fastwbxml.WBXMLError as exc:
        out.append(("err", type(exc).__name__, exc.offset, str(exc)))
    return out


@pytest.fixture
def busy_switching():
    old_interval = sys.getswitchinterval()
    old_thresholds = gc.get_threshold()
    sys.setswitchinterval(1e-6)
    gc.set_threshold(50, 5, 5)
    try:
        yield
    finally:
        sys.setswitchinterval(old_interval)
        gc.set_threshold(*old_thresholds)


def _run_threads(target, n):
    errors = []
    barrier = threading.Barrier(n)

    def wrapper(k):
        try:
            barrier.wait()
            target(k)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append((k, repr(exc)))

    threads = [threading.Thread(target=wrapper, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
        assert not t.is_alive(), "a thread hung"
    assert not errors, errors


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
def test_concurrent_decode_encode_matches_single_threaded(codec, busy_switching):
    expected = [_work(codec, m) for m in MESSAGES]
    rounds = ROUNDS if codec.name == "native" else ROUNDS // 8

    def worker(k):
        rng = random.Random(k)
        order = list(range(len(MESSAGES)))
        for _ in range(rounds):
            rng.shuffle(order)
            for i in order[:12]:
                got = _work(codec, MESSAGES[i])
                assert got == expected[i], (k, i)

    _run_threads(worker, THREADS)


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
def test_shared_input_buffer(codec, busy_switching):
    """One bytearray (and memoryviews of it) read by every thread at once, with
    opaque_memoryview slices kept alive across threads."""
    msg = max((m for m in MESSAGES[:5]), key=len)
    shared = bytearray(msg)
    want = codec.dumps(codec.loads_document(bytes(shared)))
    views = []
    lock = threading.Lock()

    def worker(k):
        for j in range(30 if codec.name == "native" else 6):
            src = shared if (k + j) % 2 else memoryview(shared)
            doc = codec.loads_document(src, opaque_memoryview=True)
            assert codec.dumps(doc) == want
            with lock:
                views.append(doc)

    _run_threads(worker, THREADS)
    with pytest.raises(BufferError):
        shared.extend(b"x")  # the views still pin the buffer
    del views[:]


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
def test_concurrent_encode_of_shared_tree(codec, busy_switching):
    """Encoding one (read-only) tree from several threads at once."""
    trees = [codec.loads(m) for m in MESSAGES[:5]]
    want = [codec.dumps(t) for t in trees]

    def worker(k):
        for _ in range(60 if codec.name == "native" else 8):
            for t, w in zip(trees, want):
                assert codec.dumps(t) == w
                assert codec.dumps_fragment([t]) == w[4:]

    _run_threads(worker, THREADS)


def test_readers_interleaved_in_one_thread():
    """Many live EventReaders over different inputs, advanced round-robin: no shared state
    between readers (the native reader's reused text-event tuple is per reader)."""
    for codec in CODECS:
        msgs = [m for m in MESSAGES if len(m) < 5000][:12]
        solo = []
        for m in msgs:
            try:
                solo.append([(e, v if e != "opaque" else bytes(v)) for e, v in codec.iterparse(m)])
            except fastwbxml.WBXMLError as exc:
                solo.append(type(exc).__name__)
        readers = [codec.iterparse(m) for m in msgs]
        got = [[] for _ in msgs]
        live = set(range(len(msgs)))
        while live:
            for i in sorted(live):
                try:
                    e, v = next(readers[i])
                    got[i].append((e, v if e != "opaque" else bytes(v)))
                except StopIteration:
                    live.discard(i)
                except fastwbxml.WBXMLError as exc:
                    got[i] = type(exc).__name__
                    live.discard(i)
        assert got == solo, codec.name
