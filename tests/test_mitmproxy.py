"""The mitmproxy content view, in the real mitmdump.

mitmdump runs as a reverse proxy on loopback in front of a small HTTP server (a thread of
this process) that answers each path with a WBXML body; requests go through the proxy and
the tests read what ``--flow-detail 4`` printed for them.  Ports are picked by the OS
(``--listen-port 0``; mitmdump prints the one it got).  No clock is read: a thread reads
mitmdump's output as it comes and wakes the test when the awaited line is there or the
process has ended (a bound on that wait only keeps a broken mitmdump from hanging the
suite; it is never an assertion).  The mitmdump processes are killed at the end.  Skipped
only where mitmproxy is not installed.
"""
from __future__ import annotations

import base64
import http.server
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import urllib.request

import pytest

import fastwbxml
from fastwbxml import Element, SubElement, dumps, from_xml

from .conftest import FIXTURES, VECTORS

mitmproxy = pytest.importorskip("mitmproxy", reason="mitmproxy is not installed "
                                "(pip install '.[mitmproxy]')")
from fastwbxml.contrib import mitmproxy_addon  # noqa: E402  (imports mitmproxy)

MS = "application/vnd.ms-sync.wbxml"
WAIT = 120.0         # bound on every wait for mitmdump (seconds); never an assertion


def _mitmdump() -> str:
    beside = pathlib.Path(sys.executable).with_name("mitmdump")
    found = str(beside) if beside.exists() else shutil.which("mitmdump")
    if not found:
        pytest.skip("mitmproxy is installed but its mitmdump command is not on PATH")
    return found


def _fixture(name: str) -> bytes:
    return dumps(from_xml((FIXTURES / name).read_text()))


def _opaque_and_pages() -> bytes:
    root = Element("ComposeMail:SendMail")
    SubElement(root, "ClientId", "c-1")
    SubElement(root, "Mime", b"From: a@example.test\r\n\r\n\x00\xff")
    find = SubElement(root, "Find:Find")
    SubElement(find, "Find:SearchId", "s-25")
    SubElement(root, "WindowsLive:Annotations")
    return dumps(root)


# path -> (content type, response body); the request body is the MeetingResponse request
CASES = {
    "meetingresponse": (MS, _fixture("meeting_response_response.xml")),
    "nonascii": (MS, dumps(from_xml(
        '<Sync xmlns="AirSync:" xmlns:c="Calendar:"><Collections><Collection>'
        '<SyncKey>1</SyncKey><Commands><Add><ApplicationData>'
        '<c:Subject>Zoë — 日本 😀</c:Subject></ApplicationData></Add></Commands>'
        '</Collection></Collections></Sync>'))),
    "unknown": (MS, b"\x03\x01\x6a\x00\x45\x7f\x03\x31\x00\x01\x01"),   # AirSync 0x3F
    "pages": (MS, _opaque_and_pages()),
    "invalid": (MS, b"\x03\x01\x6a\x00\x45\x00\x63\x4a\x03\x31\x00\x01\x01"),  # page 99
    "truncated": (MS, b"\x03\x01\x6a\x00\x00\x15\x45\x51\x03\x61"),   # inside a STR_I
    "wap": ("application/vnd.wap.wbxml", b"\x02\x01\x6a\x00\x45\x4b\x03ok\x00\x01\x01"),
    "octets": ("application/octet-stream", _fixture("meeting_response_response.xml")),
}
REQUEST = _fixture("meeting_response_request.xml")


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        name = self.path.strip("/").split("?")[0]
        ctype, body = self.server.bodies[name]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def origin():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.bodies = dict(CASES)
    if VECTORS.is_dir():
        for f in sorted((VECTORS / "captures").glob("*response*.wbxml"))[:3]:
            server.bodies["capture-" + f.stem] = (MS, f.read_bytes())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class Mitmdump:
    """One mitmdump process in reverse-proxy mode; ``send`` returns what it printed for
    that flow."""

    def __init__(self, origin_port: int, tmp: pathlib.Path, extra=(), script=True):
        self.log = tmp / "mitmdump.out"
        env = dict(os.environ, PYTHONUNBUFFERED="1",
                   PYTHONPATH=str(pathlib.Path(fastwbxml.__file__).resolve().parents[1]))
        args = [_mitmdump(), "--mode", f"reverse:http://127.0.0.1:{origin_port}",
                "--listen-host", "127.0.0.1", "--listen-port", "0", "--flow-detail", "4",
                "--set", f"confdir={tmp / 'conf'}"]
        if script:
            args += ["-s", mitmproxy_addon.__file__]
        self.out = open(self.log, "wb")
        self._chunks: list[bytes] = []
        self._ended = False
        self._changed = threading.Condition()
        self.proc = subprocess.Popen([*args, *extra], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = int(self._wait_for(r"listening at 127\.0\.0\.1:(\d+)").group(1))
        self.flows = 0

    def _read(self):
        """Copy mitmdump's output to the log and the buffer, line by line, and wake the
        waiters at each line and at the end of the output."""
        for line in iter(self.proc.stdout.readline, b""):
            self.out.write(line)
            with self._changed:
                self._chunks.append(line)
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def text(self) -> str:
        with self._changed:
            return b"".join(self._chunks).decode("utf-8", "replace")

    def _wait_for(self, pattern: str, count: int = 1):
        def found():
            hits = list(re.finditer(pattern, self.text()))
            return hits[count - 1] if len(hits) >= count else None

        with self._changed:
            self._changed.wait_for(lambda: found() is not None or self._ended, timeout=WAIT)
        hit = found()
        if hit is not None:
            return hit
        self.close()
        pytest.fail(f"mitmdump did not print {pattern!r} (x{count}); it printed:\n{self.text()}")

    def send(self, name: str, body: bytes = REQUEST, ctype: str = MS) -> str:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/{name}?Cmd=Test",
                                     data=body, headers={"Content-Type": ctype})
        with urllib.request.urlopen(req, timeout=WAIT) as resp:
            assert resp.status == 200
            resp.read()
        self.flows += 1
        # the flow is printed (request, then response) before the next client disconnect
        self._wait_for(r"client disconnect", self.flows)
        text = self.text()
        start = text.index(f"POST http://127.0.0.1")
        blocks = re.split(r"(?m)^\S+: POST ", text[start - 20:])
        mine = [b for b in blocks if f"/{name}?Cmd=Test" in b.split("\n", 1)[0]]
        assert mine, text
        return mine[-1]

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._reader.join(timeout=15)   # the output's end: nothing more to copy
        self.out.close()


