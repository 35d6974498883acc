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
