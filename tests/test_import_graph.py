"""The package's import graph, read from the source with ``ast``: acyclic, and layered.

Every ``import`` counts, at module level and inside functions (a function-level import is a
dependency too, only a later one), including the Python imports of the Cython core
(``_core.pyx``: its ``from fastwbxml ... import`` lines, read as Python; ``cimport`` lines
are C-level and name no package module).  An edge goes to the module named; the implicit
initialisation of parent packages is not counted (every submodule would otherwise depend
on ``fastwbxml/__init__``).  Imports of modules outside the package (the standard library,
optional dependencies such as icalendar) are not edges.
"""
from __future__ import annotations

import ast
import pathlib
import re

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
PKG = SRC / "fastwbxml"

#: the shared layer the native core may import: no implementation, no choice of one.  The
#: first group imports nothing of the package at all.
PURE_LEAVES = {"fastwbxml._tokens", "fastwbxml._limits", "fastwbxml._document",
               "fastwbxml._wire", "fastwbxml._tables"}
SHARED = PURE_LEAVES | {
    "fastwbxml.errors", "fastwbxml._header", "fastwbxml.tables", "fastwbxml._input",
    "fastwbxml._decode_common", "fastwbxml._encode_common", "fastwbxml._etree",
    "fastwbxml._element_py"}
#: the implementations and the place that chooses between them
IMPLEMENTATIONS = {"fastwbxml._decode_py", "fastwbxml._encode_py", "fastwbxml._impl",
                   "fastwbxml.element", "fastwbxml._api", "fastwbxml._core"}


def module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, pathlib.Path]:
    mods = {}
    for path in PKG.rglob("*"):
        if path.suffix in (".py", ".pyx") and "__pycache__" not in path.parts:
            mods[module_name(path)] = path
    # generated at build time: part of the package even in an unbuilt tree
    mods.setdefault("fastwbxml._tables", PKG / "_tables.py")
    return mods


_PY_IMPORT = re.compile(r"^[ \t]*(from[ \t]+[\w.]+[ \t]+import[ \t]|import[ \t])", re.M)


def python_imports_of_pyx(text: str) -> ast.Module:
    """The Python import statements of a Cython file, parsed (cimport lines excluded)."""
    stmts = []
    for m in _PY_IMPORT.finditer(text):
        start = m.start()
        line_end = text.index("\n", start)
        stmt = text[start:line_end]
        if "(" in stmt and ")" not in stmt:
            stmt = text[start:text.index(")", start) + 1]
        stmts.append(stmt.strip())
    return ast.parse("\n".join(stmts))


def imports(name: str, path: pathlib.Path, mods: dict) -> set[str]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    tree = python_imports_of_pyx(text) if path.suffix == ".pyx" else ast.parse(text)
    is_pkg = path.name == "__init__.py"
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[:len(base) - (node.level - 1)]
                mod = ".".join(anchor + ([node.module] if node.module else []))
            else:
                mod = node.module
            # ``from pkg import submodule`` is an edge to the submodule; any other name
            # imported from *mod* makes an edge to *mod* itself
            subs = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in mods]
            targets = subs + ([mod] if len(subs) < len(node.names) else [])
        else:
            continue
        out.update(t for t in targets if t in mods and t != name)
    return out


def graph() -> dict[str, set[str]]:
    mods = all_modules()
    return {name: imports(name, path, mods) for name, path in mods.items()}


def find_cycle(g: dict) -> list | None:
    state: dict = {}
    stack: list = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_reader_sees_function_level_and_pyx_imports():
    """The graph is only as good as its reader: it must see a lazy import inside a function
    and the Python imports of the .pyx core (else an acyclic verdict would mean nothing)."""
    g = graph()
    assert "fastwbxml._core" in g and g["fastwbxml._core"], "no imports read from _core.pyx"
    mods = all_modules()
    probe = ast.parse("def f():\n    from . import xmlview\n")
    assert any(isinstance(n, ast.ImportFrom) for n in ast.walk(probe))
    assert imports("fastwbxml.probe", PKG / "no_such_file.py", mods) == set()
    tree_text = "from ._tokens import END\n\ndef f():\n    from .errors import err_no_root\n"
    tmp = PKG / "__graph_probe__.py"
    try:
        tmp.write_text(tree_text)
        assert imports("fastwbxml.__graph_probe__", tmp, mods) == {
            "fastwbxml._tokens", "fastwbxml.errors"}
    finally:
        tmp.unlink()


def test_import_graph_is_acyclic():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_native_core_imports_only_the_shared_layer():
    g = graph()
    core = g["fastwbxml._core"]
    assert core <= SHARED, f"_core imports {sorted(core - SHARED)} outside the shared layer"
    for name in SHARED:
        assert g.get(name, set()) <= SHARED, (name, sorted(g[name] - SHARED))
    for name in PURE_LEAVES:
        assert not g.get(name), (name, sorted(g[name]))
    assert not SHARED & IMPLEMENTATIONS


def test_the_implementation_is_chosen_in_one_place():
    """Only ``_impl`` imports the native core; nothing but it reads FASTWBXML_PUREPYTHON."""
    g = graph()
    importers = {n for n, deps in g.items() if "fastwbxml._core" in deps}
    assert importers == {"fastwbxml._impl"}, importers
    reads = re.compile(r"environ[^\n]*FASTWBXML_PUREPYTHON")
    readers = {n for n, p in all_modules().items()
               if p.exists() and reads.search(p.read_text(encoding="utf-8"))}
    assert readers == {"fastwbxml._impl"}, readers


def test_nothing_in_src_edits_sys_path():
    for path in PKG.rglob("*.py*"):
        if path.suffix in (".py", ".pyx"):
            assert "sys.path" not in path.read_text(encoding="utf-8"), path


def test_tests_and_benchmarks_import_the_installed_package():
    """Issue 13 point 6: tests and benchmarks use the installed package (or PYTHONPATH set by
    whoever runs them); none of them puts ``src`` on ``sys.path`` itself."""
    root = PKG.parent.parent
    offenders = []
    for folder in ("tests", "benchmarks", "tools", "fuzz"):
        for path in (root / folder).rglob("*.py"):
            if path.resolve() == pathlib.Path(__file__).resolve():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if "sys.path" in line and '"src"' in line:
                    offenders.append(f"{path.relative_to(root)}: {line.strip()}")
    assert not offenders, offenders
