"""Decode to a tree, every corpus message, every contender (group ``decode <message>``)."""
import pytest

from conftest import MESSAGES, bench

CONTENDERS = ("native", "python", "libwbxml", "pyactivesync", "marshal")


@pytest.mark.parametrize("contender", CONTENDERS)
@pytest.mark.parametrize("message", MESSAGES)
def test_decode(benchmark, message, contender):
    bench(benchmark, "decode", contender, message)
