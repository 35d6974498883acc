"""The WBXML global tokens and the event names: the vocabulary every reader shares.

A WBXML body is a stream of one-byte tokens.  Bytes whose low six bits are 0x00-0x04 (and
0x43, 0x83, 0xC3 ...) are *global* tokens with the same meaning on every code page; every
other byte is a tag of the current page (low 6 bits the token, 0x40 the content bit, 0x80
the attribute bit).  EAS uses four globals: SWITCH_PAGE, END, STR_I and OPAQUE.  The others
have names here only so that an error can say which one it refused.

The event names (``"start"``, ``"end"``, ``"text"``, ``"opaque"``) are the first item of
the pairs that both event readers yield; they are module constants so that the native and
the Python reader hand out the same string objects.

This module imports nothing: it is a leaf that every layer above may use.
"""

__all__ = ["SWITCH_PAGE", "END_TOKEN", "STR_I", "OPAQUE_TOKEN", "GLOBAL_NAMES",
           "START", "END", "TEXT", "OPAQUE"]

SWITCH_PAGE = 0x00
END_TOKEN = 0x01
STR_I = 0x03
OPAQUE_TOKEN = 0xC3

#: every global token's name (the byte -> its name in the WBXML 1.3 specification)
GLOBAL_NAMES = {
    0x00: "SWITCH_PAGE", 0x01: "END", 0x02: "ENTITY", 0x03: "STR_I", 0x04: "LITERAL",
    0x40: "EXT_I_0", 0x41: "EXT_I_1", 0x42: "EXT_I_2", 0x43: "PI", 0x44: "LITERAL_C",
    0x80: "EXT_T_0", 0x81: "EXT_T_1", 0x82: "EXT_T_2", 0x83: "STR_T", 0x84: "LITERAL_A",
    0xC0: "EXT_0", 0xC1: "EXT_1", 0xC2: "EXT_2", 0xC3: "OPAQUE", 0xC4: "LITERAL_AC",
}

# the events of iterparse()/EventReader
START, END, TEXT, OPAQUE = "start", "end", "text", "opaque"
