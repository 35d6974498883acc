"""A tiny Exchange ActiveSync HTTP client for the integration tests (standard library only).

Every WBXML body it sends or receives goes through :func:`check_body`: decoded with the pure
Python codec and with the native one (when built), the two trees must be identical, and
``dumps(loads(body))`` must give back the very same bytes with each implementation.
"""
from __future__ import annotations

import base64
import dataclasses
import http.client
import itertools
import time
import urllib.parse
from typing import Any

import fastwbxml
from fastwbxml import _api

WBXML = "application/vnd.ms-sync.wbxml"
CODECS = [_api.PYTHON] + ([_api.NATIVE] if _api.NATIVE is not None else [])


def _canon(elem) -> tuple:
    """An implementation-independent picture of a tree (tag, text, content bit, children)."""
    text = elem.text
    if isinstance(text, memoryview):
        text = bytes(text)
    return (elem.tag, type(text).__name__, text, bool(getattr(elem, "content_bit", False)),
            tuple(_canon(c) for c in elem))


class RoundTripError(AssertionError):
    pass


def check_body(body: bytes, what: str) -> Any:
    """Assert the codec contract on one real message; return the active codec's tree."""
    trees = []
    for codec in CODECS:
        root = codec.loads(body)
        again = codec.dumps(root)
        if again != body:
            raise RoundTripError(f"{what}: {codec.name} dumps(loads(body)) differs from the "
                                 f"{len(body)}-byte body ({len(again)} bytes)\n"
                                 f"body:  {body.hex()}\nagain: {again.hex()}")
        trees.append(_canon(root))
    if len(trees) == 2 and trees[0] != trees[1]:
        raise RoundTripError(f"{what}: the Python and native trees differ")
    # the XML view is lossless too
    root = fastwbxml.loads(body)
    if fastwbxml.dumps(fastwbxml.from_xml(fastwbxml.to_xml(root))) != body:
        raise RoundTripError(f"{what}: to_xml/from_xml does not give back the same bytes")
    return root


@dataclasses.dataclass
class Exchange:
    """One HTTP request/response pair, kept for the report and for debugging."""
    user: str
    cmd: str
    status: int
    request: bytes
    response: bytes
    headers: dict
    seconds: float


class EASHTTPError(AssertionError):
    def __init__(self, ex: Exchange):
        super().__init__(f"{ex.user} {ex.cmd}: HTTP {ex.status} "
                         f"{ex.response[:200]!r} headers={ex.headers}")
        self.exchange = ex


class EASClient:
    """One user on one device.  ``command()`` posts a command and returns the decoded
    root (or None for an empty 200 body, SOGo's "no changes")."""

    _device_numbers = itertools.count(1)
    #: every exchange of every client, in order
    log: list[Exchange] = []

    def __init__(self, url: str, user: str, password: str, *, version: str = "14.1",
                 device_id: str | None = None, device_type: str = "fastwbxmltest",
                 timeout: float = 60.0):
        self.url = urllib.parse.urlsplit(url)
        self.user, self.version, self.timeout = user, version, timeout
        self.device_id = device_id or f"fwbx{user}{next(self._device_numbers):04d}{int(time.time()) % 100000}"
        self.device_type = device_type
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.policy_key: str | None = None

    # -- HTTP ------------------------------------------------------------------------------
    def _http(self, method: str, query: str, body: bytes | None, headers: dict) -> tuple:
        conn = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=self.timeout)
        try:
            conn.request(method, self.url.path + ("?" + query if query else ""), body=body,
                         headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            conn.close()

    def options(self) -> dict:
        status, headers, _ = self._http("OPTIONS", "", None, {"Authorization": self.auth})
        assert status == 200, f"OPTIONS: HTTP {status}"
        return headers

    def post(self, cmd: str, body: bytes | None, *, params: dict | None = None,
             content_type: str = WBXML, check: bool = True) -> Exchange:
        query = {"Cmd": cmd, "User": self.user, "DeviceId": self.device_id,
                 "DeviceType": self.device_type, **(params or {})}
        headers = {"Authorization": self.auth, "MS-ASProtocolVersion": self.version,
                   "User-Agent": "fastwbxml-integration/1.0", "Content-Type": content_type,
                   "Accept": WBXML}
        if self.policy_key is not None:
            headers["X-MS-PolicyKey"] = self.policy_key
        if body is not None and content_type == WBXML and check:
            check_body(body, f"{self.user} {cmd} request")
        t0 = time.monotonic()
        status, rheaders, data = self._http("POST", urllib.parse.urlencode(query), body or b"",
                                            headers)
        ex = Exchange(self.user, cmd, status, body or b"", data, rheaders,
                      time.monotonic() - t0)
        EASClient.log.append(ex)
        if status != 200:
            raise EASHTTPError(ex)
        if data and check:
            ctype = rheaders.get("content-type", "")
            assert ctype.startswith(WBXML), f"{cmd}: response Content-Type {ctype!r}"
            check_body(data, f"{self.user} {cmd} response")
        return ex

    def command(self, cmd: str, request, **kw):
        """Post *request* (an Element, a fastwbxml.eas Message, bytes or None); return the
        response root Element, or None when the server answered an empty body."""
        if request is None or isinstance(request, (bytes, bytearray)):
            body = bytes(request) if request is not None else None
        elif hasattr(request, "to_wbxml"):
            body = request.to_wbxml(self.version)
        else:
            body = fastwbxml.dumps(request)
        ex = self.post(cmd, body, **kw)
        return fastwbxml.loads(ex.response) if ex.response else None

    def raw(self, cmd: str, request, **kw) -> bytes:
        """Like :meth:`command`, but the response bytes (b"" when empty)."""
        body = request.to_wbxml(self.version) if hasattr(request, "to_wbxml") else (
            fastwbxml.dumps(request) if request is not None and not isinstance(request, bytes)
            else request)
        return self.post(cmd, body, **kw).response
