"""Run the unit suite twice: on the native core, then on the pure-Python core.

This is the test command of every wheel cibuildwheel builds (``[tool.cibuildwheel]
test-command`` in pyproject.toml, quoted in the README's "Release" section).  It is a Python
script rather than a shell line so that the same command works under cmd.exe on Windows,
where ``VAR=1 command`` does not.  Both runs use the README's test command with
``-m "not integration"``; the pure-Python run sets ``FASTWBXML_PUREPYTHON=1`` and leaves out
the differential tests (they need both cores).  The first run fails when the wheel has no
native core (tests/test_implementation.py), so a wheel that silently fell back to pure
Python cannot pass.

    python tools/unit_suites.py [extra pytest args...]

Exit status: 0 when both runs pass, else the first failing run's status.
"""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not integration"]
RUNS = (
    ("native core", {}, []),
    ("pure-Python core", {"FASTWBXML_PUREPYTHON": "1"}, ["--ignore=tests/test_differential.py"]),
)


def main(argv: list[str]) -> int:
    for label, env_extra, extra in RUNS:
        env = {k: v for k, v in os.environ.items() if k != "FASTWBXML_PUREPYTHON"}
        env.update(env_extra)
        print(f"== unit suite, {label}", flush=True)
        rc = subprocess.call(BASE + extra + argv, cwd=ROOT, env=env)
        if rc:
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
