"""Hardening (issue #5): limits for untrusted input, linear decode cost, the pull parser's
skip() under truncation and mutation, the fuzz contract on the committed corpus (and a short
atheris session when atheris is installed), and a leak smoke.  Budget: well under a minute.

The long-running counterparts are fuzz/run.sh, tools/sanitize.sh and tools/leakcheck.py
(SECURITY.md says how to run them and what they measured).
"""
import gc
import os
import pathlib
import random
import subprocess
import sys
import tracemalloc

import pytest

import fastwbxml
from fastwbxml import Element, _api, errors

from .conftest import CODECS

REPO = pathlib.Path(__file__).resolve().parent.parent
FUZZ = REPO / "fuzz"
sys.path.insert(0, str(FUZZ))
import _contract  # noqa: E402  (fuzz/_contract.py: the contract the fuzzers check)

H = b"\x03\x01\x6a\x00"
NATIVE = _api.NATIVE
UNDER_SANITIZER = "asan" in os.environ.get("LD_PRELOAD", "") or "ASAN_OPTIONS" in os.environ


# =========================================================================================
# limits: each one hit, on every decode path, with LimitError at the offending token
# =========================================================================================
DEFAULTS = {
    "max_depth": 256,
    "max_elements": 1_000_000,
    "max_string_len": 64 * 1024 * 1024,
    "max_opaque_len": 256 * 1024 * 1024,
    "max_input_len": 257 * 1024 * 1024,
}


def test_documented_defaults():
    from fastwbxml import _decode_py
    assert _decode_py.DEFAULT_MAX_DEPTH == DEFAULTS["max_depth"]
    assert _decode_py.DEFAULT_MAX_ELEMENTS == DEFAULTS["max_elements"]
    assert _decode_py.DEFAULT_MAX_STRING_LEN == DEFAULTS["max_string_len"]
    assert _decode_py.DEFAULT_MAX_OPAQUE_LEN == DEFAULTS["max_opaque_len"]
    assert _decode_py.DEFAULT_MAX_INPUT_LEN == DEFAULTS["max_input_len"]
    if NATIVE is not None:
        from fastwbxml import _core
        for k in DEFAULTS:
            assert getattr(_core, "DEFAULT_" + k.upper()) == DEFAULTS[k]


# (input, options, offset of the token that breaks the limit, what the message names)
LIMIT_CASES = {
    "depth-default": (H + b"\x45" * 257 + b"\x01" * 257, {}, 4 + 256, "max_depth"),
    "depth": (H + b"\x45" * 10 + b"\x01" * 10, {"max_depth": 3}, 4 + 3, "max_depth"),
    "depth-empty-leaf": (H + b"\x45\x45\x05\x01\x01", {"max_depth": 2}, 6, "max_depth"),
    "elements": (H + b"\x45" + b"\x0e" * 100 + b"\x01", {"max_elements": 50}, 4 + 50,
                 "max_elements"),
    "elements-nested": (H + b"\x45\x4e\x0e\x0e\x01\x4e\x0e\x01\x01", {"max_elements": 4},
                        9, "max_elements"),
    "string": (H + b"\x45\x4e\x03" + b"x" * 100 + b"\x00\x01\x01", {"max_string_len": 99},
               6, "max_string_len"),
    "string-utf8": (H + b"\x45\x4e\x03" + "é".encode() * 10 + b"\x00\x01\x01",
                    {"max_string_len": 19}, 6, "max_string_len"),
    "opaque": (H + b"\x45\x4e\xc3\x64" + b"x" * 100 + b"\x01\x01", {"max_opaque_len": 99},
               6, "max_opaque_len"),
    "opaque-zero": (H + b"\x45\x4e\xc3\x01x\x01\x01", {"max_opaque_len": 0}, 6,
                    "max_opaque_len"),
}


def _events(codec, data, skip_at=None, **opts):
    """Iterate to the end; skip() after the start event number *skip_at*."""
    r = codec.iterparse(data, **opts)
    n = 0
    for ev, _ in r:
        if ev == "start":
            if n == skip_at:
                r.skip()
            n += 1