@pytest.fixture(scope="module")
def proxy(origin, tmp_path_factory):
    m = Mitmdump(origin.server_port, tmp_path_factory.mktemp("mitm"))
    yield m
    m.close()


def _split(block: str) -> tuple[str, str]:
    """(request part, response part) of one flow's printout."""
    request, _status, response = re.split(r"\n << (?:HTTP/\S+ )?(200 OK)", block, maxsplit=1)
    return request, response


def _response(block: str) -> str:
    return _split(block)[1]


def test_meeting_response_request_and_response(proxy):
    block = proxy.send("meetingresponse")
    request, response = _split(block)
    # the request: the lossless namespaced view (the built-in view drops namespaces)
    assert '<MeetingResponse xmlns="MeetingResponse:">' in request
    assert "<UserResponse>1</UserResponse>" in request
    assert "<RequestId>" in request
    assert '<MeetingResponse xmlns="MeetingResponse:">' in response
    for line in ("<RequestId>6:17</RequestId>", "<Status>1</Status>",
                 "<CalendarId>2:9</CalendarId>"):
        assert line in response


def test_non_ascii_text_shows_as_itself(proxy):
    response = _response(proxy.send("nonascii"))
    assert "<calendar:Subject>Zoë — 日本 😀</calendar:Subject>" in response
    assert "ZoÃ«" not in response


def test_undefined_token_shows_as_unknown_0xHH(proxy):
    response = _response(proxy.send("unknown"))
    assert "<Unknown_0x3F>1</Unknown_0x3F>" in response
    assert '<Sync xmlns="AirSync:">' in response


def test_pages_25_and_254_and_opaque_data(proxy):
    response = _response(proxy.send("pages"))
    assert "<ClientId>c-1</ClientId>" in response
    mime = base64.b64encode(b"From: a@example.test\r\n\r\n\x00\xff").decode()
    assert f'<Mime wbxml:content="opaque">{mime}</Mime>' in response
    assert 'xmlns:find="Find:"' in response and "<find:SearchId>s-25</find:SearchId>" in response
    assert "windowslive:Annotations" in response and 'xmlns:windowslive="WindowsLive:"' in response


