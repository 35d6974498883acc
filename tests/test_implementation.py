"""Which core is active, and the switch that forces the pure-Python path."""
import os
import subprocess
import sys

import pytest

import fastwbxml
from fastwbxml import _api


def active_in_subprocess(env_extra):
    env = dict(os.environ, **env_extra)
    out = subprocess.run([sys.executable, "-c",
                          "import fastwbxml; print(fastwbxml.IMPLEMENTATION, "
                          "fastwbxml.Element.__module__)"],
                         env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_pure_python_switch():
    impl, mod = active_in_subprocess({"FASTWBXML_PUREPYTHON": "1"})
    assert impl == "python" and mod == "fastwbxml.element"


def test_native_is_default_when_built():
    if _api.NATIVE is None and not os.environ.get("CI"):
        pytest.skip("native core not built here")
    env = {k: v for k, v in os.environ.items() if k != "FASTWBXML_PUREPYTHON"}
    out = subprocess.run([sys.executable, "-c", "import fastwbxml; print(fastwbxml.IMPLEMENTATION)"],
                         env=env, capture_output=True, text=True, check=True)
    # CI builds the extension from `pip install .`: a missing native core must fail there
    assert out.stdout.strip() == "native"


def test_public_names_are_the_active_implementation():
    assert fastwbxml.loads is _api.ACTIVE.loads
    assert fastwbxml.dumps is _api.ACTIVE.dumps
    assert fastwbxml.EventReader is _api.ACTIVE.EventReader
    assert fastwbxml.Element is _api.ACTIVE.Element
    assert fastwbxml.IMPLEMENTATION in ("native", "python")


def test_stubs_and_marker_ship_with_the_package():
    import pathlib
    pkg = pathlib.Path(fastwbxml.__file__).parent
    assert (pkg / "py.typed").exists()
    for stub in ("_api.pyi", "_core.pyi", "element.pyi"):
        assert (pkg / stub).exists(), stub
