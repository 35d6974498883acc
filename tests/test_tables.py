"""Check wbxml_tables/ against facts taken from [MS-ASWBXML] and the EAS class specs.

Every expected value below was looked up in the spec (or, where marked, in a public
implementation the table file cites); none is derived from the table files themselves.
"""
from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import gen_tables  # noqa: E402

VERSIONS = gen_tables.VERSIONS
TABLE_DIR = os.path.join(ROOT, "wbxml_tables")


@pytest.fixture(scope="module")
def pages():
    """{page number: (name, xmlns, prefix, {tag: (token, kind, since, until)})}"""
    out = {}
    for page, name, xmlns, prefix, rows in gen_tables.load_tables(TABLE_DIR):
        out[page] = (name, xmlns, prefix, {r[1]: (r[0], r[2], r[3], r[4]) for r in rows})
    return out


@pytest.fixture(scope="module")
def by_name(pages):
    return {v[0]: (k,) + v for k, v in pages.items()}


def tag(by_name, page_name, tag_name):
    return by_name[page_name][4][tag_name]


# --------------------------------------------------------------------------- pages

EXPECTED_PAGES = {
    0: ("AirSync", "AirSync:", "airsync"),
    1: ("Contacts", "POOMCONTACTS:", "contacts"),
    2: ("Email", "POOMMAIL:", "email"),
    3: ("AirNotify", "AirNotify:", "airnotify"),
    4: ("Calendar", "POOMCAL:", "calendar"),
    5: ("Move", "Move:", "move"),
    6: ("GetItemEstimate", "GetItemEstimate:", "itemestimate"),
    7: ("FolderHierarchy", "FolderHierarchy:", "folderhierarchy"),
    8: ("MeetingResponse", "MeetingResponse:", "meetingresponse"),
    9: ("Tasks", "POOMTASKS:", "tasks"),
    10: ("ResolveRecipients", "ResolveRecipients:", "resolverecipients"),
    11: ("ValidateCert", "ValidateCert:", "validatecert"),
    12: ("Contacts2", "POOMCONTACTS2:", "contacts2"),
    13: ("Ping", "Ping:", "ping"),
    14: ("Provision", "Provision:", "provision"),
    15: ("Search", "Search:", "search"),
    16: ("GAL", "Gal:", "gal"),
    17: ("AirSyncBase", "AirSyncBase:", "airsyncbase"),
    18: ("Settings", "Settings:", "settings"),
    19: ("DocumentLibrary", "DocumentLibrary:", "documentlibrary"),
    20: ("ItemOperations", "ItemOperations:", "itemoperations"),
    21: ("ComposeMail", "ComposeMail:", "composemail"),
    22: ("Email2", "POOMMAIL2:", "email2"),
    23: ("Notes", "Notes:", "notes"),
    24: ("RightsManagement", "RightsManagement:", "rm"),
    25: ("Find", "Find:", "find"),
    254: ("WindowsLive", "WindowsLive:", "windowslive"),
}


def test_exactly_the_expected_pages(pages):
    assert sorted(pages) == sorted(EXPECTED_PAGES)


@pytest.mark.parametrize("num", sorted(EXPECTED_PAGES))
def test_page_headers(pages, num):
    assert pages[num][:3] == EXPECTED_PAGES[num]


def test_file_names_match_page_headers():
    for fname in os.listdir(TABLE_DIR):
        if not fname.endswith(".txt"):
            continue
        with open(os.path.join(TABLE_DIR, fname), encoding="utf-8") as f:
            page, name = gen_tables.parse_table_text(f.read(), fname)[:2]
        assert fname == f"{page:03d}_{name}.txt"


def test_names_namespaces_prefixes_unique(pages):
    for idx in range(3):
        values = [v[idx] for v in pages.values()]
        assert len(values) == len(set(values)), values


def test_xmlns_has_trailing_colon(pages):
    for name, xmlns, _prefix, _tags in pages.values():
        assert xmlns.endswith(":") and xmlns.count(":") == 1, (name, xmlns)


def test_every_page_has_tags(pages):
    for name, _x, _p, tags in pages.values():
        assert tags, name


