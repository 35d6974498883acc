"""The benchmark corpus: realistic Exchange ActiveSync messages, generated deterministically.

Every message is built as a fastwbxml :class:`~fastwbxml.Element` tree from a seeded
``random.Random`` and encoded with the *pure-Python* encoder (``fastwbxml._encode_py``), so
the bytes depend only on this file and the code page tables, never on the native core.

=========================  ==============================================================
name                       what it is
=========================  ==============================================================
meetingresponse_request    MeetingResponse request (accept one meeting), ~70 bytes
meetingresponse_response   MeetingResponse response (Result, Status, CalendarId)
calendar_sync              Sync response adding one calendar item with 5 attendees,
                           recurrence, an exception, a TimeZone blob (~1.5 KB, ~70 elements)
inbox_meetingrequest       Sync response adding one meeting-request email (~1.3 KB)
sendmail_2k                ComposeMail SendMail with a ~2 KB MIME message (OPAQUE)
sendmail_1m                ComposeMail SendMail with a ~1 MiB MIME message (OPAQUE)
sync_1000                  Sync response adding 1,000 emails (~40 elements each, ~1.4 MB)
sync_5000_changes          token-dense: Sync response with 5,000 read-flag Changes
=========================  ==============================================================

Usage::

    python benchmarks/corpus.py OUTDIR      # write OUTDIR/<name>.wbxml (+ a summary)
    from corpus import load_corpus          # {name: bytes}, generated in memory

The corpus is not stored in the repository: it is cheap to generate (about a second).
"""
from __future__ import annotations

import base64
import functools
import os
import random
import struct
import sys

try:  # the installed package: benchmarks never reach into src/
    import fastwbxml  # noqa: F401
except ImportError as e:
    raise ImportError("fastwbxml is not installed: pip install . (or run with PYTHONPATH=src after python setup.py build_ext --inplace)") from e
from fastwbxml import Element
from fastwbxml._encode_py import encode as _py_encode

__all__ = ["NAMES", "DESCRIPTIONS", "build_trees", "encode_tree", "load_corpus",
           "write_corpus", "count_elements"]

SEED = 20240917
EAS_HEADER = b"\x03\x01\x6a\x00"

DESCRIPTIONS = {
    "meetingresponse_request": "MeetingResponse request (accept)",
    "meetingresponse_response": "MeetingResponse response",
    "calendar_sync": "calendar Sync, 1 item, 5 attendees",
    "inbox_meetingrequest": "inbox Sync, 1 MeetingRequest email",
    "sendmail_2k": "SendMail, 2 KB MIME (opaque)",
    "sendmail_1m": "SendMail, 1 MiB MIME (opaque)",
    "sync_1000": "Sync, 1,000 emails",
    "sync_5000_changes": "Sync, 5,000 tiny Changes (token-dense)",
}
NAMES = tuple(DESCRIPTIONS)

# --------------------------------------------------------------------------------------
# content pools
PEOPLE = [
    ("Zoë Ångström", "zoe.angstrom@contoso.com"),
    ("José Núñez", "jose.nunez@contoso.com"),
    ("Łukasz Wróbel", "lukasz.wrobel@fabrikam.com"),
    ("Мария Иванова", "maria.ivanova@contoso.com"),
    ("田中 美咲", "misaki.tanaka@fabrikam.co.jp"),
    ("Søren Østergaard", "soren.ostergaard@contoso.dk"),
    ("Amélie Dubois", "amelie.dubois@fabrikam.fr"),
    ("Jürgen Müller", "juergen.mueller@contoso.de"),
    ("Priya Raghunathan", "priya.r@contoso.com"),
    ("Ahmed El-Sayed", "ahmed.elsayed@fabrikam.com"),
    ("Chloé O'Brien", "chloe.obrien@contoso.ie"),
    ("Nguyễn Văn An", "an.nguyen@fabrikam.vn"),
    ("Dana Kowalczyk", "dana.kowalczyk@contoso.com"),
    ("Renée Fontaine", "renee.fontaine@fabrikam.fr"),
    ("Oğuz Yılmaz", "oguz.yilmaz@contoso.com.tr"),
    ("Björn Lindqvist", "bjorn.lindqvist@contoso.se"),
]
ME = ("Alex Wilber", "alexw@contoso.com")

