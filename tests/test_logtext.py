"""Bodies pasted from server logs: base64 (Z-Push, grommunio-sync), hex (TbSync), and hex
dumps with offsets (xxd, hexdump -C), through fastwbxml.logtext and the command line."""
import base64
import shutil
import subprocess

import pytest

from fastwbxml.cli import main
from fastwbxml.logtext import LogTextError, from_base64, from_hex

from .test_codec import MR_BYTES

# a Sync with a long string, so dumps span several lines (and hexdump repeats a line)
LONG = (b"\x03\x01\x6a\x00\x45\x5c\x4f\x4b\x03" + b"Zo\xc3\xab " + b"A" * 70 + b"\x00\x01\x01\x01\x01")


def test_base64_multiline_with_zpush_label():
    b64 = base64.b64encode(LONG).decode()
    pasted = "27/11/2026 10:01:02 [ 4711] [WBXML] [bob] WBXML-IN : " + "\n".join(
        b64[i:i + 19] for i in range(0, len(b64), 19)) + "\n"
    assert from_base64(pasted) == LONG
    assert from_base64(pasted.encode()) == LONG
    # padding may be missing; URL-safe alphabet accepted
    assert from_base64(base64.b64encode(MR_BYTES).decode().rstrip("=")) == MR_BYTES
    assert from_base64(base64.urlsafe_b64encode(b"\xfb\xff\xfe")) == b"\xfb\xff\xfe"


@pytest.mark.parametrize("text,position,reason", [
    ("AwFq\nAE!V", 7, "bad base64 character '!'"),
    ("AwFqAEV=A", 8, "data after '=' padding"),
    ("AwFqAEVé", 7, "bad base64 character 'é'"),
])
def test_base64_error_names_position(text, position, reason):
    with pytest.raises(LogTextError) as info:
        from_base64(text)
    assert info.value.position == position
    assert reason in str(info.value) and f"at position {position}" in str(info.value)


def test_base64_error_line_and_column_and_whole_text_faults():
    with pytest.raises(LogTextError, match=r"position 9 \(line 2, column 4\)"):
        from_base64("AwFqA\nAEV*")
    with pytest.raises(LogTextError, match="truncated base64: 5 characters"):
        from_base64("AwFqA")
    with pytest.raises(LogTextError, match="no base64 data"):
        from_base64("WBXML-IN : \n")


def test_hex_plain_forms():
    spaced = " ".join(f"{b:02X}" for b in MR_BYTES)
    assert from_hex(spaced) == MR_BYTES                                   # TbSync
    assert from_hex(MR_BYTES.hex()) == MR_BYTES
    assert from_hex(", ".join(f"0x{b:02x}" for b in MR_BYTES)) == MR_BYTES
    assert from_hex("03 01\r\n6A 00\n") == b"\x03\x01\x6a\x00"


def test_hex_errors():
    with pytest.raises(LogTextError) as info:
        from_hex("03 01 6A 0")
    assert "odd number of hex digits (7)" in str(info.value) and info.value.position is None
    with pytest.raises(LogTextError) as info:
        from_hex("03 01\n6G 00")
    assert info.value.position == 7 and "not a hex digit: 'G'" in str(info.value)
    assert "line 2, column 2" in str(info.value)


HEXDUMP_C = """\
00000000  03 01 6a 00 45 5c 4f 4b  03 31 00 01 01 01 61 62  |..j.E\\OK.1....ab|
00000010  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|
*
00000030  63 64                                             |cd|
00000032
"""
XXD = """\
00000000: 0301 6a00 4561 6263 6465 6667 6869 6a6b  ..j.Eabcdefghijk
00000010: 6c6d 6e6f 7071                           lmnopq
"""


def test_hex_dumps_with_offsets_literal():
    assert from_hex(HEXDUMP_C) == (b"\x03\x01\x6a\x00\x45\x5c\x4f\x4b\x03\x31\x00\x01\x01\x01ab"
                                   + b"A" * 32 + b"cd")
    assert from_hex(XXD) == b"\x03\x01\x6a\x00Eabcdefghijklmnopq"


@pytest.mark.parametrize("tool", [["xxd"], ["hexdump", "-C"]])
def test_hex_dumps_of_the_real_tools(tool):
    if not shutil.which(tool[0]):
        pytest.skip(f"{tool[0]} is not installed")
    dumped = subprocess.run(tool, input=LONG, capture_output=True, check=True).stdout
    assert from_hex(dumped) == LONG


def test_hex_dump_offset_mismatch_is_an_error():
    bad = XXD.replace("00000010:", "00000012:")
    with pytest.raises(LogTextError, match=r"dump offset 0x12 does not follow the 16 bytes"):
        from_hex(bad)


def test_cli_decode_and_dump_base64_from_stdin_and_file(tmp_path, capsysbinary, monkeypatch):
    import io
    import sys
    b64 = base64.encodebytes(LONG)                     # 76-column lines
    f = tmp_path / "log.txt"
    f.write_bytes(b"WBXML 10K debug data: " + b64)
    assert main(["decode", "--base64", str(f)]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert "<SyncKey>Zoë AAAA" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(base64.b64encode(MR_BYTES))))
    assert main(["dump", "--base64"]) == 0
    assert "STR_I '6:17'" in capsysbinary.readouterr().out.decode()


def test_cli_reports_bad_text_and_exits_1(tmp_path, capsys):
    f = tmp_path / "bad.txt"
    f.write_text("AwFq#AEV")
    assert main(["decode", "--base64", str(f)]) == 1
    assert "input is not base64: bad base64 character '#' at position 4" in capsys.readouterr().err
    f.write_text("03 01 6a 0")
    assert main(["dump", "--hex", str(f)]) == 1
    assert "input is not hex: odd number of hex digits (7)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["decode", "--hex", "--base64", str(f)])
    assert info.value.code == 2
