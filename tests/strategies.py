"""Hypothesis strategies for random WBXML trees over every code page."""
from hypothesis import strategies as st

from fastwbxml import Element, tables

ALL_TAGS = sorted(tables.TAGS)
RAW_TAGS = sorted(
    f"{cp.name}:Unknown_0x{tok:02X}"
    for cp in tables.PAGES.values() for tok in range(0x05, 0x40)
    if tables.TAG_NAMES[cp.number][tok] is None)

tags = st.one_of(st.sampled_from(ALL_TAGS), st.sampled_from(RAW_TAGS)) if RAW_TAGS \
    else st.sampled_from(ALL_TAGS)
# any Unicode except NUL and lone surrogates (not encodable as UTF-8)
strings = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                  max_size=40) | st.sampled_from(["", "\r\n", "a\rb", "\x01\x02", "é€😀", " "])
opaques = st.binary(max_size=60)


def leaves():
    return st.one_of(
        st.builds(lambda t: Element(t), tags),
        st.builds(lambda t: Element(t, content_bit=True), tags),
        st.builds(lambda t, s: Element(t, s), tags, strings),
        st.builds(lambda t, b: Element(t, b), tags, opaques),
    )


def trees(max_leaves=40):
    return st.recursive(
        leaves(),
        lambda children: st.builds(lambda t, cs: Element(t, None, cs), tags,
                                   st.lists(children, min_size=1, max_size=6)),
        max_leaves=max_leaves)


def deep_tree(depth: int, tag: str = "AirSync:Collection") -> Element:
    root = e = Element(tag)
    for _ in range(depth - 1):
        c = Element(tag)
        e.append(c)
        e = c
    return root
