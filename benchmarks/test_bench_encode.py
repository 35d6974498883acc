"""Encode a prebuilt tree, every corpus message, every contender (group ``encode <message>``).
``marshal`` here is ``marshal.dumps`` of the equivalent tuple tree."""
import pytest

from conftest import MESSAGES, bench

CONTENDERS = ("native", "python", "libwbxml", "pyactivesync", "marshal")


@pytest.mark.parametrize("contender", CONTENDERS)
@pytest.mark.parametrize("message", MESSAGES)
def test_encode(benchmark, message, contender):
    bench(benchmark, "encode", contender, message)