SUBJECTS = [
    "Q3 budget review",
    "Réunion d'équipe – planification du sprint",
    "Re: Übersicht der Änderungen für Release 4.2",
    "Fwd: Invoice #48213 from Fabrikam",
    "会议纪要：产品路线图",
    "Обновление: релиз 2.4 перенесён",
    "Lunch on Friday? 🍕",
    "[JIRA] (MOB-1234) Crash when syncing calendar on Android 14",
    "Your weekly Contoso digest",
    "RE: Contract renewal — legal sign-off needed",
    "Offsite logistics (hotel, travel, agenda)",
    "Quarterly all-hands: slides attached",
    "Reminder: timesheets due today",
    "RE: RE: Kundentermin in München",
    "Design review: new onboarding flow",
    "Pull request #877: fix DST handling in recurrence expansion",
    "Café meetup next week ☕",
    "Action required: update your password",
]
MEETING_SUBJECTS = [
    "Weekly sync – Mobile team",
    "1:1 Alex / Zoë",
    "Sprint planning (Sprint 42)",
    "Revue trimestrielle des résultats",
    "Architektur-Review: Synchronisationsdienst",
    "Customer call: Fabrikam renewal",
]
LOCATIONS = ["Conference Room 4B (Redmond)", "Salle Molière, 3e étage", "Microsoft Teams Meeting",
             "Besprechungsraum Zugspitze", "会议室 12F-A", "Building 92 / Café"]
