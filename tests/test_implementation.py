"""Which core is active, and the switch that forces the pure-Python path."""
import os
import pathlib
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
    assert impl == "python" and mod == "fastwbxml._element_py"  # the Python node


def test_native_core_is_present_unless_pure_python_is_asked_for():
    """A missing native core is a failure, not a skip: only FASTWBXML_PUREPYTHON=1 (the run
    that tests the pure-Python core on purpose) may go without it.  A build that fell back
    to pure Python (no compiler) would otherwise pass the whole suite with skips."""
    if os.environ.get("FASTWBXML_PUREPYTHON"):
        assert _api.NATIVE is None and fastwbxml.IMPLEMENTATION == "python"
        return
    assert _api.NATIVE is not None, (
        "the native core (fastwbxml._core) is not built: build it (pip install ., or "
        "python setup.py build_ext --inplace) or run with FASTWBXML_PUREPYTHON=1")
    env = {k: v for k, v in os.environ.items() if k != "FASTWBXML_PUREPYTHON"}
    out = subprocess.run([sys.executable, "-c", "import fastwbxml; print(fastwbxml.IMPLEMENTATION)"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "native"


def test_version_is_the_metadata_version():
    """One version: src/fastwbxml/_version.py, which pyproject.toml's metadata reads."""
    import importlib.metadata as md
    import pathlib
    from fastwbxml import _version
    assert fastwbxml.__version__ is _version.__version__
    root = pathlib.Path(__file__).resolve().parent.parent
    if (root / "setup.py").exists():  # a source tree: ask setuptools what the metadata says
        out = subprocess.run([sys.executable, "setup.py", "-q", "--version"], cwd=root,
                             env=dict(os.environ, FASTWBXML_NO_EXT="1"),
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip().splitlines()[-1] == fastwbxml.__version__
    try:
        dist = md.distribution("fastwbxml")
    except md.PackageNotFoundError:
        return
    init = pathlib.Path(fastwbxml.__file__).resolve()
    installed = {pathlib.Path(dist.locate_file(f)).resolve() for f in (dist.files or [])}
    if init in installed:  # the imported package is this distribution: its metadata agrees
        assert dist.version == fastwbxml.__version__


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


def test_an_unbuilt_checkout_says_how_to_build(tmp_path):
    """Without the generated _tables.py the import fails with a message naming the build,
    even when wbxml_tables/ and tools/ lie next to it: nothing in src/ reaches for them
    through sys.path."""
    import shutil
    root = pathlib.Path(__file__).resolve().parent.parent
    pkg = pathlib.Path(fastwbxml.__file__).parent
    src = tmp_path / "src"
    shutil.copytree(pkg, src / "fastwbxml", ignore=shutil.ignore_patterns(
        "_tables.py", "_core*.so", "_core*.pyd", "__pycache__", "eas"))
    for folder in ("wbxml_tables", "tools"):
        if (root / folder).is_dir():
            shutil.copytree(root / folder, tmp_path / folder)
    env = dict(os.environ, PYTHONPATH=str(src), FASTWBXML_PUREPYTHON="1")
    probe = ("import sys; before = list(sys.path)\n"
             "try:\n    import fastwbxml\nexcept ImportError as e:\n"
             "    print('ImportError:', e); print(sys.path == before)\n"
             "else:\n    print('imported')\n")
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("ImportError: fastwbxml._tables is missing"), out
    assert "pip install ." in out and "build_ext --inplace" in out
    assert out.splitlines()[-1] == "True"
