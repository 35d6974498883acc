"""The event stream (pull parser drained), every corpus message (group ``events <message>``).
Only fastwbxml has one: native and pure Python side by side."""
import pytest

from conftest import MESSAGES, bench


@pytest.mark.parametrize("contender", ("native", "python"))
@pytest.mark.parametrize("message", MESSAGES)
def test_iterparse(benchmark, message, contender):
    bench(benchmark, "events", contender, message)