# --------------------------------------------------------------------------- parser

def test_parser_rejects_duplicate_token():
    text = "page 8\nname X\nxmlns X:\nprefix x\n0x05 A string 2.5 -\n0x05 B string 2.5 -\n"
    with pytest.raises(gen_tables.TableError, match="duplicate token"):
        gen_tables.parse_table_text(text)


def test_parser_rejects_duplicate_name():
    text = "page 8\nname X\nxmlns X:\nprefix x\n0x05 A string 2.5 -\n0x06 A string 2.5 -\n"
    with pytest.raises(gen_tables.TableError, match="duplicate tag name"):
        gen_tables.parse_table_text(text)


def test_tokens_unique_and_in_range(pages):
    for name, _x, _p, tags in pages.values():
        toks = [t[0] for t in tags.values()]
        assert len(toks) == len(set(toks)), name
        assert all(0x05 <= t <= 0x3F for t in toks), name


# --------------------------------------------------------------------------- tokens

# (page name, tag, token) -- [MS-ASWBXML] 2.1.2.1.x code page tables
SPEC_TOKENS = [
    # MeetingResponse, 2.1.2.1.9
    ("MeetingResponse", "CalendarId", 0x05),
    ("MeetingResponse", "CollectionId", 0x06),
    ("MeetingResponse", "MeetingResponse", 0x07),
    ("MeetingResponse", "RequestId", 0x08),
    ("MeetingResponse", "Request", 0x09),
    ("MeetingResponse", "Result", 0x0A),
    ("MeetingResponse", "Status", 0x0B),
    ("MeetingResponse", "UserResponse", 0x0C),
    ("MeetingResponse", "InstanceId", 0x0E),
    ("MeetingResponse", "ProposedStartTime", 0x10),
    ("MeetingResponse", "ProposedEndTime", 0x11),
    ("MeetingResponse", "SendResponse", 0x12),
    # AirSync
    ("AirSync", "Sync", 0x05),
    ("AirSync", "SyncKey", 0x0B),
    ("AirSync", "CollectionId", 0x12),
    ("AirSync", "Collections", 0x1C),
    ("AirSync", "ApplicationData", 0x1D),
    ("AirSync", "HeartbeatInterval", 0x29),
    # Contacts / Email / Calendar
    ("Contacts", "FileAs", 0x1E),
    ("Contacts", "BusinessAddressCity", 0x0D),
    ("Contacts", "WeightedRank", 0x3E),
    ("Email", "Att0Id", 0x09),
    ("Email", "MeetingRequest", 0x22),
    ("Email", "Recurrences", 0x27),
    ("Email", "ReplyTo", 0x19),
    ("Email", "DisallowNewTimeProposal", 0x3F),
    ("Calendar", "Email", 0x09),
    ("Calendar", "Name", 0x0A),
    ("Calendar", "AttendeeStatus", 0x29),
    ("Calendar", "ClientUid", 0x3C),
    # Provision / AirSyncBase / Settings
    ("Provision", "EASProvisionDoc", 0x0D),
    ("Provision", "AccountOnlyRemoteWipe", 0x3B),
    ("AirSyncBase", "Body", 0x0A),
    ("AirSyncBase", "NativeBodyType", 0x16),
    ("AirSyncBase", "Location", 0x20),
    ("AirSyncBase", "InstanceId", 0x2D),
    ("Settings", "SMTPAddress", 0x1F),
    ("Settings", "RightsManagementInformation", 0x2B),
    # ComposeMail / Email2 (IsDraft follows a gap at 0x14)
    ("ComposeMail", "SendMail", 0x05),
    ("ComposeMail", "Mime", 0x10),
    ("ComposeMail", "AccountId", 0x13),
    ("ComposeMail", "Forwardees", 0x15),
    ("Email2", "ConversationId", 0x09),
    ("Email2", "MeetingMessageType", 0x13),
    ("Email2", "IsDraft", 0x15),
    ("Email2", "Bcc", 0x16),
    ("Email2", "Send", 0x17),
    # Find, 2.1.2.1.26 (gaps at 0x0F-0x10 and 0x1A-0x1F)
    ("Find", "Find", 0x05),
    ("Find", "DeepTraversal", 0x0E),
    ("Find", "Response", 0x11),
    ("Find", "GalSearchCriterion", 0x19),
    ("Find", "MaxPictures", 0x20),
    ("Find", "Picture", 0x22),
    # Outlook.com page 254 (Syncroton CodePage254)
    ("WindowsLive", "Annotations", 0x05),
    ("WindowsLive", "Value", 0x08),
]


