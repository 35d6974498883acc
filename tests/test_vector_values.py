"""What other projects' messages say, decoded: values, not just round trips.

A round trip survives two tokens swapped in wbxml_tables/ (both directions use the same
wrong table).  These tests read real messages from ../shared/vectors, written by other
projects, and check that each field decodes under the name its value proves: an
appointment's subject is "Event Title" and its location "Philadelphia, PA" (Horde's
fixture), a Contacts sync has the spec's "Funk, Don", a FolderSync's Calendar folder has
type 8, a policy has a numeric MaxAttachmentSize.  Each value is one whose meaning fixes
the field it belongs to (a subject, a location, a date, a folder type, a policy number), so
a value under the wrong name is visibly wrong.  Skipped cleanly when the vectors folder is
absent.
"""
import pytest

from .conftest import CODECS, hexfile, vectors_dir


def _leaves(elements):
    """[(tag, text)] of every leaf, in document order."""
    out = []

    def walk(e):
        if len(e) == 0:
            out.append((e.tag, e.text))
        for c in e:
            walk(c)
    for e in elements:
        walk(e)
    return out


def _first(leaves, tag):
    for t, v in leaves:
        if t == tag:
            return v
    raise AssertionError(f"{tag} not found in {[t for t, _ in leaves]}")


def _decode(codec, kind, name):
    d = vectors_dir()
    if kind == "fragment":
        return _leaves(codec.loads_fragment((d / "fragments" / name).read_bytes(), strict=True))
    data = hexfile(d / "hex" / name) if kind == "hex" else (d / "captures" / name).read_bytes()
    return _leaves([codec.loads(data, strict=True)])


