"""Just enough of FolderSync ([MS-ASCMD] 2.2.1.5) to find the Inbox and the Calendar."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ._fields import Choice, EnumOf, Field, Integer, Mapped, Message, Nested, Text
from .enums import FolderSyncStatus, FolderType

__all__ = ["Folder", "FolderAdd", "FolderUpdate", "FolderDelete", "FolderChanges", "FolderSyncRequest",
           "FolderSyncResponse"]

_F = "FolderHierarchy:"


@dataclass(frozen=True)
class Folder(Mapped):
    """A folder of the hierarchy (the content of a FolderSync Add or Update)."""
    server_id: str
    parent_id: str | None = None
    display_name: str | None = None
    type: FolderType | None = None
    FIELDS: ClassVar = (
        Field("server_id", _F + "ServerId", Text()),
        Field("parent_id", _F + "ParentId", Text()),
        Field("display_name", _F + "DisplayName", Text()),
        Field("type", _F + "Type", EnumOf(FolderType)),
    )


@dataclass(frozen=True)
class FolderAdd(Folder):
    TAG: ClassVar = _F + "Add"


@dataclass(frozen=True)
class FolderUpdate(Folder):
    TAG: ClassVar = _F + "Update"


@dataclass(frozen=True)
class FolderDelete(Mapped):
    server_id: str
    TAG: ClassVar = _F + "Delete"
    FIELDS: ClassVar = (Field("server_id", _F + "ServerId", Text()),)


@dataclass(frozen=True)
class FolderSyncRequest(Message):
    """FolderSync request: ``"0"`` for the first sync."""
    sync_key: str = "0"
    ROOT: ClassVar = _F + "FolderSync"
    FIELDS: ClassVar = (Field("sync_key", _F + "SyncKey", Text()),)


@dataclass(frozen=True)
class FolderChanges(Mapped):
    """folderhierarchy:Changes: the count and the Add / Update / Delete entries."""
    count: int | None = None
    changes: tuple[FolderAdd | FolderUpdate | FolderDelete, ...] = ()
    FIELDS: ClassVar = (
        Field("count", _F + "Count", Integer()),
        Field("changes", "", Choice(FolderUpdate, FolderDelete, FolderAdd), many=True),
    )


@dataclass(frozen=True)
class FolderSyncResponse(Message):
    """FolderSync response: status, new SyncKey and the hierarchy changes."""
    status: FolderSyncStatus
    sync_key: str | None = None
    changes: FolderChanges | None = None
    ROOT: ClassVar = _F + "FolderSync"
    FIELDS: ClassVar = (
        Field("status", _F + "Status", EnumOf(FolderSyncStatus)),
        Field("sync_key", _F + "SyncKey", Text()),
        Field("changes", _F + "Changes", Nested(FolderChanges)),
    )

    @property
    def folders(self) -> list[Folder]:
        """The added and updated folders, in order."""
        entries = self.changes.changes if self.changes else ()
        return [c for c in entries if isinstance(c, Folder)]

    def find(self, folder_type: FolderType) -> Folder | None:
        """The first folder of *folder_type* (e.g. ``FolderType.INBOX``)."""
        return next((f for f in self.folders if f.type == folder_type), None)

    @property
    def inbox(self) -> Folder | None:
        return self.find(FolderType.INBOX)

    @property
    def calendar(self) -> Folder | None:
        return self.find(FolderType.CALENDAR)