@pytest.mark.parametrize("page_name,tag_name,token", SPEC_TOKENS)
def test_spec_token(by_name, page_name, tag_name, token):
    assert tag(by_name, page_name, tag_name)[0] == token


def test_contacts2_page_matches_spec_exactly(by_name):
    # [MS-ASWBXML] 2.1.2.1.13: the complete page, every tag "All" versions.
    expected = ["CustomerId", "GovernmentId", "IMAddress", "IMAddress2", "IMAddress3",
                "ManagerName", "CompanyMainPhone", "AccountName", "NickName", "MMS"]
    tags = by_name["Contacts2"][4]
    assert sorted(tags, key=lambda t: tags[t][0]) == expected
    assert [tags[t][0] for t in expected] == list(range(0x05, 0x0F))
    assert all(tags[t][2:] == ("2.5", None) for t in expected)


def test_resolverecipients_page_matches_spec(by_name):
    # [MS-ASWBXML] 2.1.2.1.11, tags in token order from 0x05.
    expected = ["ResolveRecipients", "Response", "Status", "Type", "Recipient", "DisplayName",
                "EmailAddress", "Certificates", "Certificate", "MiniCertificate", "Options",
                "To", "CertificateRetrieval", "RecipientCount", "MaxCertificates",
                "MaxAmbiguousRecipients", "CertificateCount", "Availability", "StartTime",
                "EndTime", "MergedFreeBusy", "Picture", "MaxSize", "Data", "MaxPictures"]
    tags = by_name["ResolveRecipients"][4]
    assert [tags[t][0] for t in expected] == list(range(0x05, 0x05 + len(expected)))
    assert len(tags) == len(expected)
    for t in ("Availability", "StartTime", "EndTime", "MergedFreeBusy"):
        assert tags[t][2] == "14.0"
    for t in ("Picture", "MaxSize", "Data", "MaxPictures"):
        assert tags[t][2] == "14.1"


def test_find_page_is_16_1_only(by_name):
    tags = by_name["Find"][4]
    assert len(tags) == 22
    assert {v[2] for v in tags.values()} == {"16.1"}
    assert not {0x0F, 0x10} & {v[0] for v in tags.values()}


def test_libwbxml_style_names_absent(by_name):
    # The spec names calendar attendee fields Email/Name, not Attendee_Email etc.
    cal = by_name["Calendar"][4]
    for bad in ("Attendee_Email", "Attendee_Name", "Attendee_Status", "Recurrence_Type"):
        assert bad not in cal
    assert "FlagStatus" not in by_name["Email"][4]


# --------------------------------------------------------------------------- kinds

def test_opaque_kinds(by_name):
    assert tag(by_name, "ComposeMail", "Mime")[1] == "opaque"
    assert tag(by_name, "Email2", "ConversationId")[1] == "opaque"
    opaque = {(n, t) for n, v in by_name.items() for t, r in v[4].items() if r[1] == "opaque"}
    # [MS-ASDTYPE] 2.7.1: byte arrays MUST be OPAQUE (issue 10, item 13)
    assert opaque == {("ComposeMail", "Mime"), ("Email2", "ConversationId"),
                      ("Email2", "ConversationIndex"), ("GAL", "Data"),
                      ("ResolveRecipients", "Data"), ("ItemOperations", "ConversationId"),
                      ("AirSyncBase", "Content")}