@pytest.mark.parametrize("case", sorted(LIMIT_CASES))
def test_limit_hit_on_every_path(codec, case):
    data, opts, offset, name = LIMIT_CASES[case]
    paths = {
        "loads": lambda **o: codec.loads(data, **o),
        "loads_document": lambda **o: codec.loads_document(data, **o),
        "loads_fragment": lambda **o: codec.loads_fragment(data[4:], **o),
        "loads-bytearray": lambda **o: codec.loads(bytearray(data), **o),
        "loads-memoryview": lambda **o: codec.loads(memoryview(data), **o),
        "iterparse": lambda **o: _events(codec, data, **o),
        "iterparse-skip-root": lambda **o: _events(codec, data, skip_at=0, **o),
    }
    for path, run in paths.items():
        want = offset - 4 if path == "loads_fragment" else offset
        with pytest.raises(errors.LimitError, match=name) as info:
            run(**opts)
        assert isinstance(info.value, fastwbxml.WBXMLError)
        assert info.value.offset == want, (path, info.value)
    # without that limit (the default, or one more for the default case) it decodes
    codec.loads(data, **({"max_depth": 257} if case == "depth-default" else {}))


def _input_paths(codec, data):
    """Every way to hand *data* to a decoder (the fragment path gets the body only)."""
    return {
        "loads": (data, lambda d, **o: codec.loads(d, **o)),
        "loads_document": (data, lambda d, **o: codec.loads_document(d, **o)),
        "loads_fragment": (data[4:], lambda d, **o: codec.loads_fragment(d, **o)),
        "loads-bytearray": (bytearray(data), lambda d, **o: codec.loads(d, **o)),
        "loads-memoryview": (memoryview(data), lambda d, **o: codec.loads(d, **o)),
        "iterparse": (data, lambda d, **o: _events(codec, d, **o)),
        "EventReader": (data, lambda d, **o: list(codec.EventReader(d, **o))),
    }


def test_input_limit_on_every_path(codec):
    """max_input_len bounds the input itself: checked before the header, at the offset of
    the first byte past the limit; an input of exactly the limit decodes."""
    data = H + b"\x45\x4e\x03" + b"x" * 40 + b"\x00\x01\x01"
    for path, (inp, run) in _input_paths(codec, data).items():
        n = len(inp)
        for limit, offset in ((n - 1, n - 1), (5, 5), (0, 0), (-3, 0)):
            with pytest.raises(errors.LimitError, match="max_input_len") as info:
                run(inp, max_input_len=limit)
            assert info.value.offset == offset, (path, limit, info.value)
            assert f"input of {n} bytes" in str(info.value)
        run(inp, max_input_len=n)
        run(inp, max_input_len=2**70)


def test_input_limit_counts_bytes_and_comes_first(codec):
    # a buffer of 2-byte items is counted in bytes, not items
    data = H + b"\x45\x01"
    wide = memoryview(data).cast("H")
    assert len(wide) == 3
    with pytest.raises(errors.LimitError, match="input of 6 bytes"):
        codec.loads(wide, max_input_len=5)
    assert codec.loads(wide, max_input_len=6).tag == "AirSync:Sync"
    # the size is checked before the header: a bad header past the limit is a LimitError
    with pytest.raises(errors.LimitError):
        codec.loads(b"\xff" * 10, max_input_len=9)
    with pytest.raises(errors.HeaderError):
        codec.loads(b"\xff" * 10, max_input_len=10)


def test_input_limit_default_without_reading(codec):
    """The default (257 MiB) on an input one byte larger: rejected at once, without the
    input being copied or read (an anonymous mmap: its pages are never touched)."""
    import mmap
    import tracemalloc
    limit = DEFAULTS["max_input_len"]
    with mmap.mmap(-1, limit + 1) as big:
        tracemalloc.start()
        try:
            with pytest.raises(errors.LimitError, match="max_input_len") as info:
                codec.loads(big)
            with pytest.raises(errors.LimitError, match="max_input_len"):
                codec.iterparse(big)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert info.value.offset == limit
        assert peak < 1024 * 1024  # nothing of the input was copied


