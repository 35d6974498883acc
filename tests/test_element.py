"""The tree API (ElementTree-like)."""
import copy
import xml.etree.ElementTree as ET

import pytest

import fastwbxml
from fastwbxml import Element, SubElement


def sample():
    root = Element("AirSync:Sync")
    coll = SubElement(SubElement(root, "Collections"), "Collection")
    SubElement(coll, "SyncKey", "1")
    cmds = SubElement(coll, "Commands")
    for i in range(3):
        add = SubElement(cmds, "Add")
        SubElement(add, "ServerId", f"1:{i}")
        app = SubElement(add, "ApplicationData")
        SubElement(app, "Email:Subject", f"s{i}")
    return root


def test_subelement_qualifies_with_parent_page():
    root = sample()
    assert root[0].tag == "AirSync:Collections"
    assert root[0][0][1][0][1][0].tag == "Email:Subject"


def test_list_behaviour():
    root = sample()
    cmds = root.find("Collections/Collection/Commands")
    assert len(cmds) == 3 and [c.tag for c in cmds] == ["AirSync:Add"] * 3
    assert cmds[-1].findtext("ServerId") == "1:2"
    assert [e.findtext("ServerId") for e in cmds[0:2]] == ["1:0", "1:1"]
    del cmds[0]
    assert len(cmds) == 2
    first = cmds[0]
    cmds.remove(first)
    assert len(cmds) == 1
    cmds.insert(0, first)
    cmds[1] = Element("AirSync:Delete")
    assert [c.tag for c in cmds] == ["AirSync:Add", "AirSync:Delete"]
    with pytest.raises(ValueError):
        cmds.remove(Element("AirSync:Add"))
    leaf = Element("AirSync:Status", "1")
    assert len(leaf) == 0 and list(leaf) == [] and leaf[:] == []
    with pytest.raises(IndexError):
        leaf[0]
    assert bool(leaf) is True


def test_find_paths():
    root = sample()
    assert root.findtext("Collections/Collection/SyncKey") == "1"
    assert len(root.findall("Collections/Collection/Commands/Add")) == 3
    assert [e.text for e in root.iterfind(".//Email:Subject")] == ["s0", "s1", "s2"]
    assert [e.text for e in root.findall("Collections//Email:Subject")] == ["s0", "s1", "s2"]
    assert len(root.findall("Collections/*/*")) == 2
    assert root.find("Collections/Nope") is None
    assert root.findtext("Collections/Nope", "dflt") == "dflt"
    assert root.find("./Collections").tag == "AirSync:Collections"
    # unqualified names resolve in the page of the element searched from
    app = root.find(".//ApplicationData")
    assert app.find("Subject") is None and app.find("Email:Subject").text == "s0"
    assert Element("AirSync:Status", content_bit=True).findtext(".") == ""


def test_iter():
    root = sample()
    assert len(list(root.iter())) == 1 + 1 + 1 + 1 + 1 + 3 * 4
    assert [e.text for e in root.iter("AirSync:ServerId")] == ["1:0", "1:1", "1:2"]
    assert list(root.itertext()) == ["1", "1:0", "s0", "1:1", "s1", "1:2", "s2"]


def test_equality_is_structural_and_type_aware():
    assert sample() == sample()
    a, b = sample(), sample()
    b.find(".//Email:Subject").text = "other"
    assert a != b
    assert Element("AirSync:Status", "1") != Element("AirSync:Status", b"1")
    assert Element("AirSync:Status") != Element("AirSync:Status", content_bit=True)
    assert Element("AirSync:Status", "") != Element("AirSync:Status", content_bit=True)
    assert Element("AirSync:Status", b"1") == Element("AirSync:Status", bytearray(b"1"))
    assert Element("AirSync:Status") != "AirSync:Status"


def test_copy_is_deep():
    a = sample()
    b = copy.deepcopy(a)
    c = a.copy()
    assert a == b == c
    b.find(".//Email:Subject").text = "x"
    c[0].append(Element("AirSync:Status"))
    assert a == sample()


def test_name_and_namespace_and_repr():
    e = Element("Calendar:Attendee")
    assert e.namespace == "Calendar" and e.name == "Attendee"
    assert "Calendar:Attendee" in repr(e)
    assert "content bit" in repr(Element("AirSync:Status", content_bit=True))
    assert "b'ab'" in repr(Element("ComposeMail:Mime", b"ab"))


def test_clear():
    e = sample()
    e.clear()
    assert len(e) == 0 and e.text is None and not e.content_bit


def test_etree_conversion_round_trip():
    root = sample()
    root.append(Element("ComposeMail:Mime", b"\x00\xff"))
    root.append(Element("AirSync:Status", content_bit=True))
    et = root.to_etree()
    assert isinstance(et, ET.Element)
    assert et.tag == "{AirSync:}Sync"
    assert et.find("{AirSync:}Collections/{AirSync:}Collection/{AirSync:}SyncKey").text == "1"
    assert et.find(".//{POOMMAIL:}Subject").text == "s0"
    assert Element.from_etree(et) == root
    assert fastwbxml.from_etree(fastwbxml.to_etree(root)) == root


def test_copy_and_pickle_build_the_class_in_use():
    """Whichever node class an element is, ``copy()``, ``deepcopy`` and pickles give the
    class in use (``fastwbxml.Element``): one tree class per process."""
    import pickle

    from fastwbxml import element
    for cls in element.ELEMENT_TYPES:
        e = cls("AirSync:Sync", None, [cls("AirSync:Status", "1")])
        for twin in (e.copy(), copy.deepcopy(e), pickle.loads(pickle.dumps(e))):
            assert type(twin) is fastwbxml.Element and type(twin[0]) is fastwbxml.Element
            assert twin == e
