"""Export libwbxml's ActiveSync tag table from Debian's shared library, as test evidence.

fastwbxml's tokens come from ``wbxml_tables/``; the tests pin every one of them against
evidence that does not come from there (tests/test_tag_pins.py).  The largest body of such
evidence is libwbxml's own table, compiled into Debian's ``libwbxml2-1``
(``/usr/lib/<arch>/libwbxml2.so.1``).  This tool reads it from the running library, with
ctypes, through libwbxml's public API: ``wbxml_tables_get_table(WBXML_LANG_ACTIVESYNC)``
returns a ``WBXMLLangEntry`` whose ``tagTable`` is an array of ``WBXMLTagEntry``
``{const char *xmlName; WB_UTINY wbxmlCodePage; WB_UTINY wbxmlToken; WB_ULONG options;}``
ended by a NULL name (libwbxml 0.11.8 ``src/wbxml_tables.h``; Debian ships no header for it).

The export is committed as ``tests/data/libwbxml_activesync_tags.tsv`` with its provenance
(package version, library path, SHA-256), so the suite has the evidence where libwbxml is not
installed; where it is, the test reads the library again and compares.

    python tools/export_libwbxml_tags.py            # (re)write the committed export
    python tools/export_libwbxml_tags.py --check    # exit 1 if it differs from the library

Install the library with ``apt-get install -y libwbxml2-1`` (or ``libwbxml2-dev``).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import subprocess
import sys

WBXML_LANG_ACTIVESYNC = 2402
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPORT = os.path.join(ROOT, "tests", "data", "libwbxml_activesync_tags.tsv")
_NAMES = ("libwbxml2.so.1", "libwbxml2.so")


class _TagEntry(ctypes.Structure):
    _fields_ = [("xmlName", ctypes.c_char_p), ("wbxmlCodePage", ctypes.c_ubyte),
                ("wbxmlToken", ctypes.c_ubyte), ("options", ctypes.c_uint)]


class _LangEntry(ctypes.Structure):
    _fields_ = [("langID", ctypes.c_int), ("publicID", ctypes.c_void_p),
                ("tagTable", ctypes.POINTER(_TagEntry)), ("nsTable", ctypes.c_void_p),
                ("attrTable", ctypes.c_void_p), ("attrValueTable", ctypes.c_void_p),
                ("extValueTable", ctypes.c_void_p)]


def load_library():
    """``(CDLL, path)`` of libwbxml2, or ``(None, reason)``."""
    names = list(_NAMES)
    found = ctypes.util.find_library("wbxml2")
    if found:
        names.insert(0, found)
    errors = []
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError as e:
            errors.append(str(e))
            continue
        return lib, _path_of(name)
    return None, "; ".join(errors[:2])


def _path_of(name: str) -> str:
    for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib",
              "/usr/local/lib"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return os.path.realpath(p)
    return name


def read_tags(lib) -> list[tuple[int, int, str]]:
    """libwbxml's ActiveSync tags as ``(page, token, name)``, in the library's order."""
    get = lib.wbxml_tables_get_table
    get.argtypes = [ctypes.c_int]
    get.restype = ctypes.POINTER(_LangEntry)
    lang = get(WBXML_LANG_ACTIVESYNC)
    if not lang or lang.contents.langID != WBXML_LANG_ACTIVESYNC:
        raise RuntimeError("libwbxml has no ActiveSync language table")
    table = lang.contents.tagTable
    out, i = [], 0
    while table[i].xmlName is not None:
        e = table[i]
        out.append((e.wbxmlCodePage, e.wbxmlToken, e.xmlName.decode("ascii")))
        i += 1
        if i > 10_000:
            raise RuntimeError("unterminated tag table")
    return out


def package_version() -> str:
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Version}", "libwbxml2-1"],
                           capture_output=True, text=True, timeout=20)
        return r.stdout.strip() if r.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def parse_export(path: str = EXPORT) -> list[tuple[int, int, str]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            page, token, name = line.rstrip("\n").split("\t")
            rows.append((int(page), int(token, 16), name))
    return rows


def render(rows, lib_path: str) -> str:
    with open(lib_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    head = [
        "# libwbxml's ActiveSync tag table (WBXML_LANG_ACTIVESYNC = 2402), in the library's order.",
        f"# Exported by tools/export_libwbxml_tags.py from Debian's {package_version()}:",
        f"# {lib_path} (sha256 {digest}),",
        "# via wbxml_tables_get_table(2402)->tagTable.  Evidence for tests/test_tag_pins.py;",
        "# never written from wbxml_tables/.  Columns: page, token, libwbxml's name.",
    ]
    return "\n".join(head + [f"{p}\t0x{t:02X}\t{n}" for p, t, n in rows]) + "\n"


def main(argv: list[str]) -> int:
    lib, where = load_library()
    if lib is None:
        print(f"libwbxml2 not loadable ({where}); apt-get install -y libwbxml2-1",
              file=sys.stderr)
        return 2
    rows = read_tags(lib)
    if "--check" in argv:
        same = parse_export() == rows
        print("export matches the library" if same else "export DIFFERS from the library")
        return 0 if same else 1
    with open(EXPORT, "w", encoding="utf-8") as f:
        f.write(render(rows, where))
    print(f"wrote {len(rows)} tags to {os.path.relpath(EXPORT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
