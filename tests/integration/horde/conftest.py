"""The Horde Groupware EAS server of the integration tests (``eas-test-server --server horde``).

The session fixture ``horde_server`` works as ``eas_server`` does for SOGo, in this order:
  1. the server named by ``EAS_HORDE_URL`` (with ``EAS_PASSWORD``; nothing started or stopped);
  2. a Horde that ``scripts/eas-test-server --server horde`` already runs (left running);
  3. one it starts itself and stops at the end (``EAS_KEEP_SERVER=1`` leaves it running).
It skips with the reason when Horde cannot be started, and fails instead with
``FASTWBXML_INTEGRATION=1``.  Exchanges go to the shared ``EASClient.log``, so the parent
conftest's summary and ``EAS_DUMP_DIR`` cover them too (file names carry the user, which is
``alice``/``bob`` on both servers, and the order).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import SCRIPT, EASServer, _unavailable   # tests/integration/conftest.py


def horde_script(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), "--server", "horde", *args],
                          capture_output=True, text=True, timeout=timeout)


def horde_env() -> dict[str, str]:
    out = {}
    for line in horde_script("env").stdout.splitlines():
        k, _, v = line.partition("=")
        out[k] = v.strip('"')
    return out


def horde_log_tail(lines: int = 15) -> str:
    try:
        return horde_script("logs", str(lines), timeout=30).stdout[-6000:]
    except Exception as exc:  # pragma: no cover - diagnostics only
        return f"(no logs: {exc})"


@pytest.fixture(scope="session")
def horde_server():
    if os.environ.get("FASTWBXML_INTEGRATION") == "0":
        pytest.skip("FASTWBXML_INTEGRATION=0")
    if os.environ.get("EAS_HORDE_URL"):
        url = os.environ["EAS_HORDE_URL"]
        yield EASServer(url, url.rsplit("/", 1)[0] + "/rpc.php/calendars",
                        os.environ.get("EAS_DOMAIN", "example.test"),
                        os.environ.get("EAS_PASSWORD", "secret"),
                        tuple(os.environ.get("EAS_USERS", "alice bob").split()), None, False)
        return
    if os.geteuid() != 0:
        _unavailable("scripts/eas-test-server --server horde needs root (Debian packages, "
                     "daemons run as their users); or point EAS_HORDE_URL at a running Horde")
    if not (shutil.which("apt-get") and shutil.which("dpkg-query")):
        _unavailable("not a Debian machine (no apt-get): Horde comes from Debian packages")
    started = False
    if horde_script("status", timeout=60).returncode != 0:
        t0 = time.monotonic()
        proc = horde_script("start")
        if proc.returncode != 0:
            _unavailable(f"`scripts/eas-test-server --server horde start` failed:\n"
                         f"{proc.stderr[-3000:]}\n--- log tail ---\n{horde_log_tail()}")
        started = True
        sys.stderr.write(f"\n[horde test server started in {time.monotonic() - t0:.1f} s]\n")
    env = horde_env()
    server = EASServer(env["EAS_URL"], env["EAS_DAV_URL"], env["EAS_DOMAIN"],
                       env["EAS_PASSWORD"], tuple(env["EAS_USERS"].split()), env["EAS_LOGS"],
                       started)
    try:
        yield server
    finally:
        if started and os.environ.get("EAS_KEEP_SERVER") != "1":
            t0 = time.monotonic()
            horde_script("stop", timeout=120)
            sys.stderr.write(f"\n[horde test server stopped in {time.monotonic() - t0:.1f} s]\n")


def pytest_runtest_makereport(item, call):
    """On a failure, the tail of Horde's logs (horde.log and the per-device WBXML log)."""
    if call.when == "call" and call.excinfo is not None \
            and "horde_server" in getattr(item, "fixturenames", ()):
        if os.geteuid() == 0 and not os.environ.get("EAS_HORDE_URL"):
            item.add_report_section("call", "horde test server logs", horde_log_tail(25))
