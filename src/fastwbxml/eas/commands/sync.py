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
from typing import ClassVar, Union

from ... import Element
from ..binding import Mapped, Message, wire, wired
from ..errors import EASValueError
from ..items.airsyncbase import BodyPreference
from ..items.calendar import CalendarEvent
from ..items.email import Email, MeetingRequest
from ..statuses import SyncStatus
from ..values import (Choice, Converter, DateTime, EnumOf, Flag, FlagOrBoolean, Integer,
                      ListOf, Nested, Text)

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


@wired
class _Command(Mapped):
    """The fields every Sync command element may carry (which ones depend on the
    direction: the server's Add has ServerId + data, the client's ClientId + data, an Add
    in Responses ClientId + ServerId + Status)."""
    server_id: str | None = wire(_S + "ServerId", Text())
    data: ApplicationData | None = wire(_S + "ApplicationData", _AppData())
    client_id: str | None = wire(_S + "ClientId", Text())
    status: int | None = wire(_S + "Status", Integer())
    class_: str | None = wire(_S + "Class", Text())
    instance_id: _dt.datetime | None = wire("AirSyncBase:InstanceId", DateTime(compact=True))
    # the order on the wire (the class body keeps the constructor's positional order)
    WIRE_ORDER = ("class_", "client_id", "server_id", "instance_id", "status", "data")


@wired
class SyncAdd(_Command):
    """airsync:Add: a new item (e.g. the accepted meeting on the Calendar)."""
    TAG: ClassVar = _S + "Add"


@wired
class SyncChange(_Command):
    """airsync:Change: new values for an existing item (e.g. an AttendeeStatus)."""
    TAG: ClassVar = _S + "Change"


@wired
class SyncDelete(_Command):
    """airsync:Delete: the item is gone (e.g. the tentative placeholder)."""
    TAG: ClassVar = _S + "Delete"


@wired
class SyncSoftDelete(_Command):
    """airsync:SoftDelete: the item left the sync window (it still exists)."""
    TAG: ClassVar = _S + "SoftDelete"


@wired
class SyncFetch(_Command):
    """airsync:Fetch: ask for (or, in Responses, receive) one item."""
    TAG: ClassVar = _S + "Fetch"


SyncCommand = Union[SyncAdd, SyncChange, SyncDelete, SyncSoftDelete, SyncFetch]
_COMMANDS = Choice(SyncAdd, SyncChange, SyncDelete, SyncSoftDelete, SyncFetch)


@wired
class SyncOptions(Mapped):
    """airsync:Options of a collection."""
    filter_type: int | None = wire(_S + "FilterType", Integer())
    body_preferences: tuple[BodyPreference, ...] = wire(
        "AirSyncBase:BodyPreference", Nested(BodyPreference), many=True, default=())
    mime_support: int | None = wire(_S + "MIMESupport", Integer())
    mime_truncation: int | None = wire(_S + "MIMETruncation", Integer())
    conflict: int | None = wire(_S + "Conflict", Integer())


@wired
class SyncCollection(Mapped):
    """airsync:Collection, in a request or a response."""
    sync_key: str | None = wire(_S + "SyncKey", Text())
    collection_id: str | None = wire(_S + "CollectionId", Text())
    class_: str | None = wire(_S + "Class", Text())
    status: SyncStatus | None = wire(_S + "Status", EnumOf(SyncStatus))
    deletes_as_moves: bool | None = wire(_S + "DeletesAsMoves", FlagOrBoolean())
    get_changes: bool | None = wire(_S + "GetChanges", FlagOrBoolean())
    window_size: int | None = wire(_S + "WindowSize", Integer())
    options: SyncOptions | None = wire(_S + "Options", Nested(SyncOptions))
    more_available: bool = wire(_S + "MoreAvailable", Flag(), default=False)
    commands: tuple[SyncCommand, ...] | None = wire(_S + "Commands", ListOf(None, _COMMANDS))
    responses: tuple[SyncCommand, ...] | None = wire(_S + "Responses", ListOf(None, _COMMANDS))
    # the order on the wire (the class body keeps the constructor's positional order)
    WIRE_ORDER = (
        "class_", "sync_key", "collection_id", "status", "deletes_as_moves",
        "get_changes", "window_size", "options", "more_available", "commands",
        "responses")

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


@wired
class SyncRequest(Message):
    """The Sync command request."""
    collections: tuple[SyncCollection, ...] | None = wire(
        _S + "Collections", ListOf(_S + "Collection", Nested(SyncCollection)))
    wait: int | None = wire(_S + "Wait", Integer())
    heartbeat_interval: int | None = wire(_S + "HeartbeatInterval", Integer())
    window_size: int | None = wire(_S + "WindowSize", Integer())
    partial: bool = wire(_S + "Partial", Flag(), default=False)
    ROOT: ClassVar = _S + "Sync"


@wired
class SyncResponse(Message):
    """The Sync command response."""
    collections: tuple[SyncCollection, ...] | None = wire(
        _S + "Collections", ListOf(_S + "Collection", Nested(SyncCollection)))
    status: SyncStatus | None = wire(_S + "Status", EnumOf(SyncStatus))
    ROOT: ClassVar = _S + "Sync"
    # the order on the wire (the class body keeps the constructor's positional order)
    WIRE_ORDER = ("status", "collections")

    def collection(self, collection_id: str) -> SyncCollection | None:
        return next((c for c in self.collections or () if c.collection_id == collection_id), None)
