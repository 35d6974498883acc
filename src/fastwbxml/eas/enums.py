"""The value enumerations of the items and commands, with the values the specifications
give.  The status codes of the command responses, with their meanings and what a client
does after each, are in :mod:`fastwbxml.eas.statuses`.

Sources: [MS-ASCMD] UserResponse, Type (FolderSync); [MS-ASCAL] 2.2.2
(2.2.2.5 AttendeeStatus, AttendeeType, BusyStatus, MeetingStatus, ResponseType,
Sensitivity, Recurrence Type); [MS-ASEMAIL] 2.2.2 (Importance, 2.2.2.39 InstanceType,
2.2.2.47 MeetingMessageType); [MS-ASAIRS] (Body Type).
"""
from __future__ import annotations

import enum

__all__ = [
    "UserResponse", "AttendeeStatus", "AttendeeType", "ResponseType", "MeetingStatus",
    "BusyStatus", "Sensitivity", "Importance", "InstanceType", "MeetingMessageType",
    "RecurrenceType", "FolderType", "BodyType",
]


class UserResponse(enum.IntEnum):
    """meetingresponse:UserResponse."""
    ACCEPTED = 1
    TENTATIVE = 2
    DECLINED = 3

    @property
    def partstat(self) -> str:
        """The iCalendar PARTSTAT of a reply with this response (RFC 5545 3.2.12)."""
        return {1: "ACCEPTED", 2: "TENTATIVE", 3: "DECLINED"}[self.value]

    @property
    def subject_prefix(self) -> str:
        """The subject prefix of the reply mail: ``"Accepted: "`` etc."""
        return {1: "Accepted: ", 2: "Tentative: ", 3: "Declined: "}[self.value]

    @property
    def message_class(self) -> str:
        """The MessageClass the organizer sees for the reply ([MS-OXOCAL] 2.2.6)."""
        return {1: "IPM.Schedule.Meeting.Resp.Pos", 2: "IPM.Schedule.Meeting.Resp.Tent",
                3: "IPM.Schedule.Meeting.Resp.Neg"}[self.value]

    @property
    def attendee_status(self) -> "AttendeeStatus":
        """The calendar:AttendeeStatus the organizer's calendar shows afterwards."""
        return {1: AttendeeStatus.ACCEPT, 2: AttendeeStatus.TENTATIVE,
                3: AttendeeStatus.DECLINE}[self.value]

    @property
    def response_type(self) -> "ResponseType":
        """The calendar:ResponseType of the invitee's own calendar item afterwards."""
        return {1: ResponseType.ACCEPTED, 2: ResponseType.TENTATIVE,
                3: ResponseType.DECLINED}[self.value]

    @classmethod
    def from_message_class(cls, message_class: str) -> "UserResponse | None":
        """The response a ``IPM.Schedule.Meeting.Resp.*`` mail carries, else None."""
        for r in cls:
            if message_class.lower() == r.message_class.lower():
                return r
        return None


class AttendeeStatus(enum.IntEnum):
    """calendar:AttendeeStatus ([MS-ASCAL] 2.2.2.5); there is no value 1."""
    RESPONSE_UNKNOWN = 0
    TENTATIVE = 2
    ACCEPT = 3
    DECLINE = 4
    NOT_RESPONDED = 5


class AttendeeType(enum.IntEnum):
    """calendar:AttendeeType."""
    REQUIRED = 1
    OPTIONAL = 2
    RESOURCE = 3


class ResponseType(enum.IntEnum):
    """calendar:ResponseType, the user's own response."""
    NONE = 0
    ORGANIZER = 1
    TENTATIVE = 2
    ACCEPTED = 3
    DECLINED = 4
    NOT_RESPONDED = 5


class MeetingStatus(enum.IntEnum):
    """calendar:MeetingStatus: 9/11/13/15 repeat 1/3/5/7."""
    APPOINTMENT = 0                    #: not a meeting
    MEETING_ORGANIZER = 1              #: a meeting the user organizes
    MEETING_RECEIVED = 3               #: a meeting the user was invited to
    MEETING_CANCELED = 5               #: canceled, user is organizer
    MEETING_CANCELED_RECEIVED = 7      #: canceled, user was invited
    MEETING_ORGANIZER_ALT = 9
    MEETING_RECEIVED_ALT = 11
    MEETING_CANCELED_ALT = 13
    MEETING_CANCELED_RECEIVED_ALT = 15


class BusyStatus(enum.IntEnum):
    """calendar:BusyStatus / email:BusyStatus."""
    FREE = 0
    TENTATIVE = 1
    BUSY = 2
    OUT_OF_OFFICE = 3
    WORKING_ELSEWHERE = 4


class Sensitivity(enum.IntEnum):
    """calendar:Sensitivity / email:Sensitivity."""
    NORMAL = 0
    PERSONAL = 1
    PRIVATE = 2
    CONFIDENTIAL = 3


class Importance(enum.IntEnum):
    """email:Importance."""
    LOW = 0
    NORMAL = 1
    HIGH = 2


class InstanceType(enum.IntEnum):
    """email:InstanceType ([MS-ASEMAIL] 2.2.2.39); ORPHAN only in 16.0 and later."""
    SINGLE = 0
    RECURRING_MASTER = 1
    INSTANCE = 2
    EXCEPTION = 3
    ORPHAN = 4


class MeetingMessageType(enum.IntEnum):
    """email2:MeetingMessageType ([MS-ASEMAIL] 2.2.2.47); absent means 0."""
    SILENT_UPDATE_OR_UNSPECIFIED = 0
    INITIAL_REQUEST = 1
    FULL_UPDATE = 2
    INFORMATIONAL_UPDATE = 3
    OUTDATED = 4
    DELEGATORS_COPY = 5
    DELEGATED = 6                      #: MUST NOT be responded to


class RecurrenceType(enum.IntEnum):
    """calendar:Type / email:Type of a Recurrence."""
    DAILY = 0
    WEEKLY = 1
    MONTHLY = 2
    MONTHLY_NTH_DAY = 3
    YEARLY = 5
    YEARLY_NTH_DAY = 6


class FolderType(enum.IntEnum):
    """folderhierarchy:Type."""
    USER_GENERIC = 1
    INBOX = 2
    DRAFTS = 3
    DELETED_ITEMS = 4
    SENT_ITEMS = 5
    OUTBOX = 6
    TASKS = 7
    CALENDAR = 8
    CONTACTS = 9
    NOTES = 10
    JOURNAL = 11
    USER_MAIL = 12
    USER_CALENDAR = 13
    USER_CONTACTS = 14
    USER_TASKS = 15
    USER_JOURNAL = 16
    USER_NOTES = 17
    UNKNOWN = 18
    RECIPIENT_INFORMATION_CACHE = 19


class BodyType(enum.IntEnum):
    """airsyncbase:Type of a Body / BodyPreference."""
    PLAIN_TEXT = 1
    HTML = 2
    RTF = 3
    MIME = 4
