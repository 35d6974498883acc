"""The ``fastwbxml`` command (also ``python -m fastwbxml``).

    fastwbxml decode [FILE] [--fragment] [--page N] [--hex|--base64] [--strict]   WBXML -> XML
    fastwbxml encode [FILE] [-o OUT] [--fragment]                                 XML -> WBXML
    fastwbxml dump   [FILE] [--fragment] [--page N] [--hex|--base64]              token listing

FILE defaults to standard input ('-').  ``--hex`` reads the input as hex text (spaces,
commas, ``0x`` and newlines allowed, as in [MS-ASWBXML]'s examples and TbSync's log; or an
``xxd`` / ``hexdump -C`` dump with offsets); ``--base64`` as base64 text (whitespace and a
log label such as Z-Push's ``WBXML-IN :`` ignored).  See :mod:`fastwbxml.logtext`.  Errors
print their byte offset (or the position in the text) and the command exits with status 1
(2 for usage errors).
"""
from __future__ import annotations

import argparse
import sys

from . import IMPLEMENTATION, __version__
from ._api import dumps, dumps_fragment, loads_document, loads_fragment
from ._header import EAS_HEADER
from .dump import dump
from .errors import WBXMLError
from .logtext import LogTextError, from_base64, from_hex
from .xmlview import from_xml, to_xml


def _read(path: str, text_form: str | None = None) -> bytes:
    """The bytes of *path* ('-': stdin); *text_form* "hex" or "base64" decodes log text."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    if text_form == "hex":
        return from_hex(data)
    if text_form == "base64":
        return from_base64(data)
    return data


def _write(path: str | None, data: bytes) -> None:
    if path in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        with open(path, "wb") as f:
            f.write(data)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="fastwbxml", description="WBXML codec for Exchange ActiveSync")
    ap.add_argument("--version", action="version",
                    version=f"fastwbxml {__version__} ({IMPLEMENTATION} core)")
    sub = ap.add_subparsers(dest="command", required=True)
    for name, helptext in (("decode", "WBXML to XML"), ("dump", "annotated token listing")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", nargs="?", default="-")
        p.add_argument("--fragment", action="store_true", help="header-less body fragment")
        p.add_argument("--page", type=int, default=0, help="initial code page of a fragment")
        form = p.add_mutually_exclusive_group()
        form.add_argument("--hex", dest="text_form", action="store_const", const="hex",
                          help="input is hex text (TbSync log, xxd / hexdump -C dump)")
        form.add_argument("--base64", dest="text_form", action="store_const",
                          const="base64", help="input is base64 text (Z-Push log)")
        if name == "decode":
            p.add_argument("--strict", action="store_true", help="reject unknown tags")
            p.add_argument("-o", "--output", default=None)
    p = sub.add_parser("encode", help="XML to WBXML")
    p.add_argument("file", nargs="?", default="-")
    p.add_argument("-o", "--output", default=None)
    p.add_argument("--fragment", action="store_true", help="write a header-less fragment")
    args = ap.parse_args(argv)
    try:
        if args.command == "dump":
            return dump(_read(args.file, args.text_form), fragment=args.fragment, page=args.page)
        if args.command == "decode":
            data = _read(args.file, args.text_form)
            if args.fragment:
                roots = loads_fragment(data, page=args.page, strict=args.strict)
                xml = "".join(to_xml(r) for r in roots)
            else:
                doc = loads_document(data, strict=args.strict)
                xml = to_xml(doc.root)
                if doc.header != EAS_HEADER:
                    xml = f"<!-- WBXML header: {doc.header!r} -->\n" + xml
            _write(args.output, xml.encode("utf-8"))
            return 0
        # encode
        text = _read(args.file)
        root = from_xml(text)
        _write(args.output, dumps_fragment([root]) if args.fragment else dumps(root))
        return 0
    except WBXMLError as exc:
        print(f"fastwbxml: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    except LogTextError as exc:
        print(f"fastwbxml: input is not {args.text_form}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"fastwbxml: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
