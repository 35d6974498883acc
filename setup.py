"""Build: turn wbxml_tables/ into fastwbxml/_tables.py and compile the native core."""
import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "tools"))
import gen_tables  # noqa: E402

TABLES = os.path.join(HERE, "wbxml_tables")
GENERATED = os.path.join(HERE, "src", "fastwbxml", "_tables.py")


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


generate_tables()  # also for editable installs and build_ext --inplace

ext_modules = []
PYX = os.path.join("src", "fastwbxml", "_core.pyx")
if os.path.exists(os.path.join(HERE, PYX)) and not os.environ.get("FASTWBXML_NO_EXT"):
    from Cython.Build import cythonize

    ext_modules = cythonize(
        [Extension("fastwbxml._core", [PYX], extra_compile_args=["-O2"])],
        compiler_directives={"language_level": 3, "boundscheck": False, "wraparound": False,
                             "cdivision": True, "initializedcheck": False},
    )

setup(ext_modules=ext_modules, cmdclass={"build_py": BuildPy, "sdist": SDist})
