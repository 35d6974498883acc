import os
import pathlib

import pytest
from hypothesis import settings

from fastwbxml import _api

# No test may depend on how fast this machine is: Hypothesis's per-example deadline (200 ms
# by default) is a wall-clock assertion, so it is off for the whole suite.
settings.register_profile("fastwbxml", deadline=None)
settings.load_profile("fastwbxml")

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent.parent / "shared" / "vectors"
FIXTURES = HERE / "fixtures"

CODECS = [_api.PYTHON] + ([_api.NATIVE] if _api.NATIVE is not None else [])


@pytest.fixture(params=CODECS, ids=lambda c: c.name)
def codec(request):
    """Each available implementation (pure Python, and native when built)."""
    return request.param


def vectors_dir() -> pathlib.Path:
    if not VECTORS.is_dir():
        pytest.skip(f"shared test vectors not present at {VECTORS}")
    return VECTORS


def hexfile(path) -> bytes:
    return bytes.fromhex(pathlib.Path(path).read_text())


def pytest_report_header(config):
    return (f"fastwbxml active implementation: {_api.IMPLEMENTATION}; native core "
            f"{'built' if _api.NATIVE is not None else 'NOT built'}; "
            f"FASTWBXML_PUREPYTHON={os.environ.get('FASTWBXML_PUREPYTHON', '')!r}")