def test_selected_kinds(by_name):
    assert tag(by_name, "AirSync", "Status")[1] == "string"
    assert tag(by_name, "AirSync", "Sync")[1] == "container"
    assert tag(by_name, "AirSync", "GetChanges")[1] == "any"
    assert tag(by_name, "AirSync", "MoreAvailable")[1] == "empty"
    assert tag(by_name, "AirSyncBase", "Data")[1] == "string"
    assert tag(by_name, "AirSyncBase", "Location")[1] == "container"
    assert tag(by_name, "Email", "TimeZone")[1] == "string"
    assert tag(by_name, "Calendar", "Timezone")[1] == "string"
    assert tag(by_name, "Email2", "Send")[1] == "empty"      # [MS-ASEMAIL] 2.2.2.69
    assert tag(by_name, "Provision", "Data")[1] == "any"     # text in 2.5, container in 12.0+
    assert tag(by_name, "MeetingResponse", "SendResponse")[1] == "container"


# --------------------------------------------------------------------------- versions

def _idx(v):
    return VERSIONS.index(v)


def test_versions_sane(pages):
    for name, _x, _p, tags in pages.values():
        for t, (_tok, _kind, since, until) in tags.items():
            assert since in VERSIONS, (name, t)
            if until is not None:
                assert until in VERSIONS and _idx(since) <= _idx(until), (name, t)
                assert until != "16.1", (name, t, "use '-' for current tags")


def test_no_page_has_only_removed_tags_except_airnotify(pages):
    for name, _x, _p, tags in pages.values():
        current = [t for t, v in tags.items() if v[3] is None]
        assert current or name == "AirNotify", name


@pytest.mark.parametrize("page_name,tag_name,since,until", [
    ("MeetingResponse", "InstanceId", "14.1", None),
    ("MeetingResponse", "SendResponse", "16.0", None),
    ("MeetingResponse", "ProposedStartTime", "16.1", None),
    ("MeetingResponse", "ProposedEndTime", "16.1", None),
    ("AirSync", "Truncation", "2.5", "2.5"),
    ("AirSync", "Wait", "12.1", None),
    ("AirSync", "ConversationMode", "14.0", None),
    ("Email", "Body", "2.5", "2.5"),
    ("Email", "Location", "2.5", "14.1"),          # [MS-ASEMAIL] 2.2.2.46
    ("Email", "Categories", "14.0", None),
    ("Calendar", "Location", "2.5", "14.1"),       # [MS-ASCAL] 2.2.2.27
    ("Calendar", "ClientUid", "16.0", None),
    ("Contacts", "Body", "2.5", "2.5"),            # [MS-ASCNTC] 2.2.2.7.1
    ("Email2", "IsDraft", "16.0", None),           # [MS-ASEMAIL] 2.2.2.42
    ("Email2", "Send", "16.0", None),              # [MS-ASEMAIL] 2.2.2.69
    ("Email2", "ConversationId", "14.0", None),    # [MS-ASEMAIL] 2.2.2.21
    ("ComposeMail", "Email", "16.0", None),        # [MS-ASCMD] 2.2.3.53
    ("ComposeMail", "Forwardee", "16.0", None),    # [MS-ASCMD] 2.2.3.78
    ("Settings", "SMTPAddress", "12.0", None),     # [MS-ASCMD] 2.2.3.171
    ("Settings", "PrimarySmtpAddress", "14.1", None),
    ("Provision", "AccountOnlyRemoteWipe", "16.1", None),
    ("AirSyncBase", "Location", "16.0", None),
])
def test_spec_versions(by_name, page_name, tag_name, since, until):
    assert tag(by_name, page_name, tag_name)[2:] == (since, until)


def test_airsyncbase_page_starts_at_12_0(by_name):
    # [MS-ASCNTC]/[MS-ASCAL]/[MS-ASEMAIL]: airsyncbase:Body is not used with protocol 2.5.
    assert all(_idx(v[2]) >= _idx("12.0") for v in by_name["AirSyncBase"][4].values())


def test_sixteen_x_pages_not_backdated(by_name):
    for n in ("ComposeMail", "Email2", "Notes"):
        assert all(_idx(v[2]) >= _idx("14.0") for v in by_name[n][4].values()), n
    assert all(_idx(v[2]) >= _idx("14.1") for v in by_name["RightsManagement"][4].values())


