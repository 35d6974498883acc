"""The release configuration, checked where it cannot be run.

cibuildwheel needs Docker and macOS/Windows runners, so the wheels are not built here; what
can be checked is: pyproject.toml parses, ``[tool.cibuildwheel]`` targets exactly CPython
3.10-3.13 on manylinux/musllinux x86_64+aarch64, macOS and Windows, requires the native core,
and tests each wheel with the command the README's "Release" section gives, which runs the
README's test command on both cores.  When cibuildwheel is installed it is asked to list the
builds.  (tools/check_release.sh builds and checks the sdist and the wheel for real.)
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

tomllib = pytest.importorskip("tomllib")  # 3.11+

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())
CIBW = CONFIG["tool"]["cibuildwheel"]
README = (ROOT / "README.md").read_text()


def readme_section(title):
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert m, title
    return m.group(1)


def test_version_is_dynamic_from_one_file():
    assert "version" not in CONFIG["project"]
    assert CONFIG["project"]["dynamic"] == ["version"]
    attr = CONFIG["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "fastwbxml._version.__version__"
    assert (ROOT / "src" / "fastwbxml" / "_version.py").exists()
    # no other file writes a version literal
    init = (ROOT / "src" / "fastwbxml" / "__init__.py").read_text()
    assert "__version__ =" not in init and "from ._version import __version__" in init


def test_cibuildwheel_targets():
    assert CIBW["build"].split() == ["cp310-*", "cp311-*", "cp312-*", "cp313-*"]
    assert CONFIG["tool"]["cibuildwheel"]["linux"]["archs"] == ["x86_64", "aarch64"]
    assert CIBW["macos"]["archs"] == ["x86_64", "arm64"]
    assert CIBW["windows"]["archs"] == ["AMD64"]
    assert CIBW["manylinux-x86_64-image"] == CIBW["manylinux-aarch64-image"] == "manylinux2014"
    assert "skip" not in CIBW or "musllinux" not in CIBW["skip"]   # musllinux is built
    assert CIBW["environment"] == {"FASTWBXML_REQUIRE_NATIVE": "1"}


def test_cibuildwheel_test_command_is_the_readmes():
    release = readme_section("Release")
    blocks = re.findall(r"```sh\n(.*?)```", release, re.S)
    assert CIBW["test-command"] + "\n" in blocks
    # ...and that command runs the README's test command (command 2) on both cores
    setup = readme_section("Setup on a fresh machine")
    cmd2 = re.findall(r"```sh\n(.*?)```", setup, re.S)[1].strip()
    assert cmd2 == ".venv/bin/python -m pytest -q -p no:cacheprovider"
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import unit_suites
    finally:
        sys.path.pop(0)
    assert unit_suites.BASE[1:] == ["-m", "pytest", "-q", "-p", "no:cacheprovider",
                                    "-m", "not integration"]
    assert [env for _l, env, _x in unit_suites.RUNS] == [{}, {"FASTWBXML_PUREPYTHON": "1"}]
    needed = {r.split(">")[0].split("=")[0] for r in CIBW["test-requires"]}
    assert {"pytest", "hypothesis", "icalendar", "setuptools"} <= needed


@pytest.mark.skipif(shutil.which("cibuildwheel") is None and
                    not (pathlib.Path(sys.executable).parent / "cibuildwheel").exists(),
                    reason="cibuildwheel not installed (pip install cibuildwheel)")
def test_cibuildwheel_lists_the_builds():
    exe = shutil.which("cibuildwheel") or str(pathlib.Path(sys.executable).parent / "cibuildwheel")
    ids = []
    for platform in ("linux", "macos", "windows"):
        out = subprocess.run([exe, "--print-build-identifiers", "--platform", platform, str(ROOT)],
                             capture_output=True, text=True, check=True,
                             env={k: v for k, v in os.environ.items()
                                  if not k.startswith("CIBW_")})
        ids += out.stdout.split()
    py = ["cp310", "cp311", "cp312", "cp313"]
    expected = {f"{p}-{plat}" for p in py for plat in (
        "manylinux_x86_64", "manylinux_aarch64", "musllinux_x86_64", "musllinux_aarch64",
        "macosx_x86_64", "macosx_arm64", "win_amd64")}
    assert set(ids) == expected and len(ids) == 28
