"""Typed, version-aware bindings for the Exchange ActiveSync meeting-response flow.

Sans-IO: messages go in and out as bytes (``to_wbxml(version)`` / ``from_wbxml(data)``);
no HTTP client inside.  ``icalendar`` (the ``eas`` extra) is needed only to build the
reply mail (:func:`build_reply_mail`).

The package is arranged by kind: :mod:`.errors`, :mod:`.enums` and :mod:`.statuses` are
plain data; :mod:`.binding` (with :mod:`.values` and :mod:`.versions`) is the machinery
every class uses; :mod:`.codecs` the blob and date codecs, :mod:`.items` what a Sync
carries, :mod:`.commands` the command messages, and :mod:`.meeting` the workflow on top.
Each layer imports only the ones before it.

>>> from fastwbxml.eas import MeetingResponse, MeetingResponseRequest, UserResponse
>>> msg = MeetingResponse(requests=[MeetingResponseRequest(
...     user_response=UserResponse.ACCEPTED, collection_id="6", request_id="6:17")])
>>> msg.to_wbxml("14.1").hex()
'03016a00000847494c0331000146033600014803363a313700010101'
"""
from .binding import Message
from .codecs.dates import format_datetime, parse_datetime
from .codecs.globalobjid import GlobalObjectId, global_obj_id_from_uid, uid_from_global_obj_id
from .codecs.timezone import EASTimeZone, EASTzInfo, SystemTime
from .codecs.zonenames import resolve_time_zone
from .commands.folder_sync import (Folder, FolderAdd, FolderChanges, FolderDelete,
                                   FolderSyncRequest, FolderSyncResponse, FolderUpdate)
from .commands.meeting_response import (MeetingResponse, MeetingResponseRequest,
                                        MeetingResponseResponse, MeetingResponseResult,
                                        SendResponse)
from .commands.send_mail import SendMail, SendMailResponse
from .commands.sync import (SyncAdd, SyncChange, SyncCollection, SyncDelete, SyncFetch,
                            SyncOptions, SyncRequest, SyncResponse, SyncSoftDelete,
                            classify_application_data)
from .enums import (AttendeeStatus, AttendeeType, BodyType, BusyStatus, FolderType, Importance,
                    InstanceType, MeetingMessageType, MeetingStatus, RecurrenceType,
                    ResponseType, Sensitivity, UserResponse)
from .errors import (EASError, EASParseError, EASValueError, UnknownTimeZoneError,
                     VersionError)
from .items.airsyncbase import Body, BodyPreference, Location
from .items.calendar import Attendee, CalendarEvent, CalendarException, CalendarRecurrence
from .items.email import Email, EmailRecurrence, MeetingDetails, MeetingRequest
from .meeting.decision import MeetingDecision
from .meeting.flow import Action, ExpectedCalendarChanges, MeetingResponseFlow, Outgoing, Step
from .meeting.graph import GRAPH_ACTIONS, GraphAction, graph_action
from .meeting.reply import (build_reply_calendar, build_reply_mail, invitation_sequence,
                            reply_details)
from .statuses import FolderSyncStatus, MeetingResponseStatus, Retry, SyncStatus

__all__ = [
    # messages
    "MeetingResponse", "MeetingResponseRequest", "SendResponse", "MeetingResponseResponse",
    "MeetingResponseResult", "SyncRequest", "SyncResponse", "SyncCollection", "SyncOptions",
    "SyncAdd", "SyncChange", "SyncDelete", "SyncSoftDelete", "SyncFetch",
    "classify_application_data", "FolderSyncRequest", "FolderSyncResponse", "FolderChanges",
    "Folder", "FolderAdd", "FolderUpdate", "FolderDelete", "SendMail", "SendMailResponse",
    # items
    "Email", "MeetingRequest", "MeetingDetails", "EmailRecurrence", "CalendarEvent",
    "Attendee", "CalendarRecurrence", "CalendarException", "Body", "BodyPreference",
    "Location",
    # enums
    "UserResponse", "MeetingResponseStatus", "Retry", "SyncStatus", "FolderSyncStatus",
    "AttendeeStatus", "AttendeeType", "ResponseType", "MeetingStatus", "BusyStatus",
    "Sensitivity", "Importance", "InstanceType", "MeetingMessageType", "RecurrenceType",
    "FolderType", "BodyType",
    # helpers
    "GlobalObjectId", "uid_from_global_obj_id", "global_obj_id_from_uid", "EASTimeZone",
    "EASTzInfo", "SystemTime", "parse_datetime", "format_datetime", "build_reply_mail",
    "build_reply_calendar", "reply_details", "MeetingDecision", "GraphAction",
    "graph_action", "GRAPH_ACTIONS", "MeetingResponseFlow", "Step", "Action", "Outgoing",
    "ExpectedCalendarChanges", "invitation_sequence", "resolve_time_zone",
    # errors
    "EASError", "EASParseError", "EASValueError", "VersionError", "UnknownTimeZoneError",
]
