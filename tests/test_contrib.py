"""fastwbxml.contrib.mitmproxy_addon imports without mitmproxy (so the README's
``python -c '...print(m.__file__)'`` works in any environment) and still renders."""
import subprocess
import sys

CODE = """
import sys
sys.modules["mitmproxy"] = None          # as if mitmproxy were not installed
import fastwbxml.contrib.mitmproxy_addon as m
assert not hasattr(m, "load") and not hasattr(m, "view"), "mitmproxy hooks without mitmproxy"
desc, text, ok = m.render(bytes.fromhex("03016a00457f0331000101"))
assert ok and "<Unknown_0x3F>1</Unknown_0x3F>" in text, text
desc, text, ok = m.render(bytes.fromhex("03016a00001545510361"))
assert not ok and "TruncatedError" in text and "at offset 8" in text, text
print(m.__file__)
"""


def test_addon_imports_and_renders_without_mitmproxy():
    p = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().endswith("fastwbxml/contrib/mitmproxy_addon.py")
