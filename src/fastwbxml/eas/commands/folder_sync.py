"""Just enough of FolderSync ([MS-ASCMD] 2.2.1.5) to find the Inbox and the Calendar.

A client's first FolderSync sends SyncKey ``0``; the response brings a new SyncKey and the
hierarchy as ``Changes``: a Count and a mix of Add, Update and Delete entries, read in
order through one :class:`~fastwbxml.eas.values.Choice`.  An Add or an Update holds a
:class:`Folder` (server id, parent, name, type); :meth:`FolderSyncResponse.find` picks the
first folder of a type, which is how the flow learns the Inbox and Calendar ids.
"""
from __future__ import annotations

from typing import ClassVar

from ..binding import Mapped, Message, wire, wired
from ..enums import FolderType
from ..statuses import FolderSyncStatus
from ..values import Choice, EnumOf, Integer, Nested, Text

__all__ = ["Folder", "FolderAdd", "FolderUpdate", "FolderDelete", "FolderChanges", "FolderSyncRequest",
           "FolderSyncResponse"]

_F = "FolderHierarchy:"


@wired
class Folder(Mapped):
    """A folder of the hierarchy (the content of a FolderSync Add or Update)."""
    server_id: str = wire(_F + "ServerId", Text(), required=True)
    parent_id: str | None = wire(_F + "ParentId", Text())
    display_name: str | None = wire(_F + "DisplayName", Text())
    type: FolderType | None = wire(_F + "Type", EnumOf(FolderType))


@wired
class FolderAdd(Folder):
    TAG: ClassVar = _F + "Add"


@wired
class FolderUpdate(Folder):
    TAG: ClassVar = _F + "Update"


@wired
class FolderDelete(Mapped):
    server_id: str = wire(_F + "ServerId", Text(), required=True)
    TAG: ClassVar = _F + "Delete"


@wired
class FolderSyncRequest(Message):
    """FolderSync request: ``"0"`` for the first sync."""
    sync_key: str = wire(_F + "SyncKey", Text(), default="0")
    ROOT: ClassVar = _F + "FolderSync"


@wired
class FolderChanges(Mapped):
    """folderhierarchy:Changes: the count and the Add / Update / Delete entries."""
    count: int | None = wire(_F + "Count", Integer())
    changes: tuple[FolderAdd | FolderUpdate | FolderDelete, ...] = wire(
        "", Choice(FolderUpdate, FolderDelete, FolderAdd), many=True, default=())


@wired
class FolderSyncResponse(Message):
    """FolderSync response: status, new SyncKey and the hierarchy changes."""
    status: FolderSyncStatus = wire(_F + "Status", EnumOf(FolderSyncStatus), required=True)
    sync_key: str | None = wire(_F + "SyncKey", Text())
    changes: FolderChanges | None = wire(_F + "Changes", Nested(FolderChanges))
    ROOT: ClassVar = _F + "FolderSync"

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
