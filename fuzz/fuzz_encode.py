#!/usr/bin/env python3
"""atheris target: the encoders on fuzz-generated trees (native and pure-Python Element
classes, both codecs), then decode back.  See fuzz/README.md; run with

    fuzz/run.sh encode SECONDS
"""
import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
with atheris.instrument_imports(include=["fastwbxml"]):
    import _contract
    from fastwbxml import element as _element


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    cls = _element.ELEMENT_TYPES[fdp.ConsumeIntInRange(0, len(_element.ELEMENT_TYPES) - 1)]
    fragment = fdp.ConsumeIntInRange(0, 3) == 0
    page = _contract.PAGE_NUMBERS[fdp.ConsumeIntInRange(0, len(_contract.PAGE_NUMBERS) - 1)]
    _contract.check_drawn_tree(fdp, cls, page if fragment else None)


def main():
    if _contract.NATIVE is None and not os.environ.get("FASTWBXML_FUZZ_ALLOW_PYTHON_ONLY"):
        sys.exit("fuzz_encode: the native core is not built")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
