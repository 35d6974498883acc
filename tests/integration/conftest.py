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


@dataclasses.dataclass(frozen=True)
class ServerScript:
    """``scripts/eas-test-server`` for one server (``--server NAME``): how the session
    fixtures start, describe and stop it, and where an already-running one is named."""
    server: str          # "sogo" or "horde"
    url_var: str         # the variable naming a running server's EAS URL (nothing started)
    dav_suffix: str      # a running server's DAV URL: its EAS URL's folder + this
    label: str           # how messages name it

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), "--server", self.server, *args],
                              capture_output=True, text=True, timeout=timeout)

    def env(self) -> dict[str, str]:
        out = {}
        for line in self.run("env").stdout.splitlines():
            k, _, v = line.partition("=")
            out[k] = v.strip('"')
        return out

    def log_tail(self, lines: int = 15) -> str:
        try:
            return self.run("logs", str(lines), timeout=30).stdout[-6000:]
        except Exception as exc:  # pragma: no cover - diagnostics only
            return f"(no logs: {exc})"


SOGO = ServerScript("sogo", "EAS_URL", "/dav", "eas-test-server")


def _unavailable(reason: str):
    if os.environ.get("FASTWBXML_INTEGRATION") == "1":
        pytest.fail(f"EAS test server required (FASTWBXML_INTEGRATION=1) but {reason}",
                    pytrace=False)
    pytest.skip(f"no EAS test server: {reason}")


def serve(script: ServerScript):
    """The body of a session fixture: the server named by ``script.url_var``, or the one
    the script already runs, or one it starts here and stops at the end."""
    if os.environ.get("FASTWBXML_INTEGRATION") == "0":
        pytest.skip("FASTWBXML_INTEGRATION=0")
    if os.environ.get(script.url_var):
        url = os.environ[script.url_var]
        dav = os.environ.get("EAS_DAV_URL") if script.server == "sogo" else None
        yield EASServer(url, dav or url.rsplit("/", 1)[0] + script.dav_suffix,
                        os.environ.get("EAS_DOMAIN", "example.test"),
                        os.environ.get("EAS_PASSWORD", "secret"),
                        tuple(os.environ.get("EAS_USERS", "alice bob").split()), None, False)
        return
    if os.geteuid() != 0:
        _unavailable(f"scripts/eas-test-server --server {script.server} needs root (it "
                     f"installs Debian packages and runs daemons as their users); run the "
                     f"tests as root, or point {script.url_var} at a running server")
    if not (shutil.which("apt-get") and shutil.which("dpkg-query")):
        _unavailable(f"not a Debian machine (no apt-get): {script.server} comes from Debian "
                     f"packages")
    started = False
    if script.run("status", timeout=60).returncode != 0:
        t0 = time.monotonic()
        proc = script.run("start")
        if proc.returncode != 0:
            _unavailable(f"`scripts/eas-test-server --server {script.server} start` failed:\n"
                         f"{proc.stderr[-3000:]}\n--- log tail ---\n{script.log_tail()}")
        started = True
        sys.stderr.write(f"\n[{script.label} started in {time.monotonic() - t0:.1f} s]\n")
    env = script.env()
    server = EASServer(env["EAS_URL"], env["EAS_DAV_URL"], env["EAS_DOMAIN"],
                       env["EAS_PASSWORD"], tuple(env["EAS_USERS"].split()), env["EAS_LOGS"],
                       started)
    try:
        yield server
    finally:
        if started and os.environ.get("EAS_KEEP_SERVER") != "1":
            t0 = time.monotonic()
            script.run("stop", timeout=120)
            sys.stderr.write(f"\n[{script.label} stopped in {time.monotonic() - t0:.1f} s]\n")


@pytest.fixture(scope="session")
def eas_server():
    yield from serve(SOGO)


def pytest_runtest_makereport(item, call):
    """On a failure, show the tail of the server's logs (SOGo says why it refused)."""
    if call.when == "call" and call.excinfo is not None and "eas_server" in getattr(item, "fixturenames", ()):
        if os.geteuid() == 0 and not os.environ.get("EAS_URL"):
            item.add_report_section("call", "eas-test-server logs", SOGO.log_tail())


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
