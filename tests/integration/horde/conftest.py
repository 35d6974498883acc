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

import pytest

from conftest import ServerScript, serve   # tests/integration/conftest.py

HORDE = ServerScript("horde", "EAS_HORDE_URL", "/rpc.php/calendars", "horde test server")


@pytest.fixture(scope="session")
def horde_server():
    yield from serve(HORDE)


def pytest_runtest_makereport(item, call):
    """On a failure, the tail of Horde's logs (horde.log and the per-device WBXML log)."""
    if call.when == "call" and call.excinfo is not None \
            and "horde_server" in getattr(item, "fixturenames", ()):
        if os.geteuid() == 0 and not os.environ.get("EAS_HORDE_URL"):
            item.add_report_section("call", "horde test server logs", HORDE.log_tail(25))
