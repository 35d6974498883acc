"""Helpers of the integration tests: users, folders, Sync state, CalDAV, invitations."""
from __future__ import annotations

import base64
import datetime as dt
import time
import urllib.request
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from fastwbxml import Element, SubElement
from fastwbxml.eas import (BodyPreference, FolderSyncRequest, FolderSyncResponse, FolderType,
                           SyncCollection, SyncOptions, SyncRequest, SyncResponse, SyncStatus)

from easclient import EASClient

NAMES = {"alice": "Alice Example", "bob": "Bob Example"}
ICAL_TIME = "%Y%m%dT%H%M%SZ"


class User:
    """One EAS account on one device: the folders and the Sync state of each.  The Horde
    tests' ``Device`` is this class at a chosen protocol version, with its own idea of
    which collections hold mail (``is_mail``) and a longer body preview."""

    #: the plain-text body truncation a Sync asks for
    TRUNCATION = 4000

    def __init__(self, server, name: str, version: str = "14.1"):
        self.server, self.name, self.version = server, name, version
        self.address = server.address(name)
        self.display = NAMES.get(name, name)
        self.eas = EASClient(server.url, name, server.password, version=version)
        self.sync_keys: dict[str, str] = {}
        self.items: dict[str, dict[str, object]] = {}   # collection -> server id -> data
        self.folders: FolderSyncResponse | None = None

    # -- FolderSync ------------------------------------------------------------------------
    def folder_sync(self) -> FolderSyncResponse:
        root = self.eas.command("FolderSync", FolderSyncRequest("0"))
        self.folders = FolderSyncResponse.from_element(root)
        return self.folders

    @property
    def inbox(self) -> str:
        return self.folders.inbox.server_id

    @property
    def calendar(self) -> str:
        return self.folders.calendar.server_id

    def folder(self, folder_type: FolderType) -> str:
        return self.folders.find(folder_type).server_id

    # -- Sync ------------------------------------------------------------------------------
    def is_mail(self, collection: str) -> bool:
        """Mail Syncs add MIMESupport 0.  SOGo's folder ids name their class."""
        return not collection.startswith(("vevent", "vtodo", "vcard"))

    def sync(self, collection: str, *, commands=None, window_size: int = 100,
             filter_type: int | None = None) -> SyncResponse | None:
        """One Sync round of one collection (the initial SyncKey 0 round first, when
        needed).  Keeps the new SyncKey and the items; returns the typed response, or None
        for SOGo's empty "no changes" answer."""
        if collection not in self.sync_keys:
            first = SyncRequest(collections=[SyncCollection(sync_key="0",
                                                            collection_id=collection)])
            resp = SyncResponse.from_element(self.eas.command("Sync", first))
            coll = resp.collections[0]
            assert coll.status == SyncStatus.SUCCESS, coll
            self.sync_keys[collection] = coll.sync_key
            self.items.setdefault(collection, {})
        options = SyncOptions(
            filter_type=filter_type,
            body_preferences=[BodyPreference(type=1, truncation_size=self.TRUNCATION)],
            mime_support=0 if self.is_mail(collection) else None)
        req = SyncRequest(collections=[SyncCollection(
            sync_key=self.sync_keys[collection], collection_id=collection,
            get_changes=commands is None, window_size=window_size, options=options,
            commands=commands)])
        root = self.eas.command("Sync", req)
        if root is None:
            return None
        resp = SyncResponse.from_element(root)
        coll = resp.collection(collection) or resp.collections[0]
        assert coll.status == SyncStatus.SUCCESS, coll
        self.sync_keys[collection] = coll.sync_key
        for c in coll.commands or ():
            kind = type(c).__name__
            if kind in ("SyncAdd", "SyncChange"):
                self.items[collection][c.server_id] = c.data
            elif kind in ("SyncDelete", "SyncSoftDelete"):
                self.items[collection].pop(c.server_id, None)
        return resp

    def sync_until(self, collection: str, predicate, *, timeout: float = 45.0,
                   what: str = "item"):
        """Sync *collection* until some item satisfies *predicate* (a bounded wait for mail
        delivery, not a timing assertion); return (server id, item)."""
        deadline = time.monotonic() + timeout
        while True:
            resp = self.sync(collection)
            while resp is not None and any(c.more_available for c in resp.collections):
                resp = self.sync(collection)
            for sid, item in self.items.get(collection, {}).items():
                try:
                    if predicate(item):
                        return sid, item
                except AttributeError:
                    continue
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} ({self.version}): no {what} in "
                                     f"{collection} after {timeout:.0f} s; items: "
                                     f"{self.items.get(collection)}")
            time.sleep(1.0)

    # -- CalDAV ----------------------------------------------------------------------------
    def caldav_put(self, uid: str, ics: str) -> int:
        url = f"{self.server.dav_url}/{self.name}/Calendar/personal/{uid}.ics"
        req = urllib.request.Request(url, data=ics.encode(), method="PUT")
        req.add_header("Authorization", "Basic " + base64.b64encode(
            f"{self.name}:{self.server.password}".encode()).decode())
        req.add_header("Content-Type", "text/calendar; charset=utf-8")
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status


def meeting_times(days: int, hour: int = 15) -> tuple[dt.datetime, dt.datetime]:
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(hours=1)


def invitation_ics(uid: str, summary: str, start: dt.datetime, end: dt.datetime,
                   organizer: User, attendee: User, *, method: str | None = None) -> str:
    """A VEVENT with ORGANIZER and one ATTENDEE asking for a reply (RSVP=TRUE)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fastwbxml//integration tests//EN"]
    if method:
        lines.append(f"METHOD:{method}")
    lines += [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{dt.datetime.now(dt.timezone.utc).strftime(ICAL_TIME)}",
        f"DTSTART:{start.strftime(ICAL_TIME)}",
        f"DTEND:{end.strftime(ICAL_TIME)}",
        f"SUMMARY:{summary}",
        "SEQUENCE:0",
        f"ORGANIZER;CN={organizer.display}:mailto:{organizer.address}",
        f"ATTENDEE;CN={attendee.display};PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
        f"ROLE=REQ-PARTICIPANT:mailto:{attendee.address}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def invitation_mail(ics: str, summary: str, organizer: User, attendee: User) -> bytes:
    """The iMIP REQUEST mail an EAS client sends itself (SOGo sends none for an EAS Add)."""
    msg = EmailMessage()
    msg["From"] = formataddr((organizer.display, organizer.address))
    msg["To"] = formataddr((attendee.display, attendee.address))
    msg["Subject"] = f"Invitation: {summary}"
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Message-ID"] = make_msgid(domain=organizer.address.split("@")[1])
    msg.set_content(f"{organizer.display} invites you to {summary}.\n")
    msg.add_alternative(ics, subtype="calendar", params={"method": "REQUEST"})
    return msg.as_bytes()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def raw(tag: str, *children) -> Element:
    """Element from nested tuples: raw("Settings:Settings", ("UserInformation", ("Get",)))."""
    root = Element(tag)
    _fill(root, children)
    return root


def _fill(parent, children):
    for ch in children:
        if isinstance(ch, tuple):
            tag, *rest = ch
            if rest and isinstance(rest[0], str):
                SubElement(parent, tag, rest[0])
            else:
                e = SubElement(parent, tag)
                _fill(e, rest)
        else:
            raise TypeError(ch)
