"""Every token and every protocol version in wbxml_tables/, pinned against outside evidence.

``tests/data/tag_pins.tsv`` has one row per tag: page, tag, token, versions and where the
token comes from (its header says how to read it).  These tests fail when wbxml_tables/ and
the pins disagree in anything -- a token, a since/until, a tag on one side only -- so a
swapped pair of tokens, a wrong version or an unpinned new tag all turn the suite red.

The pins are not taken on trust either: a row whose evidence is libwbxml must match
``tests/data/libwbxml_activesync_tags.tsv``, libwbxml's ActiveSync table exported from
Debian's ``libwbxml2-1`` by tools/export_libwbxml_tags.py; where that library is installed,
the export is compared with the running library too.  Every tag libwbxml knows must be in
wbxml_tables/ at the same page and token.  The remaining rows cite the specification or, for
page 254, the public code that documents it; the Find page is also checked against the
complete table printed in [MS-ASWBXML] 2.1.2.1.26.
"""
from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import export_libwbxml_tags  # noqa: E402
import gen_tables  # noqa: E402

PINS = os.path.join(ROOT, "tests", "data", "tag_pins.tsv")
VERSIONS = gen_tables.VERSIONS


def parse_versions(text: str) -> tuple[str, str | None]:
    """``"A+"`` -> (A, None); ``"A..B"`` -> (A, B); ``"A"`` -> (A, A)."""
    if text.endswith("+"):
        since, until = text[:-1], None
    elif ".." in text:
        since, until = text.split("..")
    else:
        since = until = text
    assert since in VERSIONS and (until is None or until in VERSIONS), text
    return since, until


def load_pins() -> dict[tuple[str, str], tuple[int, str, str | None, str]]:
    pins = {}
    with open(PINS, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
    assert lines[0].split("\t") == ["page", "tag", "token", "versions", "evidence"]
    for line in lines[1:]:
        page, tag, token, versions, evidence = line.split("\t")
        assert (page, tag) not in pins, f"pinned twice: {page}:{tag}"
        pins[(page, tag)] = (int(token, 16), *parse_versions(versions), evidence)
    return pins


def load_tables() -> dict[tuple[str, str], tuple[int, int, str, str | None]]:
    out = {}
    for page, name, _x, _p, rows in gen_tables.load_tables(os.path.join(ROOT, "wbxml_tables")):
        for token, tag, _kind, since, until in rows:
            out[(name, tag)] = (page, token, since, until)
    return out


@pytest.fixture(scope="module")
def pins():
    return load_pins()


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def libwbxml():
    """{(page, token): {libwbxml names}} from the committed export."""
    out: dict[tuple[int, int], set[str]] = {}
    for page, token, name in export_libwbxml_tags.parse_export():
        out.setdefault((page, token), set()).add(name)
    return out


def test_every_tag_is_pinned(pins, tables):
    unpinned = sorted(set(tables) - set(pins))
    assert not unpinned, (
        f"wbxml_tables/ has tags with no pin in tests/data/tag_pins.tsv: "
        f"{[f'{p}:{t} 0x{tables[(p, t)][1]:02X}' for p, t in unpinned]} -- add a row with "
        f"its token, versions and evidence")


def test_every_pin_is_in_the_tables(pins, tables):
    gone = sorted(set(pins) - set(tables))
    assert not gone, f"pinned tags missing from wbxml_tables/: {gone}"


def test_tokens_match_the_pins(pins, tables):
    wrong = [(f"{p}:{t}", f"table 0x{tables[(p, t)][1]:02X}", f"pin 0x{pins[(p, t)][0]:02X}")
             for p, t in sorted(set(pins) & set(tables)) if tables[(p, t)][1] != pins[(p, t)][0]]
    assert not wrong, wrong


def test_versions_match_the_pins(pins, tables):
    wrong = [(f"{p}:{t}", "table", tables[(p, t)][2:], "pin", pins[(p, t)][1:3])
             for p, t in sorted(set(pins) & set(tables)) if tables[(p, t)][2:] != pins[(p, t)][1:3]]
    assert not wrong, wrong


def test_pins_agree_with_libwbxml(pins, tables, libwbxml):
    """A libwbxml row's token is libwbxml's token for that name (or for the alias it gives)."""
    checked = 0
    for (page_name, tag), (token, _s, _u, evidence) in pins.items():
        if not evidence.startswith("libwbxml"):
            continue
        page = tables[(page_name, tag)][0] if (page_name, tag) in tables else None
        assert page is not None, (page_name, tag)
        name = evidence.split("=", 1)[1] if "=" in evidence else tag
        assert name in libwbxml.get((page, token), set()), (
            f"{page_name}:{tag}: libwbxml has no {name!r} at page {page} token 0x{token:02X} "
            f"(it has {sorted(libwbxml.get((page, token), []))})")
        if "=" in evidence:
            assert name != tag, f"{page_name}:{tag}: write plain 'libwbxml' for the same name"
        checked += 1
    assert checked >= 619  # every tag libwbxml 0.11.8 has (16.x additions and pages 25/254 aside)


def test_every_libwbxml_tag_is_in_the_tables(libwbxml, tables):
    ours = {(page, token) for page, token, _s, _u in tables.values()}
    missing = sorted(set(libwbxml) - ours)
    assert not missing, f"libwbxml tokens wbxml_tables/ does not define: {missing}"


def test_evidence_is_named(pins):
    allowed = ("libwbxml", "MS-ASWBXML 2.1.2.1.", "Syncroton CodePage254",
               "Exchange EasStringArrays.WindowsLive", "Exchange server table WbxmlSchema30",
               "Z-Push wbxmldefs.php")
    bad = [(k, v[3]) for k, v in pins.items() if not v[3].startswith(allowed)]
    assert not bad, bad


def test_find_page_is_the_spec_table(pins, tables):
    # [MS-ASWBXML] 2.1.2.1.26, the whole table as printed (all 16.1)
    spec = {"Find": 0x05, "SearchId": 0x06, "ExecuteSearch": 0x07,
            "MailBoxSearchCriterion": 0x08, "Query": 0x09, "Status": 0x0A, "FreeText": 0x0B,
            "Options": 0x0C, "Range": 0x0D, "DeepTraversal": 0x0E, "Response": 0x11,
            "Result": 0x12, "Properties": 0x13, "Preview": 0x14, "HasAttachments": 0x15,
            "Total": 0x16, "DisplayCc": 0x17, "DisplayBcc": 0x18, "GalSearchCriterion": 0x19,
            "MaxPictures": 0x20, "MaxSize": 0x21, "Picture": 0x22}
    got = {t: v[1] for (p, t), v in tables.items() if p == "Find"}
    assert got == spec
    assert {tables[("Find", t)][2:] for t in spec} == {("16.1", None)}


def test_export_matches_the_installed_library():
    """The committed export is what Debian's libwbxml2 really contains (when it is here)."""
    lib, where = export_libwbxml_tags.load_library()
    if lib is None:
        pytest.skip(f"libwbxml2 not installed ({where}); the committed export is used")
    assert export_libwbxml_tags.read_tags(lib) == export_libwbxml_tags.parse_export()


def test_export_has_its_provenance():
    with open(export_libwbxml_tags.EXPORT, encoding="utf-8") as f:
        head = [next(f) for _ in range(5)]
    text = "".join(head)
    assert "libwbxml2-1 0.11.8" in text and "sha256 " in text and "wbxml_tables_get_table" in text
    assert len(export_libwbxml_tags.parse_export()) == 621