# --------------------------------------------------------------------------- example

# [MS-ASWBXML] section 3 (Protocol Examples): server response with a new contact.
SPEC_EXAMPLE_XML = """<?xml version="1.0" encoding="utf-8"?>
<Sync xmlns="AirSync" xmlns:airsyncbase="AirSyncBase" xmlns:contacts="Contacts">
 <Collections><Collection><Class>Contacts</Class><SyncKey>2</SyncKey>
  <CollectionId>2</CollectionId><Status>1</Status>
  <Commands><Add><ServerId>2:1</ServerId><ApplicationData>
   <airsyncbase:Body><airsyncbase:Type>1</airsyncbase:Type>
    <airsyncbase:EstimatedDataSize>0</airsyncbase:EstimatedDataSize>
    <airsyncbase:Truncated>1</airsyncbase:Truncated></airsyncbase:Body>
   <contacts:FileAs>Funk, Don</contacts:FileAs>
   <contacts:FirstName>Don</contacts:FirstName>
   <contacts:LastName>Funk</contacts:LastName>
   <airsyncbase:NativeBodyType>1</airsyncbase:NativeBodyType>
  </ApplicationData></Add></Commands></Collection></Collections></Sync>"""

# The spec's WBXML for that document, as printed (the leading part, up to "Funk").
SPEC_EXAMPLE_WBXML_PREFIX = bytes.fromhex(
    "03 01 6A 00 45 5C 4F 50 03 43 6F 6E 74 61 63 74 73 00 01 4B 03 32 00 01 52 03 32 00 01 "
    "4E 03 31 00 01 56 47 4D 03 32 3A 31 00 01 5D 00 11 4A 46 03 31 00 01 4C 03 30 00 01 "
    "4D 03 31 00 01 01 00 01 5E 03 46 75 6E 6B")


def _encode(xml_text, by_name):
    """Minimal WBXML encoder driven only by the tables (namespace URI = page name)."""
    out = bytearray(b"\x03\x01\x6a\x00")
    state = {"page": 0}

    def emit(el):
        ns, local = el.tag[1:].split("}")
        page, _n, _x, _p, tags = by_name[ns]
        if page != state["page"]:
            out.extend((0x00, page))
            state["page"] = page
        text = (el.text or "").strip() if len(el) == 0 else ""
        token = tags[local][0]
        if len(el) == 0 and not text:
            out.append(token)
            return
        out.append(token | 0x40)
        if text:
            out.append(0x03)
            out.extend(text.encode("utf-8") + b"\x00")
        for child in el:
            emit(child)
        out.append(0x01)

    emit(ET.fromstring(xml_text.split("?>", 1)[1]))
    return bytes(out)


def test_spec_example_encoding(by_name):
    encoded = _encode(SPEC_EXAMPLE_XML, by_name)
    assert encoded.startswith(SPEC_EXAMPLE_WBXML_PREFIX)
    # The rest: "Funk, Don" END, FirstName, LastName, back to AirSyncBase for NativeBodyType,
    # then six ENDs (ApplicationData, Add, Commands, Collection, Collections, Sync).
    tail = encoded[len(SPEC_EXAMPLE_WBXML_PREFIX):]
    assert tail == (b", Don\x00\x01" + b"\x5f\x03Don\x00\x01" + b"\x69\x03Funk\x00\x01"
                    + b"\x00\x11\x56\x031\x00\x01" + b"\x01" * 6)


def test_versions_are_declared_once_and_generated():
    """VERSIONS: declared in tools/gen_tables.py, generated into _tables.py with the tables;
    fastwbxml.tables re-exports that object and declares no list of its own."""
    from fastwbxml import _tables, tables
    assert tables.VERSIONS is _tables.VERSIONS
    assert _tables.VERSIONS == VERSIONS
    assert f"VERSIONS = {VERSIONS!r}" in gen_tables.render_module(gen_tables.load_tables(TABLE_DIR))
    source = open(tables.__file__, encoding="utf-8").read()
    assert '"16.1"' not in source and "'16.1'" not in source
