"""Helpers of the Horde tests: one user on one device at one protocol version, the
Exchange-style Provision handshake, and the iMIP invitation a Horde organizer sends herself.

Horde's folder ids carry no hint of the folder's class (``F67ec1025``, ``Ad9e5d87a``), so a
:class:`Device` remembers which collection is the calendar: calendar Syncs ask for a plain
text body, mail Syncs add ``MIMESupport`` 0.
"""
from __future__ import annotations

import datetime as dt
import time

import fastwbxml
from fastwbxml.eas import (BodyPreference, FolderSyncRequest, FolderSyncResponse, SyncCollection,
                           SyncOptions, SyncRequest, SyncResponse, SyncStatus)

from easclient import EASClient, EASHTTPError, check_body
from helpers import NAMES, ICAL_TIME, raw

POLICY_TYPE = "MS-EAS-Provisioning-WBXML"


class Device:
    """One EAS account on one device, at one protocol version."""

    def __init__(self, server, name: str, version: str):
        self.server, self.name, self.version = server, name, version
        self.address = server.address(name)
        self.display = NAMES.get(name, name)
        self.eas = EASClient(server.url, name, server.password, version=version)
        self.sync_keys: dict[str, str] = {}
        self.items: dict[str, dict[str, object]] = {}
        self.folders: FolderSyncResponse | None = None
        self.not_provisioned: tuple[int, int | None] | None = None   # HTTP status, body Status

    # -- Provision the way Exchange clients do -----------------------------------------------
    def provision(self) -> str:
        """A command without a policy key is refused (HTTP 449 and/or Status 142); then
        Provision with DeviceInformation, the acknowledgement with the temporary key, and
        the final key in ``X-MS-PolicyKey`` from then on ([MS-ASPROV] 3.1.5.1)."""
        try:
            root = self.eas.command("FolderSync", FolderSyncRequest("0"))
            self.not_provisioned = (200, int(root.findtext("Status") or 0))
        except EASHTTPError as exc:
            ex = exc.exchange
            status = None
            if ex.response:
                root = check_body(ex.response, f"{self.name} {ex.cmd} HTTP {ex.status} body")
                status = int(root.findtext("AirSync:Status") or root.findtext("Status") or 0)
            self.not_provisioned = (ex.status, status)
        first = raw("Provision:Provision",
                    ("Settings:DeviceInformation",
                     ("Settings:Set", ("Settings:Model", "fastwbxml"),
                      ("Settings:FriendlyName", "fastwbxml integration"),
                      ("Settings:OS", "Linux"), ("Settings:UserAgent", "fastwbxml-integration"))),
                    ("Policies", ("Policy", ("PolicyType", POLICY_TYPE))))
        root = self.eas.command("Provision", first)
        assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
        policy = root.find("Policies/Policy")
        assert policy.findtext("PolicyType") == POLICY_TYPE
        assert policy.findtext("Status") == "1", fastwbxml.to_xml(root)
        temp_key = policy.findtext("PolicyKey")
        assert temp_key and policy.find("Data/EASProvisionDoc") is not None
        ack = raw("Provision:Provision",
                  ("Policies", ("Policy", ("PolicyType", POLICY_TYPE), ("PolicyKey", temp_key),
                                ("Status", "1"))))
        self.eas.policy_key = temp_key
        root = self.eas.command("Provision", ack)
        assert root.findtext("Status") == "1", fastwbxml.to_xml(root)
        assert root.findtext("Policies/Policy/Status") == "1"
        key = root.findtext("Policies/Policy/PolicyKey")
        assert key and key != temp_key
        self.eas.policy_key = key
        return key

    # -- FolderSync ------------------------------------------------------------------------
    def folder_sync(self) -> FolderSyncResponse:
        self.folders = FolderSyncResponse.from_element(
            self.eas.command("FolderSync", FolderSyncRequest("0")))
        return self.folders

    @property
    def inbox(self) -> str:
        return self.folders.inbox.server_id

    @property
    def calendar(self) -> str:
        return self.folders.calendar.server_id

    # -- Sync ------------------------------------------------------------------------------
    def sync(self, collection: str, *, commands=None) -> SyncResponse | None:
        """One Sync round (after the SyncKey 0 round when needed); keeps key and items."""
        if collection not in self.sync_keys:
            first = SyncRequest(collections=[SyncCollection(sync_key="0",
                                                            collection_id=collection)])
            resp = SyncResponse.from_element(self.eas.command("Sync", first))
            coll = resp.collections[0]
            assert coll.status == SyncStatus.SUCCESS, coll
            self.sync_keys[collection] = coll.sync_key
            self.items.setdefault(collection, {})
        is_mail = collection != self.calendar
        options = SyncOptions(body_preferences=[BodyPreference(type=1, truncation_size=20000)],
                              mime_support=0 if is_mail else None)
        req = SyncRequest(collections=[SyncCollection(
            sync_key=self.sync_keys[collection], collection_id=collection,
            get_changes=commands is None, window_size=100, options=options,
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
        """Sync until some item satisfies *predicate* (a bounded wait for mail delivery,
        not a timing assertion); return (server id, item)."""
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
                raise AssertionError(f"{self.name} ({self.version}): no {what} in {collection} "
                                     f"after {timeout:.0f} s; items: {self.items.get(collection)}")
            time.sleep(1.0)


def meeting_ics(uid: str, summary: str, start: dt.datetime, end: dt.datetime, organizer,
                attendee, *, location: str, rrule: str | None = None) -> str:
    """The iMIP REQUEST (METHOD:REQUEST) for one meeting, optionally recurring."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fastwbxml//integration tests//EN",
        "METHOD:REQUEST", "BEGIN:VEVENT", f"UID:{uid}",
        f"DTSTAMP:{dt.datetime.now(dt.timezone.utc).strftime(ICAL_TIME)}",
        f"DTSTART:{start.strftime(ICAL_TIME)}", f"DTEND:{end.strftime(ICAL_TIME)}",
        f"SUMMARY:{summary}", f"LOCATION:{location}", "SEQUENCE:0",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [
        f"ORGANIZER;CN={organizer.display}:mailto:{organizer.address}",
        f"ATTENDEE;CN={attendee.display};PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
        f"ROLE=REQ-PARTICIPANT:mailto:{attendee.address}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
