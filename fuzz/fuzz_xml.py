#!/usr/bin/env python3
"""atheris target: the XML reader (fastwbxml.from_xml) on arbitrary bytes, then both
encoders and the XML/WBXML round trips.  See fuzz/README.md; run with

    fuzz/run.sh xml SECONDS
"""
import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
with atheris.instrument_imports(include=["fastwbxml"]):
    import _contract


def TestOneInput(data: bytes) -> None:
    _contract.check_xml(data)


def main():
    if _contract.NATIVE is None and not os.environ.get("FASTWBXML_FUZZ_ALLOW_PYTHON_ONLY"):
        sys.exit("fuzz_xml: the native core is not built")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