# (kind, file, {tag: first value}) -- each value as the source project's fixture states it
EXPECTED = [
    # horde/ActiveSync test fixtures: the appointment Horde's tests build and compare
    ("fragment", "horde-appointment.wbxml", {
        "Calendar:Subject": "Event Title", "Calendar:Location": "Philadelphia, PA",
        "Calendar:Body": "Event Description", "Calendar:BodyTruncated": "0",
        "Calendar:StartTime": "20111201T200000Z", "Calendar:EndTime": "20111201T210000Z",
        "Calendar:DtStamp": "20111201T200000Z", "Calendar:BusyStatus": "2",
        "Calendar:Sensitivity": "1", "Calendar:MeetingStatus": "0"}),
    ("fragment", "horde-allday_appointment.wbxml", {
        "Calendar:Subject": "Test Event", "Calendar:AllDayEvent": "1",
        "Calendar:StartTime": "19700320T050000Z", "Calendar:EndTime": "19700321T050000Z"}),
    # weekly (Type 1) every 2 weeks on Thursday (DayOfWeek 16)
    ("fragment", "horde-recurrence.wbxml", {
        "Calendar:Type": "1", "Calendar:Interval": "2", "Calendar:DayOfWeek": "16",
        "Calendar:Subject": "Event Title"}),
    ("fragment", "horde-dst.wbxml", {
        "Calendar:DayOfWeek": "64", "Calendar:StartTime": "20111001T190000Z",
        "Calendar:Location": "Philadelphia, PA"}),
    ("fragment", "horde-simpleexception.wbxml", {
        "Calendar:ExceptionStartTime": "20111229T200000Z", "Calendar:Deleted": "1"}),
    ("fragment", "horde-default_policies.wbxml", {
        "Provision:DevicePasswordEnabled": "0", "Provision:AttachmentsEnabled": "1",
        "Provision:MaxAttachmentSize": "5000000"}),
    # Horde's meeting request: an Email MeetingRequest with the vCal-Uid GlobalObjId form
    ("fragment", "horde-meeting_request_one.wbxml", {
        "Email:AllDayEvent": "0", "Email:StartTime": "2012-06-08T17:30:00.000Z",
        "Email:EndTime": "2012-06-08T18:30:00.000Z", "Email:DtStamp": "2012-06-08T17:03:57.000Z",
        "Email:Location": "Philadelphia,PA", "Email:Organizer": "mikerubinsky@gmail.com",
        "Email:ResponseRequested": "1", "Email:InstanceType": "0", "Email:BusyStatus": "2"}),
    # [MS-ASWBXML] section 3: the spec's own example, explained byte by byte
    ("hex", "ms_aswbxml_sec3_contact_sync.hex", {
        "AirSync:Class": "Contacts", "AirSync:SyncKey": "2", "AirSync:ServerId": "2:1",
        "Contacts:FileAs": "Funk, Don", "Contacts:FirstName": "Don", "Contacts:LastName": "Funk",
        "AirSyncBase:Type": "1", "AirSyncBase:EstimatedDataSize": "0",
        "AirSyncBase:Truncated": "1", "AirSyncBase:NativeBodyType": "1"}),
    # Z-Push issue 99: an iOS 16 calendar Add
    ("hex", "zpush99_ios16_calendar_add.hex", {
        "Calendar:Subject": "Test2", "Calendar:ClientUid": "414E89DDBEEB47F29EB88E957211BE6B0.32",
        "Calendar:StartTime": "20240822T100000Z", "Calendar:EndTime": "20240822T120000Z",
        "AirSync:CollectionId": "c/Cprivate", "AirSync:WindowSize": "25",
        "AirSyncBase:TruncationSize": "32768"}),
    # EAS-4-TbSync issue 167: GetItemEstimate request
    ("hex", "tbsync_eas167_getitemestimate_req.hex", {
        "GetItemEstimate:CollectionId": "16", "AirSync:SyncKey": "1070194280",
        "AirSync:Class": "Contacts"}),
    # tine20/Syncroton's simple.wbxml: a Contacts Add
    ("capture", "syncroton-simple.wbxml", {
        "AirSync:Class": "Contacts", "AirSync:CollectionId": "addressbook-root",
        "AirSync:WindowSize": "100", "AirSync:ClientId": "4600",
        "Contacts:FileAs": "Fritzchen", "Contacts:LastName": "Meinen",
        "Contacts:Birthday": "1969-12-31", "AirSyncBase:TruncationSize": "5120"}),
    # PyWBXMLDecoder samples: Ping request, FolderSync, Provision
    ("capture", "pywbxmldecoder-request-120.wbxml", {
        "Ping:HeartbeatInterval": "120", "Ping:Class": "Email"}),
    ("capture", "pywbxmldecoder-response-1858.wbxml", {
        "FolderHierarchy:Count": "32", "FolderHierarchy:DisplayName": "Calendar",
        "FolderHierarchy:Type": "8", "FolderHierarchy:ParentId": "0"}),
    ("capture", "pywbxmldecoder-response-4148.wbxml", {
        "Provision:PolicyType": "MS-EAS-Provisioning-WBXML", "Provision:PolicyKey": "787138854"}),
    ("capture", "pywbxmldecoder-response-9542.wbxml", {
        "Provision:PolicyKey": "1391954320", "Provision:AllowBluetooth": "2",
        "Provision:MaxEmailBodyTruncationSize": "-1",
        "Provision:AllowSMIMEEncryptionAlgorithmNegotiation": "2"}),
]


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.name)
@pytest.mark.parametrize("kind,name,expected", EXPECTED, ids=[e[1] for e in EXPECTED])
def test_vector_values(codec, kind, name, expected):
    leaves = _decode(codec, kind, name)
    got = {tag: _first(leaves, tag) for tag in expected}
    assert got == expected


def test_folder_types_by_name():
    """FolderSync: every default folder carries the type [MS-ASCMD] 2.2.3.186.3 gives it."""
    from fastwbxml import _api
    d = vectors_dir()
    root = _api.PYTHON.loads((d / "captures" / "pywbxmldecoder-response-1858.wbxml").read_bytes())
    types = {f.findtext("DisplayName"): f.findtext("Type")
             for f in root.iter("FolderHierarchy:Add")}
    assert types["Calendar"] == "8" and types["Contacts"] == "9" and types["Inbox"] == "2"
    assert types["Deleted Items"] == "4" and types["Sent Items"] == "5" and types["Tasks"] == "7"
