"""Build: turn wbxml_tables/ into fastwbxml/_tables.py and compile the native core.

The native core is optional.  When it cannot be compiled (no C compiler, no Python headers),
the build prints a warning naming the cause and installs the pure-Python core, which has the
same API (``fastwbxml.IMPLEMENTATION == "python"``).  ``FASTWBXML_REQUIRE_NATIVE=1`` makes
that a hard error instead (CI, packagers).

Release builds are small: the extension is compiled without debug information and linked
stripped (GCC/Clang).  ``FASTWBXML_DEBUG=1`` keeps the symbols (tools/build_ext_variant.sh
sets it for the sanitizer, fuzz and valgrind builds), as does a ``-g`` or ``-fsanitize``
already in ``CFLAGS``.
"""
import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "tools"))
import gen_tables  # noqa: E402

TABLES = os.path.join(HERE, "wbxml_tables")
GENERATED = os.path.join(HERE, "src", "fastwbxml", "_tables.py")
REQUIRE_NATIVE = os.environ.get("FASTWBXML_REQUIRE_NATIVE", "") not in ("", "0")


def generate_tables():
    gen_tables.generate(TABLES, GENERATED)


class BuildPy(build_py):
    def run(self):
        generate_tables()
        super().run()


class SDist(sdist):
    def run(self):
        generate_tables()
        super().run()


def _keep_debug_info():
    if os.environ.get("FASTWBXML_DEBUG", "") not in ("", "0"):
        return True
    flags = (os.environ.get("CFLAGS", "") + " " + os.environ.get("LDFLAGS", "")).split()
    return any(f == "-g" or f.startswith(("-g3", "-ggdb", "-fsanitize")) for f in flags)


def _fallback(cause):
    """The extension could not be built: fail (FASTWBXML_REQUIRE_NATIVE=1) or warn."""
    if REQUIRE_NATIVE:
        raise SystemExit(
            f"error: fastwbxml's native core could not be built ({cause}) and "
            f"FASTWBXML_REQUIRE_NATIVE=1 forbids the pure-Python fallback")
    bar = "*" * 78
    sys.stderr.write(
        f"\n{bar}\nWARNING: fastwbxml's native core could not be built: {cause}\n"
        f"Installing the pure-Python core instead (same API, several times slower;\n"
        f"fastwbxml.IMPLEMENTATION == 'python'). Install a C compiler and the Python\n"
        f"headers to get the native core, or set FASTWBXML_REQUIRE_NATIVE=1 to make this\n"
        f"an error.\n{bar}\n\n")
    sys.stderr.flush()


class OptionalBuildExt(build_ext):
    """build_ext with release flags, where a compile failure falls back to pure Python."""

    def build_extensions(self):
        unix = self.compiler.compiler_type == "unix"
        if unix and not _keep_debug_info():
            strip = ["-Wl,-S,-x"] if sys.platform == "darwin" else ["-s"]
            for ext in self.extensions:
                ext.extra_compile_args = list(ext.extra_compile_args or []) + ["-g0"]
                ext.extra_link_args = list(ext.extra_link_args or []) + strip
        super().build_extensions()

    def run(self):
        try:
            super().run()
        except Exception as e:  # DistutilsPlatformError etc.: no compiler at all
            _fallback(f"{type(e).__name__}: {e}")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as e:  # CompileError / LinkError / DistutilsExecError
            _fallback(f"{type(e).__name__}: {e}")


generate_tables()  # also for editable installs and build_ext --inplace

ext_modules = []
PYX = os.path.join("src", "fastwbxml", "_core.pyx")
if os.path.exists(os.path.join(HERE, PYX)) and not os.environ.get("FASTWBXML_NO_EXT"):
    from Cython.Build import cythonize

    ext_modules = cythonize(
        [Extension("fastwbxml._core", [PYX], extra_compile_args=["-O2"],
                   # the .h files next to _core.pyx (its .pxi are found by Cython)
                   include_dirs=[os.path.join("src", "fastwbxml")])],
        compiler_directives={"language_level": 3, "boundscheck": False, "wraparound": False,
                             "cdivision": True, "initializedcheck": False,
                             # not free-threading safe: the short-string cache and the raw
                             # name cache are shared without locks (README, "Free-threaded
                             # CPython"); a 3.13t/3.14t interpreter keeps its GIL on import
                             "freethreading_compatible": False},
    )

setup(ext_modules=ext_modules,
      cmdclass={"build_py": BuildPy, "sdist": SDist, "build_ext": OptionalBuildExt})
