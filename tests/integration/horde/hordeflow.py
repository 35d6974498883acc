"""Helpers of the Horde tests: one user on one device at one protocol version, the
Exchange-style Provision handshake, and the iMIP invitation a Horde organizer sends herself.

Horde's folder ids carry no hint of the folder's class (``F67ec1025``, ``Ad9e5d87a``), so a
:class:`Device` remembers which collection is the calendar: calendar Syncs ask for a plain
text body, mail Syncs add ``MIMESupport`` 0.
"""
from __future__ import annotations

import datetime as dt

import fastwbxml
from fastwbxml.eas import FolderSyncRequest

from easclient import EASHTTPError, check_body
from helpers import ICAL_TIME, User, raw

POLICY_TYPE = "MS-EAS-Provisioning-WBXML"


class Device(User):
    """One EAS account on one device, at one protocol version (the Sync machinery is the
    SOGo tests' :class:`helpers.User`)."""

    TRUNCATION = 20000

    def __init__(self, server, name: str, version: str):
        super().__init__(server, name, version)
        self.not_provisioned: tuple[int, int | None] | None = None   # HTTP status, body Status

    def is_mail(self, collection: str) -> bool:
        """Horde's folder ids name no class: everything but the calendar is mail."""
        return collection != self.calendar

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
