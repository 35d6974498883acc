"""The SendMail command ([MS-ASCMD] 2.2.1.17) in its WBXML form (14.0 and later; before
14.0 SendMail carried raw MIME with query parameters, not WBXML, so ``to_wbxml("12.1")``
raises :class:`VersionError`).  The MIME goes as WBXML OPAQUE bytes."""
from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import ClassVar

from ._fields import Field, Flag, Integer, Message, Opaque, Text
from .errors import EASValueError

__all__ = ["SendMail", "SendMailResponse"]

_C = "ComposeMail:"


@dataclass(frozen=True)
class SendMail(Message):
    """``SendMail(client_id, mime, save_in_sent_items=True)``; *mime* is the RFC 5322
    message as bytes (an :class:`email.message.EmailMessage` is accepted and serialised)."""
    client_id: str
    mime: bytes
    save_in_sent_items: bool = True
    account_id: str | None = None
    ROOT: ClassVar = _C + "SendMail"
    FIELDS: ClassVar = (
        Field("client_id", _C + "ClientId", Text()),
        Field("account_id", _C + "AccountId", Text()),
        Field("save_in_sent_items", _C + "SaveInSentItems", Flag()),
        Field("mime", _C + "Mime", Opaque()),
    )

    def __post_init__(self):
        super().__post_init__()
        if isinstance(self.mime, EmailMessage):
            object.__setattr__(self, "mime", self.mime.as_bytes())
        elif isinstance(self.mime, (bytearray, memoryview)):
            object.__setattr__(self, "mime", bytes(self.mime))

    def validate(self) -> None:
        if not self.client_id:
            raise EASValueError("SendMail needs a client_id (unique per message)")


@dataclass(frozen=True)
class SendMailResponse(Message):
    """The SendMail response: the server sends an empty body on success, and a
    ``Status`` ([MS-ASCMD] 2.2.3.177.14) on failure."""
    status: int | None = None
    ROOT: ClassVar = _C + "SendMail"
    FIELDS: ClassVar = (Field("status", _C + "Status", Integer()),)

    @property
    def ok(self) -> bool:
        return self.status in (None, 1)