CATEGORIES = ["Red category", "Blue category", "Projekt Ω", "Follow-up", "Équipe", "Travel"]
ATTACHMENTS = [("Q3-budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
               ("slides-all-hands.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
               ("Rechnung_48213.pdf", "application/pdf"), ("photo_Zoë.jpg", "image/jpeg"),
               ("agenda.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
SENTENCES = [
    "Please find the updated figures below; the forecast changed after Tuesday's review.",
    "Merci pour votre retour rapide — nous avons intégré vos remarques dans la version 3.",
    "Können wir das Thema in der nächsten Runde noch einmal kurz besprechen?",
    "The sync failure only reproduces when the device crosses a DST boundary.",
    "Я приложила обновлённый план, посмотрите, пожалуйста, до пятницы.",
    "Let me know if Thursday 14:00 CET works for everyone.",
    "請於週五前確認出席。",
    "We will need sign-off from legal before the contract can be renewed.",
    "Attached are the slides from today's session, including the Q&A notes.",
    "I have moved the item to next sprint; the estimate was 5 story points.",
    "Por favor, revisa la sección 4.2 antes de la reunión.",
    "Thanks, Zoë — that's exactly what we needed.",
]


def _timezone_blob(bias: int, std_name: str, std_date: tuple, dst_name: str,
                   dst_date: tuple, dst_bias: int) -> str:
    """The base64 of a 172-byte TIME_ZONE_INFORMATION, as in Calendar:Timezone."""
    def systemtime(month, dow, week, hour):
        return struct.pack("<8H", 0, month, dow, week, hour, 0, 0, 0)

    def name(s):
        raw = s.encode("utf-16-le")[:62]
        return raw + b"\0" * (64 - len(raw))
    blob = (struct.pack("<i", bias) + name(std_name) + systemtime(*std_date) + struct.pack("<i", 0)
            + name(dst_name) + systemtime(*dst_date) + struct.pack("<i", dst_bias))
    assert len(blob) == 172
    return base64.b64encode(blob).decode("ascii")


TIMEZONES = [
    _timezone_blob(-60, "W. Europe Standard Time", (10, 0, 5, 3), "W. Europe Daylight Time",
                   (3, 0, 5, 2), -60),
    _timezone_blob(480, "Pacific Standard Time", (11, 0, 1, 2), "Pacific Daylight Time",
                   (3, 0, 2, 2), -60),
    _timezone_blob(-540, "Tokyo Standard Time", (0, 0, 0, 0), "Tokyo Daylight Time",
                   (0, 0, 0, 0), 0),
]


# --------------------------------------------------------------------------------------
# helpers
def E(tag: str, text=None, *children) -> Element:
    """An element with text or children."""
    return Element(tag, text, children or None)


def _addr(person) -> str:
    name, email = person
    return f'"{name}" <{email}>'


def _eas_date(rng: random.Random) -> str:
    return (f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:"
            f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z")


def _compact_date(y, mo, d, h, mi=0) -> str:
    return f"{y:04d}{mo:02d}{d:02d}T{h:02d}{mi:02d}00Z"


def _paragraphs(rng: random.Random, n_sentences: int) -> str:
    paras = []
    while n_sentences > 0:
        k = min(n_sentences, rng.randint(1, 3))
        paras.append(" ".join(rng.choice(SENTENCES) for _ in range(k)))
        n_sentences -= k
    return "\r\n\r\n".join(paras)


def _body_text(rng: random.Random, n_sentences: int) -> str:
    greet = rng.choice(["Hi all,", "Bonjour,", "Hallo zusammen,", "Hi Alex,", "Привет,"])
    sign = rng.choice(["Best regards,\r\nZoë", "Cordialement,\r\nAmélie",
                       "Viele Grüße\r\nJürgen", "Thanks,\r\nPriya"])
    return f"{greet}\r\n\r\n{_paragraphs(rng, n_sentences)}\r\n\r\n{sign}\r\n"


def _hex(rng: random.Random, nbytes: int) -> str:
    return rng.getrandbits(nbytes * 8).to_bytes(nbytes, "big").hex().upper()


def _global_obj_id(rng: random.Random) -> tuple[str, str]:
    """(UID as Calendar:UID hex, the same as Email:GlobalObjId base64)."""
    raw = (bytes.fromhex("040000008200E00074C5B7101A82E008") + b"\0" * 4
           + struct.pack("<Q", rng.getrandbits(63)) + b"\0" * 8
           + struct.pack("<I", 16) + rng.getrandbits(128).to_bytes(16, "big"))
    return raw.hex().upper(), base64.b64encode(raw).decode("ascii")


def _sync(collection_id: str, sync_key: str, commands: list, *, more=False) -> Element:
    coll = E("AirSync:Collection", None,
             E("AirSync:SyncKey", sync_key),
             E("AirSync:CollectionId", collection_id),
             E("AirSync:Status", "1"))
    if more:
        coll.append(Element("AirSync:MoreAvailable"))
    coll.append(E("AirSync:Commands", None, *commands))
    return E("AirSync:Sync", None, E("AirSync:Collections", None, coll))


# --------------------------------------------------------------------------------------
# the messages
def meetingresponse_request(rng: random.Random) -> Element:
    return E("MeetingResponse:MeetingResponse", None,
             E("MeetingResponse:Request", None,
               E("MeetingResponse:UserResponse", "1"),
               E("MeetingResponse:CollectionId", "5"),
               E("MeetingResponse:RequestId", f"5:{rng.randint(1, 999)}")))


def meetingresponse_response(rng: random.Random) -> Element:
    return E("MeetingResponse:MeetingResponse", None,
             E("MeetingResponse:Result", None,
               E("MeetingResponse:RequestId", f"5:{rng.randint(1, 999)}"),
               E("MeetingResponse:Status", "1"),
               E("MeetingResponse:CalendarId", f"3:{rng.randint(1, 999)}")))


def calendar_item(rng: random.Random, n_attendees: int = 5) -> Element:
    start_day = rng.randint(1, 27)
    hour = rng.randint(8, 16)
    uid, _ = _global_obj_id(rng)
    organizer = rng.choice(PEOPLE)
    attendees = []
    for person in rng.sample(PEOPLE, n_attendees):
        attendees.append(E("Calendar:Attendee", None,
                           E("Calendar:Email", person[1]),
                           E("Calendar:Name", person[0]),
                           E("Calendar:AttendeeStatus", str(rng.choice([0, 2, 3, 4, 5]))),
                           E("Calendar:AttendeeType", str(rng.choice([1, 1, 1, 2])))))
    body = _body_text(rng, 7)
    app = E("AirSync:ApplicationData", None,
            E("Calendar:Timezone", TIMEZONES[0]),
            E("Calendar:DtStamp", _compact_date(2024, 9, start_day, 7, 12)),
            E("Calendar:StartTime", _compact_date(2024, 10, start_day, hour)),
            E("Calendar:Subject", rng.choice(MEETING_SUBJECTS)),
            E("Calendar:UID", uid),
            E("Calendar:OrganizerName", organizer[0]),
            E("Calendar:OrganizerEmail", organizer[1]),
            E("Calendar:Attendees", None, *attendees),
            E("Calendar:Location", rng.choice(LOCATIONS)),
            E("Calendar:EndTime", _compact_date(2024, 10, start_day, hour + 1)),
            E("Calendar:Recurrence", None,
              E("Calendar:Type", "1"), E("Calendar:Interval", "1"),
              E("Calendar:DayOfWeek", "4"), E("Calendar:Until", "20250630T220000Z")),
            E("Calendar:Exceptions", None,
              E("Calendar:Exception", None,
                E("Calendar:Deleted", "1"),
                E("Calendar:ExceptionStartTime", _compact_date(2024, 12, 26, hour)))),
            E("AirSyncBase:Body", None,
              E("AirSyncBase:Type", "1"),
              E("AirSyncBase:EstimatedDataSize", str(len(body.encode()))),
              E("AirSyncBase:Data", body)),
            E("Calendar:Sensitivity", "0"),
            E("Calendar:BusyStatus", "2"),
            E("Calendar:AllDayEvent", "0"),
            E("Calendar:Reminder", "15"),
            E("Calendar:MeetingStatus", "3"),
            E("AirSyncBase:NativeBodyType", "3"),
            E("Calendar:ResponseRequested", "1"),
            E("Calendar:ResponseType", "3"),
            E("Calendar:AppointmentReplyTime", _compact_date(2024, 9, start_day, 9, 30)),
            E("Calendar:DisallowNewTimeProposal", "0"))
    return E("AirSync:Add", None, E("AirSync:ServerId", f"3:{rng.randint(1, 400)}"), app)


def calendar_sync(rng: random.Random) -> Element:
    return _sync("3", str(rng.randint(10**8, 10**9)), [calendar_item(rng)])


def meeting_request_email(rng: random.Random) -> Element:
    organizer = rng.choice(PEOPLE)
    subject = rng.choice(MEETING_SUBJECTS)
    _, goid = _global_obj_id(rng)
    day, hour = rng.randint(1, 27), rng.randint(8, 16)
    preview = _body_text(rng, 2)
    app = E("AirSync:ApplicationData", None,
            E("Email:To", _addr(ME)),
            E("Email:Cc", ", ".join(_addr(p) for p in rng.sample(PEOPLE, 2))),
            E("Email:From", _addr(organizer)),
            E("Email:Subject", subject),
            E("Email:DateReceived", _eas_date(rng)),
            E("Email:DisplayTo", ME[0]),
            E("Email:ThreadTopic", subject),
            E("Email:Importance", "1"),
            E("Email:Read", "0"),
            E("AirSyncBase:Body", None,
              E("AirSyncBase:Type", "2"),
              E("AirSyncBase:EstimatedDataSize", str(rng.randint(4000, 9000))),
              E("AirSyncBase:Truncated", "1"),
              E("AirSyncBase:Preview", preview[:255])),
            E("Email:MessageClass", "IPM.Schedule.Meeting.Request"),
            E("Email:MeetingRequest", None,
              E("Email:AllDayEvent", "0"),
              E("Email:StartTime", f"2024-10-{day:02d}T{hour:02d}:00:00.000Z"),
              E("Email:DtStamp", _eas_date(rng)),
              E("Email:EndTime", f"2024-10-{day:02d}T{hour + 1:02d}:00:00.000Z"),
              E("Email:InstanceType", "0"),
              E("Email:Location", rng.choice(LOCATIONS)),
              E("Email:Organizer", _addr(organizer)),
              E("Email:Reminder", "900"),
              E("Email:ResponseRequested", "1"),
              E("Email:Sensitivity", "0"),
              E("Email:BusyStatus", "1"),
              E("Email:TimeZone", TIMEZONES[1]),
              E("Email:GlobalObjId", goid),
              E("Email:DisallowNewTimeProposal", "0")),
            E("Email:InternetCPID", "65001"),
            Element("Email:Flag"),
            E("Email:ContentClass", "urn:content-classes:calendarmessage"),
            E("AirSyncBase:NativeBodyType", "2"),
            E("Email2:ConversationId", rng.getrandbits(128).to_bytes(16, "big")),
            E("Email2:ConversationIndex", b"\x01\xda" + rng.getrandbits(24).to_bytes(3, "big")),
            E("Email2:MeetingMessageType", "1"),
            E("Email:Categories", None, E("Email:Category", "Blue category")))
    return E("AirSync:Add", None, E("AirSync:ServerId", f"5:{rng.randint(1, 900)}"), app)


def inbox_meetingrequest(rng: random.Random) -> Element:
    return _sync("5", str(rng.randint(10**8, 10**9)), [meeting_request_email(rng)])


def email_item(rng: random.Random, i: int) -> Element:
    sender = rng.choice(PEOPLE)
    to = [ME] + rng.sample(PEOPLE, rng.randint(0, 2))
    cc = rng.sample(PEOPLE, rng.randint(1, 2))
    subject = rng.choice(SUBJECTS)
    body = _body_text(rng, rng.randint(5, 9))
    data = body[:rng.randint(580, 780)]
    app = E("AirSync:ApplicationData", None,
            E("Email:To", ", ".join(_addr(p) for p in to)),
            E("Email:Cc", ", ".join(_addr(p) for p in cc)),
            E("Email:From", _addr(sender)),
            E("Email:Subject", subject),
            E("Email:ReplyTo", _addr(sender)),
            E("Email:DateReceived", _eas_date(rng)),
            E("Email:DisplayTo", "; ".join(p[0] for p in to)),
            E("Email:ThreadTopic", subject.split(": ", 1)[-1]),
            E("Email:Importance", str(rng.choice([1, 1, 1, 0, 2]))),
            E("Email:Read", str(rng.choice([0, 1, 1]))),
            E("AirSyncBase:Body", None,
              E("AirSyncBase:Type", "1"),
              E("AirSyncBase:EstimatedDataSize", str(len(body.encode()) + rng.randint(0, 4000))),
              E("AirSyncBase:Truncated", "1"),
              E("AirSyncBase:Data", data),
              E("AirSyncBase:Preview", data[:rng.randint(80, 140)].replace("\r\n", " "))),
            E("Email:MessageClass", "IPM.Note"),
            E("Email:InternetCPID", "65001"))
    if rng.random() < 0.2:
        app.append(E("Email:Flag", None,
                      E("Email:Status", "2"), E("Email:FlagType", "Follow up"),
                      E("Tasks:StartDate", _eas_date(rng)), E("Tasks:UtcStartDate", _eas_date(rng)),
                      E("Tasks:DueDate", _eas_date(rng)), E("Tasks:UtcDueDate", _eas_date(rng))))
    else:
        app.append(Element("Email:Flag"))
    app.append(E("Email:ContentClass", "urn:content-classes:message"))
    app.append(E("AirSyncBase:NativeBodyType", str(rng.choice([1, 2, 2, 3]))))
    app.append(E("Email2:ConversationId", rng.getrandbits(128).to_bytes(16, "big")))
    app.append(E("Email2:ConversationIndex", b"\x01\xda" + rng.getrandbits(24).to_bytes(3, "big")))
    app.append(E("Email2:ReceivedAsBcc", "0"))
    app.append(E("Email2:Sender", _addr(sender)) if rng.random() < 0.1 else
               E("Email2:IsDraft", "0"))
    cats = rng.sample(CATEGORIES, rng.randint(1, 2))
    app.append(E("Email:Categories", None, *(E("Email:Category", c) for c in cats)))
    if rng.random() < 0.5:
        app.append(E("Email2:LastVerbExecuted", str(rng.choice([1, 2, 3]))))
        app.append(E("Email2:LastVerbExecutionTime", _eas_date(rng)))
    if rng.random() < 0.6:
        atts = []
        for k in range(rng.randint(1, 2)):
            name, ctype = rng.choice(ATTACHMENTS)
            atts.append(E("AirSyncBase:Attachment", None,
                          E("AirSyncBase:DisplayName", name),
                          E("AirSyncBase:FileReference", f"5%3a{i}%3a{k}"),
                          E("AirSyncBase:Method", "1"),
                          E("AirSyncBase:EstimatedDataSize", str(rng.randint(10_000, 4_000_000))),
                          E("AirSyncBase:ContentType", ctype),
                          E("AirSyncBase:IsInline", "0")))
        app.append(E("AirSyncBase:Attachments", None, *atts))
    return E("AirSync:Add", None, E("AirSync:ServerId", f"5:{i + 1}"), app)


def sync_1000(rng: random.Random) -> Element:
    return _sync("5", str(rng.randint(10**8, 10**9)),
                 [email_item(rng, i) for i in range(1000)], more=True)


def sync_5000_changes(rng: random.Random) -> Element:
    changes = []
    for i in range(5000):
        changes.append(E("AirSync:Change", None,
                         E("AirSync:ServerId", f"5:{rng.randint(1, 99999)}"),
                         E("AirSync:ApplicationData", None,
                           E("Email:Read", "1" if rng.random() < 0.8 else "0"))))
    return _sync("5", str(rng.randint(10**8, 10**9)), changes, more=True)


def _mime(rng: random.Random, attachment_bytes: int) -> bytes:
    sender, to = ME, rng.sample(PEOPLE, 2)
    boundary = "_000_" + _hex(rng, 12)
    text = _body_text(rng, 8)
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\r\n\r\n")) + "</body></html>"
    lines = [
        f"From: {sender[0]} <{sender[1]}>",
        "To: " + ", ".join(f"{p[1]}" for p in to),
        "Subject: =?utf-8?B?" + base64.b64encode(rng.choice(SUBJECTS).encode()).decode() + "?=",
        "Date: Tue, 17 Sep 2024 14:03:27 +0200",
        f"Message-ID: <{_hex(rng, 8)}@contoso.com>",
        "MIME-Version: 1.0",
        "X-Mailer: fastwbxml-bench",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        f"--{boundary}",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "",
        text,
        f"--{boundary}",
        'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "",
        html,
    ]
    if attachment_bytes:
        payload = rng.randbytes(attachment_bytes)
        b64 = base64.b64encode(payload).decode("ascii")
        lines += [f"--{boundary}",
                  'Content-Type: application/pdf; name="Rechnung_48213.pdf"',
                  'Content-Disposition: attachment; filename="Rechnung_48213.pdf"',
                  "Content-Transfer-Encoding: base64", ""]
        lines += [b64[k:k + 76] for k in range(0, len(b64), 76)]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode("utf-8")


def _sendmail(rng: random.Random, attachment_bytes: int) -> Element:
    return E("ComposeMail:SendMail", None,
             E("ComposeMail:ClientId", _hex(rng, 8)),
             Element("ComposeMail:SaveInSentItems"),
             E("ComposeMail:Mime", _mime(rng, attachment_bytes)))


def sendmail_2k(rng: random.Random) -> Element:
    return _sendmail(rng, 0)


def sendmail_1m(rng: random.Random) -> Element:
    # ~1 MiB of MIME: base64 grows 4/3 plus CRLF per 76 characters
    return _sendmail(rng, 770_000)


_BUILDERS = {
    "meetingresponse_request": meetingresponse_request,
    "meetingresponse_response": meetingresponse_response,
    "calendar_sync": calendar_sync,
    "inbox_meetingrequest": inbox_meetingrequest,
    "sendmail_2k": sendmail_2k,
    "sendmail_1m": sendmail_1m,
    "sync_1000": sync_1000,
    "sync_5000_changes": sync_5000_changes,
}


# --------------------------------------------------------------------------------------
# API
def build_trees(names=NAMES) -> dict:
    """``{name: Element}``: each message built from its own seeded generator."""
    out = {}
    for k, name in enumerate(NAMES):
        if name in names:
            out[name] = _BUILDERS[name](random.Random(SEED + k))
    return out


def encode_tree(root: Element) -> bytes:
    """The message bytes, with the pure-Python encoder (EAS header ``03 01 6A 00``)."""
    return EAS_HEADER + _py_encode((root,), 0)


def count_elements(root: Element) -> int:
    return sum(1 for _ in root.iter())


@functools.lru_cache(maxsize=None)
def _generated() -> tuple:
    return tuple((name, encode_tree(tree)) for name, tree in build_trees().items())


def load_corpus(directory: str | None = None) -> dict:
    """``{name: bytes}`` for every corpus message, in :data:`NAMES` order.

    With *directory* (written by :func:`write_corpus`), read the files from there instead of
    generating them.
    """
    if directory:
        out = {}
        for name in NAMES:
            with open(os.path.join(directory, name + ".wbxml"), "rb") as f:
                out[name] = f.read()
        return out
    return dict(_generated())


def write_corpus(directory: str) -> dict:
    os.makedirs(directory, exist_ok=True)
    corpus = load_corpus()
    for name, data in corpus.items():
        with open(os.path.join(directory, name + ".wbxml"), "wb") as f:
            f.write(data)
    return corpus


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: python benchmarks/corpus.py OUTDIR", file=sys.stderr)
        return 2
    write_corpus(argv[0])
    trees = build_trees()
    for name, data in load_corpus().items():
        print(f"{name:26s} {len(data):>10,d} bytes {count_elements(trees[name]):>8,d} elements"
              f"  {DESCRIPTIONS[name]}")
    print(f"written to {os.path.abspath(argv[0])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