def test_limits_agree_between_codecs_on_mutations():
    """Small limits on mutated messages: both codecs stop at the same limit and offset."""
    if _api.NATIVE is None:
        pytest.skip("compares the pure-Python and the native core; the native one is not "
                    "loaded (FASTWBXML_PUREPYTHON=1 run)")
    rng = random.Random("limits")
    msgs = [s for s in _contract.seeds("decode", corpus=False) if len(s) < 3000]
    n = 0
    for _ in range(300):
        data = bytearray(rng.choice(msgs))
        for _ in range(rng.randrange(3)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        opts = dict(_contract.SMALL_LIMITS)
        py = _contract.doc_outcome(_api.PYTHON, bytes(data), opts)
        native = _contract.doc_outcome(_api.NATIVE, bytes(data), opts)
        assert py == native, bytes(data).hex()
        n += py[0] == "LimitError"
    assert n > 30


# =========================================================================================
# linear cost: no quadratic blow-up (memory counted with tracemalloc; work counted as
# Python bytecodes for the Python codec).  No clock is read here: the native codec's work is
# counted in instructions by tools/linearity.py (valgrind callgrind), a CI step of its own.
# =========================================================================================
def deep(n):
    return H + b"\x45" * n + b"\x01" * n


def tiny_run(n):
    return H + b"\x45" + b"\x0e" * n + b"\x01"


def tiny_strings(n):
    return H + b"\x45" + b"\x4e\x03x\x00\x01" * n + b"\x01"


def big_string(n):
    return H + b"\x45\x4e\x03" + b"ab" * (n // 2) + b"\x00\x01\x01"


def switch_run(n):  # page switches that change nothing, then one element
    return H + b"\x00\x00" * n + b"\x05"


SHAPES = {"deep": deep, "tiny-elements": tiny_run, "tiny-strings": tiny_strings,
          "big-string": big_string, "page-switches": switch_run}
OPTS = {"max_depth": 10**7, "max_elements": 10**7}


def _peak(fn):
    gc.collect()
    tracemalloc.start()
    try:
        res = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del res
    return peak


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_memory_linear(codec, shape):
    make = SHAPES[shape]
    n = (20_000 if codec.name == "native" else 4_000) if shape != "big-string" else 400_000
    small, large = make(n), make(4 * n)
    p1 = _peak(lambda: codec.loads(small, **OPTS))
    p4 = _peak(lambda: codec.loads(large, **OPTS))
    assert p4 < 6 * max(p1, 4096), (shape, p1, p4)  # linear: ~4x; quadratic: ~16x
    # and bounded: bytes of Python objects per byte of input (elements are ~100 B each)
    assert p4 < 200 * len(large) + 1_000_000, (shape, p4, len(large))


def _opcodes(fn) -> int:
    """Python bytecodes executed by fn() (the pure-Python codec's work, machine-independent)."""
    count = [0]

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        if event == "opcode":
            count[0] += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count[0]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_python_work_linear(shape):
    make = SHAPES[shape]
    n = 500 if shape != "big-string" else 100_000
    py = _api.PYTHON
    for run in (lambda d: py.loads(d, **OPTS), lambda d: _events(py, d, **OPTS),
                lambda d: _events(py, d, skip_at=0, **OPTS)):
        w1 = _opcodes(lambda: run(make(n)))
        w4 = _opcodes(lambda: run(make(4 * n)))
        assert w4 < 5 * w1 + 2000, (shape, w1, w4)  # linear: ~4x; quadratic: ~16x


# =========================================================================================
# iterparse + skip (and opaque_memoryview) under truncation and mutation, both codecs
# =========================================================================================
def _messages():
    """The fixtures and shared vectors (not the fuzz corpus: mostly tiny fragments)."""
    out = [s for s in _contract.seeds("decode", corpus=False) if len(s) <= 1500]
    return sorted(set(out), key=lambda s: (len(s), s))


MESSAGES = _messages()


def _agree(data, fragment, mask, **opts):
    """The pure-Python core's event outcome; the native core's must be the same (compared
    only when it is loaded: never a core with itself)."""
    py = _contract.events_outcome(_api.PYTHON, data, opts, mask, fragment)
    if _api.NATIVE is not None:
        native = _contract.events_outcome(_api.NATIVE, data, opts, mask, fragment)
        assert py == native, (data.hex(), mask, opts)
    return py


def test_iterparse_skip_every_truncation():
    rng = random.Random("truncate-skip")
    kinds = set()
    for msg in MESSAGES:
        for n in range(len(msg) + 1):
            ev = _agree(msg[:n], False, rng.randrange(1 << 16), opaque_memoryview=bool(n & 1))
            kinds.add(ev[-1][0] if ev else None)
    assert "TruncatedError" in kinds


def test_iterparse_skip_mutations():
    rng = random.Random("mutate-skip")
    kinds = set()
    for msg in MESSAGES:
        for _ in range(60):
            b = bytearray(msg)
            for _ in range(rng.randrange(1, 4)):
                op = rng.randrange(4)
                i = rng.randrange(len(b)) if b else 0
                if op == 0 and b:
                    b[i] ^= 1 << rng.randrange(8)
                elif op == 1:
                    b.insert(i, rng.choice([0x00, 0x01, 0x03, 0xC3, 0x80, rng.randrange(256)]))
                elif op == 2 and b:
                    del b[i]
                elif b:
                    b[i] = rng.randrange(256)
            for fragment in (False, True):
                ev = _agree(bytes(b), fragment, rng.randrange(1 << 16),
                            opaque_memoryview=rng.random() < 0.5)
                kinds.add(ev[-1][0] if ev else None)
    assert len(kinds) >= 4, kinds


def test_opaque_memoryview_views_stay_valid():
    """opaque_memoryview slices keep the input alive and read only inside it."""
    data = bytearray(H + b"\x45\x4e\xc3\x03abc\x01\x01")
    for c in CODECS:
        root = c.loads(data, opaque_memoryview=True)
        view = root[0].text
        assert isinstance(view, memoryview) and bytes(view) == b"abc"
        with pytest.raises(BufferError):
            data.extend(b"x")  # the input cannot be resized under the views
        del root
        gc.collect()
        assert bytes(view) == b"abc"
        del view
        gc.collect()
        data.extend(b"x")  # no view left: resizable again
        del data[-1]


# =========================================================================================
# the fuzz contract: replay the committed corpus, and a short atheris session when possible
# =========================================================================================
def test_fuzz_corpus_replay():
    """Every seed of every fuzz target (the committed, minimised corpus, the fixtures and the
    shared vectors) passes its target's contract -- without atheris."""
    counts = {}
    for name in ("decode", "xml"):
        for data in _contract.seeds(name):
            (_contract.check_decode if name == "decode" else _contract.check_xml)(data)
            counts[name] = counts.get(name, 0) + 1
    from fastwbxml.element import ELEMENT_TYPES
    try:  # the corpus was grown with atheris's provider; replay it with the same one
        from atheris import FuzzedDataProvider as Provider
    except ImportError:
        Provider = _ByteProvider
    corpus = FUZZ / "corpus" / "encode"
    for p in sorted(corpus.iterdir()) if corpus.is_dir() else ():
        fdp = Provider(p.read_bytes())
        cls = ELEMENT_TYPES[fdp.ConsumeIntInRange(0, len(ELEMENT_TYPES) - 1)]
        fragment = fdp.ConsumeIntInRange(0, 3) == 0
        page = _contract.PAGE_NUMBERS[fdp.ConsumeIntInRange(0, len(_contract.PAGE_NUMBERS) - 1)]
        _contract.check_drawn_tree(fdp, cls, page if fragment else None)
        counts["encode"] = counts.get("encode", 0) + 1
    assert counts.get("decode", 0) >= 5 and counts.get("xml", 0) >= 5


class _ByteProvider:
    """A stand-in for atheris.FuzzedDataProvider (only what build_tree uses)."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def _take(self):
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def ConsumeIntInRange(self, lo, hi):
        return lo + (self._take() | self._take() << 8) % (hi - lo + 1)

    def ConsumeBool(self):
        return bool(self._take() & 1)

    def ConsumeBytes(self, n):
        b = self.data[self.pos:self.pos + n]
        self.pos += len(b)
        return bytes(b)

    def ConsumeUnicodeNoSurrogates(self, n):
        return "".join(chr(0x20 + self._take() % 0x250) for _ in range(n))

    def ConsumeUnicode(self, n):
        return "".join(chr(self._take() << 8 | self._take()) for _ in range(n))


def test_encode_contract_random_trees():
    """The encoder target's contract on trees from a seeded byte stream (no atheris)."""
    from fastwbxml.element import ELEMENT_TYPES
    rng = random.Random("encode-trees")
    kinds = {}
    for i in range(1200):
        fdp = _ByteProvider(bytes(rng.randrange(256) for _ in range(rng.randrange(10, 400))))
        cls = ELEMENT_TYPES[i % len(ELEMENT_TYPES)]
        page = _contract.PAGE_NUMBERS[i % len(_contract.PAGE_NUMBERS)] if i % 4 == 0 else None
        k = _contract.check_drawn_tree(fdp, cls, page)  # (kind, shape)
        assert k != ("ok", "cycle")
        kinds[k] = kinds.get(k, 0) + 1
    assert kinds.get(("ok", "tree"), 0) > 20 and kinds.get(("EncodeError", "tree"), 0) > 20, kinds
    assert kinds.get(("EncodeError", "cycle"), 0) > 20 and kinds.get(("ok", "shared"), 0) > 0, kinds


def _atheris_available():
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _atheris_available(), reason="atheris not installed (pip install atheris)")
@pytest.mark.skipif(NATIVE is None, reason="native core not built")
@pytest.mark.parametrize("target", ["decode", "encode", "xml"])
def test_atheris_smoke(target, tmp_path):
    """A few seconds of coverage-guided fuzzing of each target against the fastwbxml under
    test (no sanitizer build: fuzz/run.sh does that)."""
    seconds = int(os.environ.get("FASTWBXML_FUZZ_SMOKE_SECONDS", "3"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i, s in enumerate(_contract.seeds(target)):
        (seeds / f"s{i}").write_bytes(s)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{target}.py"), f"-max_total_time={seconds}",
         "-timeout=20", "-rss_limit_mb=3072", f"-artifact_prefix={tmp_path}/",
         "-print_final_stats=1", str(corpus), str(seeds)],
        capture_output=True, text=True, timeout=seconds + 120, env=env, cwd=str(REPO))
    tail = (proc.stdout + proc.stderr)[-4000:]
    assert proc.returncode == 0, tail
    assert "stat::number_of_executed_units" in tail, tail


# =========================================================================================
# leak smoke: many decode/encode cycles of valid and invalid messages, memory flat
# =========================================================================================
def _rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _leak_messages():
    rng = random.Random("leak")
    valid = [s for s in _contract.seeds("decode") if len(s) < 4000]
    msgs = list(valid)
    for s in valid:
        for _ in range(3):
            b = bytearray(s)
            b[rng.randrange(len(b))] = rng.randrange(256)
            msgs.append(bytes(b))
        msgs.append(s[: len(s) // 2])
    return msgs


def _cycle(codec, data, i):
    try:
        doc = codec.loads_document(data, opaque_memoryview=bool(i & 1))
        codec.dumps(doc)
    except fastwbxml.WBXMLError:
        pass
    try:
        r = codec.iterparse(data)
        for j, (ev, _) in enumerate(r):
            if ev == "start" and j % 3 == 0:
                r.skip()
    except fastwbxml.WBXMLError:
        pass


@pytest.mark.parametrize("codec_name", [c.name for c in CODECS])
def test_leak_smoke(codec_name):
    codec = {c.name: c for c in CODECS}[codec_name]
    msgs = _leak_messages()
    cycles = 20_000 if codec.name == "native" else 2_000
    for i in range(len(msgs) * 2):  # warm-up: caches (raw tag names), freelists
        _cycle(codec, msgs[i % len(msgs)], i)
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        rss0 = _rss_kb()
        for i in range(cycles):
            _cycle(codec, msgs[i % len(msgs)], i)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
        rss1 = _rss_kb()
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes of Python objects kept after {cycles} cycles"
    if not UNDER_SANITIZER:  # ASan's quarantine holds freed memory: RSS says nothing there
        assert rss1 - rss0 < 16 * 1024, f"RSS grew {rss1 - rss0} kB over {cycles} cycles"


# =========================================================================================
# findings: bugs the hardening work found (fixed; these keep them fixed)
# =========================================================================================
@pytest.mark.parametrize("hexdata", [
    "03016a00455fc38001410101",   # OPAQUE length 80 01 (= 1)
    "0380016a004b03310001",       # public id 80 01
    "0301806a004b03310001",       # charset 80 6A
    "03016a80004b03310001",       # string table length 80 00
])
def test_overlong_mb_u_int32_is_rejected(codec, hexdata):
    """A non-minimal mb_u_int32 could not be written back as it came: refused, at its offset."""
    data = bytes.fromhex(hexdata)
    with pytest.raises(errors.MbUInt32Error, match="non-minimal") as info:
        codec.loads_document(data)
    assert data[info.value.offset] == 0x80


def test_xml_reader_refuses_entity_tricks():
    """from_xml resolves no external entity and stops exponential entity expansion (expat
    >= 2.4's amplification limit): both are XMLViewError, quickly."""
    xxe = (b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<Sync xmlns="AirSync:">&e;</Sync>')
    with pytest.raises(fastwbxml.XMLViewError):
        fastwbxml.from_xml(xxe)
    lol = (b'<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">'
           + b"".join(b'<!ENTITY %s "%s">' % (chr(98 + i).encode(),
                                                ("&" + chr(97 + i) + ";").encode() * 10)
                      for i in range(9))
           + b']><Sync xmlns="AirSync:">&j;</Sync>')
    with pytest.raises(fastwbxml.XMLViewError, match="amplification"):
        fastwbxml.from_xml(lol)


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0" encoding="no-such-codec"?><Sync xmlns="AirSync:"/>',
    b'<?xml version="1.0" encoding="shift_jis"?><Sync xmlns="AirSync:"/>',
])
def test_xml_bad_encoding_declaration_is_xmlviewerror(xml):
    with pytest.raises(fastwbxml.XMLViewError):
        fastwbxml.from_xml(xml)


def test_raw_tag_with_trailing_newline_is_refused(codec):
    with pytest.raises(errors.EncodeError):
        codec.dumps(Element("AirSync:Unknown_0x3F\n"))