def test_invalid_body_shows_the_token_listing_up_to_the_error(proxy):
    response = _response(proxy.send("invalid"))
    assert "fastwbxml: not valid WBXML: UnknownCodePageError" in response
    assert "at offset 5 (0x5)" in response
    assert "00000004  45" in response and "<Sync> token 0x05, content follows" in response
    assert "error: UnknownCodePageError: SWITCH_PAGE to unknown code page 99 at offset 5" \
        in response


def test_body_truncated_inside_a_string_does_not_hang(proxy):
    response = _response(proxy.send("truncated"))
    assert "fastwbxml: not valid WBXML: TruncatedError" in response
    assert "<SendMail> token 0x05, content follows" in response
    assert "<ClientId> token 0x11, content follows" in response
    assert re.search(r"error: TruncatedError: .* at offset 8 \(0x8\)", response), response


def test_wap_wbxml_goes_through_loads_document(proxy):
    response = _response(proxy.send("wap"))
    assert "<!-- WBXML header: Header(version=2," in response
    assert "<SyncKey>ok</SyncKey>" in response


def test_real_captures_when_present(proxy, origin):
    names = [n for n in origin.bodies if n.startswith("capture-")]
    if not names:
        pytest.skip(f"shared test vectors not present at {VECTORS}")
    for name in names:
        response = _response(proxy.send(name))
        root = fastwbxml.loads(origin.bodies[name][1])
        local = root.tag.partition(":")[2]
        assert f'<{local} xmlns="{root.tag.partition(":")[0]}:' in response or \
            f"<{local} xmlns=" in response


def test_view_wins_in_auto_mode_and_only_for_wbxml(proxy):
    # octet-stream is not WBXML to auto mode: neither this view nor the built-in one
    response = _response(proxy.send("octets"))
    assert "<MeetingResponse" not in response and "fastwbxml" not in response


def test_view_is_selectable_by_name(origin, tmp_path):
    m = Mitmdump(origin.server_port, tmp_path,
                 extra=["--set", "dumper_default_contentview=fastwbxml"])
    try:
        response = _response(m.send("octets", ctype="application/octet-stream"))
    finally:
        m.close()
    assert '<MeetingResponse xmlns="MeetingResponse:">' in response
    assert "<CalendarId>2:9</CalendarId>" in response


def test_render_and_reencode_without_mitmproxy_hooks():
    """The view's functions: priority over the built-in view's 1.0, and the edit path of
    mitmproxy 12's reencode (from_xml + dumps), keeping a non-EAS header."""
    body = CASES["meetingresponse"][1]
    assert mitmproxy_addon.priority(body, MS + "; charset=utf-8") == 2.0
    assert mitmproxy_addon.priority(b"", MS) == 0.0
    assert mitmproxy_addon.priority(body, "text/plain") == 0.0
    desc, text, ok = mitmproxy_addon.render(body)
    assert ok and desc == "fastwbxml: MeetingResponse:MeetingResponse"
    assert mitmproxy_addon.reencode(text, body) == body
    edited = text.replace("<Status>1</Status>", "<Status>2</Status>")
    assert fastwbxml.loads(mitmproxy_addon.reencode(edited, body)).find(
        "Result/Status").text == "2"
    wap = CASES["wap"][1]
    assert mitmproxy_addon.reencode(mitmproxy_addon.render(wap)[1], wap) == wap
    with pytest.raises(fastwbxml.XMLViewError):
        mitmproxy_addon.reencode(mitmproxy_addon.render(CASES["invalid"][1])[1])


def test_mitmproxy_12_interactive_contentview():
    cv = pytest.importorskip("mitmproxy.contentviews")
    if not hasattr(cv, "InteractiveContentview"):
        from mitmproxy.version import VERSION
        pytest.skip(f"mitmproxy {VERSION} has the 11.x API (its view runs in the mitmdump "
                    "tests); the 12+ view needs mitmproxy>=12 (Python>=3.12)")
    view = mitmproxy_addon.view
    assert isinstance(view, cv.InteractiveContentview) and view.name == "fastwbxml"
    body = CASES["meetingresponse"][1]
    meta = cv.Metadata(content_type=MS, original_data=body)
    assert view.render_priority(body, meta) > cv.registry["wbxml"].render_priority(body, meta)
    assert view.reencode(view.prettify(body, meta), meta) == body
