"""The fastwbxml command."""
import subprocess
import sys

import pytest

import fastwbxml
from fastwbxml.cli import main

from .test_codec import MR_BYTES


def run(args, stdin=b""):
    p = subprocess.run([sys.executable, "-m", "fastwbxml", *args], input=stdin,
                       capture_output=True)
    return p.returncode, p.stdout, p.stderr


def test_decode_encode_round_trip(tmp_path):
    f = tmp_path / "mr.wbxml"
    f.write_bytes(MR_BYTES)
    code, out, err = run(["decode", str(f)])
    assert code == 0, err
    assert b'<MeetingResponse xmlns="MeetingResponse:">' in out
    assert b"<RequestId>6:17</RequestId>" in out
    code, wb, err = run(["encode"], stdin=out)
    assert code == 0, err
    assert wb == MR_BYTES


def test_decode_hex_and_fragment(tmp_path, capsysbinary):
    f = tmp_path / "x.hex"
    f.write_text(" ".join(f"{b:02x}" for b in MR_BYTES))
    assert main(["decode", "--hex", str(f)]) == 0
    assert b"<UserResponse>1</UserResponse>" in capsysbinary.readouterr().out
    g = tmp_path / "frag.wbxml"
    g.write_bytes(b"\x0b\x00\x04\x4c\x03x\x00\x01")
    assert main(["decode", "--fragment", str(g)]) == 0
    assert b"<SyncKey" in capsysbinary.readouterr().out


def test_dump_lists_tokens_with_offsets():
    code, out, err = run(["dump"], stdin=MR_BYTES)
    assert code == 0, err
    text = out.decode()
    assert "00000000  03" in text and "WBXML version 1.3" in text
    assert "00000004  00 08" in text and "SWITCH_PAGE → MeetingResponse (8)" in text
    assert "00000006  47" in text and "<MeetingResponse>" in text
    assert "STR_I '6:17'" in text and "END </RequestId>" in text


def test_errors_print_offset_and_exit_nonzero():
    bad = b"\x03\x01\x6a\x00\x45\x4b\x03ab"
    code, out, err = run(["decode"], stdin=bad)
    assert code == 1
    assert b"TruncatedError" in err and b"offset 6" in err
    code, out, err = run(["dump"], stdin=bad)
    assert code == 1
    assert b"<Sync>" in out and b"error: TruncatedError" in out and b"offset 6" in out
    code, out, err = run(["encode"], stdin=b"<Sync xmlns='AirSync:'><Nope/></Sync>")
    assert code == 1 and b"EncodeError" in err and b"Nope" in err
    code, out, err = run(["decode", "/nonexistent/file"])
    assert code == 1


def test_console_script_entry_point_declared():
    import pathlib
    tomllib = pytest.importorskip("tomllib")
    meta = tomllib.loads((pathlib.Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert meta["project"]["scripts"]["fastwbxml"] == "fastwbxml.cli:main"


def test_version_flag(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert fastwbxml.__version__ in capsys.readouterr().out


# -- the listing follows the codec's own reader: same tokens, same errors ------------------
def _dump_error(data, **kw):
    from fastwbxml.dump import dump_lines
    rows = []
    try:
        for row in dump_lines(data, **kw):
            rows.append(row)
    except fastwbxml.WBXMLError as exc:
        return rows, exc
    return rows, None


@pytest.mark.parametrize("data", [
    b"",                                             # no header
    b"\x03\x01\x6a\x05ab",                           # string table past the end
    b"\x03\x80\x01\x6a\x00\x45\x01",                 # non-minimal public id
    b"\x03\x01\x03\x00\x45\x01",                     # charset not UTF-8
    b"\x03\x01\x6a\x00\x45\x4b\x03ab",               # unterminated STR_I
    b"\x03\x01\x6a\x00\x45\x4b\x03\xff\x00\x01\x01",  # invalid UTF-8
    b"\x03\x01\x6a\x00\x45\x4b\xc3\x05ab\x01\x01",   # OPAQUE past the end
    b"\x03\x01\x6a\x00\x45\x00\x63\x01",             # SWITCH_PAGE to an unknown page
    b"\x03\x01\x6a\x00\x45\x01\x01",                 # END after the root
    b"\x03\x01\x6a\x00\x45\x4b\x01",                 # input ends inside an element
    b"\x03\x01\x6a\x00\x45\x04\x01",                 # LITERAL
])
def test_dump_errors_are_the_codecs_errors(data):
    rows, exc = _dump_error(data)
    with pytest.raises(fastwbxml.WBXMLError) as want:
        fastwbxml.loads_document(data)
    assert exc is not None
    assert (type(exc), exc.offset, str(exc)) == (type(want.value), want.value.offset,
                                                  str(want.value))
    assert all(off < exc.offset or exc.offset == 0 for off, *_ in rows)


def test_dump_lists_every_token_of_a_message_with_redundant_switches():
    # switch to the current page before the root, a needed switch to Email, a switch
    # before a string, one before END, a content-less element, OPAQUE, a non-EAS header
    data = (b"\x03\x00\x02\x6a\x04ab\x00\x00" + b"\x00\x00\x45\x00\x02\x54\x00\x05\x03x\x00"
            b"\x01\x00\x00\x0e\x4e\xc3\x02\x00\xff\x01\x01")
    rows, exc = _dump_error(data)
    assert exc is None
    listed = [(off, hx, meaning) for off, hx, _, meaning in rows]
    assert listed[:5] == [
        (0, "03", "WBXML version 1.3"), (1, "00", "public id 0"),
        (2, "02", "public id string at index 2"), (3, "6A", "charset MIBenum 106 (UTF-8)"),
        (4, "04", "string table length 4")]
    assert listed[5] == (5, "61 62 00 00", "string table b'ab\\x00\\x00'")
    body = [(off, meaning) for off, _, meaning in listed[6:]]
    assert body == [
        (9, "SWITCH_PAGE → AirSync (0)"), (11, "<Sync> token 0x05, content follows"),
        (12, "SWITCH_PAGE → Email (2)"), (14, "<Subject> token 0x14, content follows"),
        (15, "SWITCH_PAGE → Move (5)"), (17, "STR_I 'x'"), (20, "END </Subject>"),
        (21, "SWITCH_PAGE → AirSync (0)"), (23, "<Status/> token 0x0E, no content"),
        (24, "<Status> token 0x0E, content follows"), (25, "OPAQUE 2 bytes b'\\x00\\xff'"),
        (29, "END </Status>"), (30, "END </Sync>")]
    assert fastwbxml.dumps(fastwbxml.loads_document(data)) == data
