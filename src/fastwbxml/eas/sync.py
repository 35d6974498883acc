"""Just enough of the Sync command ([MS-ASCMD] 2.2.1.21) to run the meeting flow.

A request syncs collections (SyncKey, CollectionId, GetChanges, WindowSize, Options with
BodyPreference, client Commands); a response brings collections with Add / Change /
Delete / SoftDelete commands.  ApplicationData is typed when its content is recognised:
:class:`CalendarEvent` (Calendar elements), :class:`MeetingRequest` (an email with
``email:MeetingRequest``), :class:`Email` (other email); anything else stays an
:class:`~fastwbxml.Element`.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import ClassVar, Union

from .. import Element
from ._fields import (Choice, Converter, DateTime, EnumOf, Field, Flag, FlagOrBoolean,
                      Integer, ListOf, Mapped, Message, Nested, Text)
from .airsyncbase import BodyPreference
from .calendar import CalendarEvent
from .enums import SyncStatus
from .errors import EASValueError
from .meeting_request import Email, MeetingRequest

__all__ = ["ApplicationData", "SyncAdd", "SyncChange", "SyncDelete", "SyncSoftDelete",
           "SyncFetch", "SyncOptions", "SyncCollection", "SyncRequest", "SyncResponse",
           "classify_application_data"]

_S = "AirSync:"
ApplicationData = Union[CalendarEvent, MeetingRequest, Email, Element]


def classify_application_data(elem: Element) -> ApplicationData:
    """Type an ``airsync:ApplicationData`` element by what it holds."""
    tags = [c.tag for c in elem]
    if any(t.startswith("Calendar:") for t in tags):
        return CalendarEvent.from_element(elem)
    if "Email:MeetingRequest" in tags:
        return MeetingRequest.from_element(elem)
    if any(t.startswith(("Email:", "Email2:")) for t in tags):
        return Email.from_element(elem)
    return elem.copy()


class _AppData(Converter):
    def read(self, elem):
        return classify_application_data(elem)

    def write(self, tag, value, version):
        if isinstance(value, Element):
            return Element(tag, children=[c.copy() for c in value])
        if not isinstance(value, (CalendarEvent, Email)):
            raise EASValueError(f"ApplicationData must be a CalendarEvent, Email, "
                                f"MeetingRequest or Element, not {type(value).__name__}")
        return value.element(tag, version)


@dataclass(frozen=True)
class _Command(Mapped):
    """The fields every Sync command element may carry (which ones depend on the
    direction: the server's Add has ServerId + data, the client's ClientId + data, an Add
    in Responses ClientId + ServerId + Status)."""
    server_id: str | None = None
    data: ApplicationData | None = None
    client_id: str | None = None
    status: int | None = None
    class_: str | None = None
    instance_id: _dt.datetime | None = None
    FIELDS: ClassVar = (
        Field("class_", _S + "Class", Text()),
        Field("client_id", _S + "ClientId", Text()),
        Field("server_id", _S + "ServerId", Text()),
        Field("instance_id", "AirSyncBase:InstanceId", DateTime(compact=True)),
        Field("status", _S + "Status", Integer()),
        Field("data", _S + "ApplicationData", _AppData()),
    )


@dataclass(frozen=True)
class SyncAdd(_Command):
    """airsync:Add: a new item (e.g. the accepted meeting on the Calendar)."""
    TAG: ClassVar = _S + "Add"


@dataclass(frozen=True)
class SyncChange(_Command):
    """airsync:Change: new values for an existing item (e.g. an AttendeeStatus)."""
    TAG: ClassVar = _S + "Change"


@dataclass(frozen=True)
class SyncDelete(_Command):
    """airsync:Delete: the item is gone (e.g. the tentative placeholder)."""
    TAG: ClassVar = _S + "Delete"


@dataclass(frozen=True)
class SyncSoftDelete(_Command):
    """airsync:SoftDelete: the item left the sync window (it still exists)."""
    TAG: ClassVar = _S + "SoftDelete"


@dataclass(frozen=True)
class SyncFetch(_Command):
    """airsync:Fetch: ask for (or, in Responses, receive) one item."""
    TAG: ClassVar = _S + "Fetch"


SyncCommand = Union[SyncAdd, SyncChange, SyncDelete, SyncSoftDelete, SyncFetch]
_COMMANDS = Choice(SyncAdd, SyncChange, SyncDelete, SyncSoftDelete, SyncFetch)


@dataclass(frozen=True)
class SyncOptions(Mapped):
    """airsync:Options of a collection."""
    filter_type: int | None = None
    body_preferences: tuple[BodyPreference, ...] = ()
    mime_support: int | None = None
    mime_truncation: int | None = None
    conflict: int | None = None
    FIELDS: ClassVar = (
        Field("filter_type", _S + "FilterType", Integer()),
        Field("body_preferences", "AirSyncBase:BodyPreference", Nested(BodyPreference),
              many=True),
        Field("mime_support", _S + "MIMESupport", Integer()),
        Field("mime_truncation", _S + "MIMETruncation", Integer()),
        Field("conflict", _S + "Conflict", Integer()),
    )


@dataclass(frozen=True)
class SyncCollection(Mapped):
    """airsync:Collection, in a request or a response."""
    sync_key: str | None = None
    collection_id: str | None = None
    class_: str | None = None
    status: SyncStatus | None = None
    deletes_as_moves: bool | None = None
    get_changes: bool | None = None
    window_size: int | None = None
    options: SyncOptions | None = None
    more_available: bool = False
    commands: tuple[SyncCommand, ...] | None = None
    responses: tuple[SyncCommand, ...] | None = None
    FIELDS: ClassVar = (
        Field("class_", _S + "Class", Text()),
        Field("sync_key", _S + "SyncKey", Text()),
        Field("collection_id", _S + "CollectionId", Text()),
        Field("status", _S + "Status", EnumOf(SyncStatus)),
        Field("deletes_as_moves", _S + "DeletesAsMoves", FlagOrBoolean()),
        Field("get_changes", _S + "GetChanges", FlagOrBoolean()),
        Field("window_size", _S + "WindowSize", Integer()),
        Field("options", _S + "Options", Nested(SyncOptions)),
        Field("more_available", _S + "MoreAvailable", Flag()),
        Field("commands", _S + "Commands", ListOf(None, _COMMANDS)),
        Field("responses", _S + "Responses", ListOf(None, _COMMANDS)),
    )

    # -- reading helpers -------------------------------------------------------------------
    def _of(self, cls) -> list:
        return [c for c in self.commands or () if isinstance(c, cls)]

    @property
    def adds(self) -> list[SyncAdd]:
        return self._of(SyncAdd)

    @property
    def changes(self) -> list[SyncChange]:
        return self._of(SyncChange)

    @property
    def deletes(self) -> list[SyncDelete]:
        return self._of(SyncDelete)

    @property
    def soft_deletes(self) -> list[SyncSoftDelete]:
        return self._of(SyncSoftDelete)


@dataclass(frozen=True)
class SyncRequest(Message):
    """The Sync command request."""
    collections: tuple[SyncCollection, ...] | None = None
    wait: int | None = None
    heartbeat_interval: int | None = None
    window_size: int | None = None
    partial: bool = False
    ROOT: ClassVar = _S + "Sync"
    FIELDS: ClassVar = (
        Field("collections", _S + "Collections", ListOf(_S + "Collection", Nested(SyncCollection))),
        Field("wait", _S + "Wait", Integer()),
        Field("heartbeat_interval", _S + "HeartbeatInterval", Integer()),
        Field("window_size", _S + "WindowSize", Integer()),
        Field("partial", _S + "Partial", Flag()),
    )


@dataclass(frozen=True)
class SyncResponse(Message):
    """The Sync command response."""
    collections: tuple[SyncCollection, ...] | None = None
    status: SyncStatus | None = None
    ROOT: ClassVar = _S + "Sync"
    FIELDS: ClassVar = (
        Field("status", _S + "Status", EnumOf(SyncStatus)),
        Field("collections", _S + "Collections", ListOf(_S + "Collection", Nested(SyncCollection))),
    )

    def collection(self, collection_id: str) -> SyncCollection | None:
        return next((c for c in self.collections or () if c.collection_id == collection_id), None)
