#!/usr/bin/env python3
"""atheris target: the decoders (loads_document, loads_fragment, iterparse + skip) on
arbitrary bytes, native against pure Python.  See fuzz/README.md; run with

    fuzz/run.sh decode SECONDS
"""
import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
with atheris.instrument_imports(include=["fastwbxml"]):
    import _contract


# FASTWBXML_FUZZ_DIFF_EVERY=N: native paths on every input, the full native-vs-Python
# comparison on one input in N (by CRC-32); 1 (the default) compares every input.
DIFF_EVERY = int(os.environ.get("FASTWBXML_FUZZ_DIFF_EVERY", "1"))


def TestOneInput(data: bytes) -> None:
    if DIFF_EVERY <= 1:
        _contract.check_decode(data)
    elif _contract.zlib.crc32(data) % DIFF_EVERY == 0:
        _contract.check_decode(data)
    else:
        _contract.check_decode_native(data)


def main():
    if _contract.NATIVE is None and not os.environ.get("FASTWBXML_FUZZ_ALLOW_PYTHON_ONLY"):
        sys.exit("fuzz_decode: the native core is not built (set "
                 "FASTWBXML_FUZZ_ALLOW_PYTHON_ONLY=1 to fuzz the Python codec alone)")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
