"""The SendMail command ([MS-ASCMD] 2.2.1.17) in its WBXML form (14.0 and later; before
14.0 SendMail carried raw MIME with query parameters, not WBXML, so ``to_wbxml("12.1")``
raises :class:`VersionError`).  The MIME goes as WBXML OPAQUE bytes."""
from __future__ import annotations

from email.message import EmailMessage
from typing import ClassVar

from ..binding import Message, wire, wired
from ..errors import EASValueError
from ..values import Flag, Integer, Opaque, Text

__all__ = ["SendMail", "SendMailResponse"]

_C = "ComposeMail:"


@wired
class SendMail(Message):
    """``SendMail(client_id, mime, save_in_sent_items=True)``; *mime* is the RFC 5322
    message as bytes (an :class:`email.message.EmailMessage` is accepted and serialised)."""
    client_id: str = wire(_C + "ClientId", Text(), required=True)
    mime: bytes = wire(_C + "Mime", Opaque(), required=True)
    save_in_sent_items: bool = wire(_C + "SaveInSentItems", Flag(), default=True)
    account_id: str | None = wire(_C + "AccountId", Text())
    ROOT: ClassVar = _C + "SendMail"
    # the order on the wire (the class body keeps the constructor's positional order)
    WIRE_ORDER = ("client_id", "account_id", "save_in_sent_items", "mime")

    def __post_init__(self):
        super().__post_init__()
        if isinstance(self.mime, EmailMessage):
            object.__setattr__(self, "mime", self.mime.as_bytes())
        elif isinstance(self.mime, (bytearray, memoryview)):
            object.__setattr__(self, "mime", bytes(self.mime))

    def validate(self) -> None:
        if not self.client_id:
            raise EASValueError("SendMail needs a client_id (unique per message)")


@wired
class SendMailResponse(Message):
    """The SendMail response: the server sends an empty body on success, and a
    ``Status`` ([MS-ASCMD] 2.2.3.177.14) on failure."""
    status: int | None = wire(_C + "Status", Integer())
    ROOT: ClassVar = _C + "SendMail"

    @property
    def ok(self) -> bool:
        return self.status in (None, 1)
