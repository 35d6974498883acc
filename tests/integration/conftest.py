"""Integration tests against a real EAS server: SOGo ActiveSync, run by scripts/eas-test-server.

The session fixture ``eas_server`` uses, in this order:
  1. the server named by ``EAS_URL`` (with ``EAS_PASSWORD``; nothing is started or stopped);
  2. a server that ``scripts/eas-test-server`` already runs (left running afterwards);
  3. a server it starts itself with ``scripts/eas-test-server start`` and stops at the end.
It skips, with the reason, when the server cannot be started (not root, not Debian, the
install or a daemon failed: the log tail is printed); with ``FASTWBXML_INTEGRATION=1`` that is
an error instead (CI).  ``FASTWBXML_INTEGRATION=0`` skips the integration tests outright.
"""
from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SCRIPT = HERE.parent.parent / "scripts" / "eas-test-server"


@dataclasses.dataclass
class EASServer:
    url: str
    dav_url: str
    domain: str
    password: str
    users: tuple[str, ...]
    logs: str | None
    started_here: bool

    def address(self, user: str) -> str:
        return f"{user}@{self.domain}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if pathlib.Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.integration)


def _script(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          timeout=timeout)


def _env() -> dict[str, str]:
    out = {}
    for line in _script("env").stdout.splitlines():
        k, _, v = line.partition("=")
        out[k] = v.strip('"')
    return out


def _log_tail() -> str:
    try:
        return _script("logs", "15", timeout=30).stdout[-4000:]
    except Exception as exc:  # pragma: no cover - diagnostics only
        return f"(no logs: {exc})"


def _unavailable(reason: str):
    if os.environ.get("FASTWBXML_INTEGRATION") == "1":
        pytest.fail(f"EAS test server required (FASTWBXML_INTEGRATION=1) but {reason}",
                    pytrace=False)
    pytest.skip(f"no EAS test server: {reason}")


@pytest.fixture(scope="session")
def eas_server():
    if os.environ.get("FASTWBXML_INTEGRATION") == "0":
        pytest.skip("FASTWBXML_INTEGRATION=0")
    if os.environ.get("EAS_URL"):
        url = os.environ["EAS_URL"]
        yield EASServer(url, os.environ.get("EAS_DAV_URL", url.rsplit("/", 1)[0] + "/dav"),
                        os.environ.get("EAS_DOMAIN", "example.test"),
                        os.environ.get("EAS_PASSWORD", "secret"),
                        tuple(os.environ.get("EAS_USERS", "alice bob").split()), None, False)
        return
    if os.geteuid() != 0:
        _unavailable("scripts/eas-test-server needs root (it installs Debian packages and "
                     "runs daemons as their users); run the tests as root, or point EAS_URL "
                     "at a running server")
    if not (shutil.which("apt-get") and shutil.which("dpkg-query")):
        _unavailable("not a Debian machine (no apt-get): SOGo comes from Debian packages")
    started = False
    if _script("status", timeout=60).returncode != 0:
        t0 = time.monotonic()
        proc = _script("start")
        if proc.returncode != 0:
            _unavailable(f"`scripts/eas-test-server start` failed:\n{proc.stderr[-3000:]}\n"
                         f"--- log tail ---\n{_log_tail()}")
        started = True
        sys.stderr.write(f"\n[eas-test-server started in {time.monotonic() - t0:.1f} s]\n")
    env = _env()
    server = EASServer(env["EAS_URL"], env["EAS_DAV_URL"], env["EAS_DOMAIN"],
                       env["EAS_PASSWORD"], tuple(env["EAS_USERS"].split()), env["EAS_LOGS"],
                       started)
    try:
        yield server
    finally:
        if started and os.environ.get("EAS_KEEP_SERVER") != "1":
            t0 = time.monotonic()
            _script("stop", timeout=120)
            sys.stderr.write(f"\n[eas-test-server stopped in {time.monotonic() - t0:.1f} s]\n")


def pytest_runtest_makereport(item, call):
    """On a failure, show the tail of the server's logs (SOGo says why it refused)."""
    if call.when == "call" and call.excinfo is not None and "eas_server" in getattr(item, "fixturenames", ()):
        if os.geteuid() == 0 and not os.environ.get("EAS_URL"):
            item.add_report_section("call", "eas-test-server logs", _log_tail())


def pytest_sessionfinish(session, exitstatus):
    """Summarise the EAS traffic; with EAS_DUMP_DIR, write every exchange there as XML."""
    from easclient import CODECS, EASClient
    log = EASClient.log
    if not log:
        return
    counts: dict[str, int] = {}
    for ex in log:
        counts[ex.cmd] = counts.get(ex.cmd, 0) + 1
    total = sum(len(ex.request) + len(ex.response) for ex in log)
    sys.stderr.write("\n[EAS exchanges: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                     + f"; {total} WBXML bytes, every body round-tripped with "
                     + " and ".join(c.name for c in CODECS) + "]\n")
    out = os.environ.get("EAS_DUMP_DIR")
    if out:
        import fastwbxml
        d = pathlib.Path(out)
        d.mkdir(parents=True, exist_ok=True)
        for i, ex in enumerate(log):
            for kind, body in (("request", ex.request), ("response", ex.response)):
                if body:
                    name = f"{i:03d}-{ex.user}-{ex.cmd}-{kind}"
                    (d / f"{name}.wbxml").write_bytes(body)
                    if ex.cmd != "SendMail" or kind == "response":
                        try:
                            view = fastwbxml.to_xml(fastwbxml.loads(body))
                        except fastwbxml.WBXMLError as e:
                            # a body that is not WBXML (e.g. an HTTP 500's text): the dump
                            # says so and the session's own results stay visible
                            view = f"<!-- not WBXML: {e} -->\n"
                        (d / f"{name}.xml").write_text(view)
