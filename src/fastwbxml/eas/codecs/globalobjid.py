"""email:GlobalObjId and the iCalendar UID it stands for.

[MS-ASEMAIL] 2.2.2.37 gives the structure (the PidLidGlobalObjectId of [MS-OXOCAL]
2.2.1.27, base64-encoded): a 16-byte class id, the instance date (year big-endian, month,
day; zeros for the whole series), a FILETIME creation time, 8 reserved bytes, a
little-endian byte count and the data.  [MS-ASEMAIL] 3.1.4.7 / 4.3 turn it into a UID
two ways:

* the data starts with ``"vCal-Uid"`` and version ``01 00 00 00``: the object came from a
  third-party iCalendar, and the UID is the NUL-terminated string that follows
  ([MS-OXCICAL] ``ThirdPartyGlobalId``);
* otherwise (an Outlook id) the UID is the whole structure, instance date zeroed, as
  upper-case hex ([MS-OXCICAL] ``EncodedGlobalId``).
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as _dt
import re
import struct

from ..errors import EASParseError, EASValueError

__all__ = ["CLASS_ID", "VCAL_MARKER", "GlobalObjectId", "uid_from_global_obj_id",
           "global_obj_id_from_uid"]

CLASS_ID = bytes.fromhex("040000008200E00074C5B7101A82E008")
VCAL_MARKER = b"vCal-Uid"
_VCAL_VERSION = b"\x01\x00\x00\x00"
_HEADER = 40   # class id 16 + instance date 4 + creation 8 + reserved 8 + byte count 4
_FILETIME_EPOCH = _dt.datetime(1601, 1, 1, tzinfo=_dt.timezone.utc)
_HEX_UID = re.compile(r"^(?:[0-9A-Fa-f]{2})+$")


@dataclasses.dataclass(frozen=True)
class GlobalObjectId:
    """A decoded GlobalObjId.  ``raw`` is the whole binary value."""
    raw: bytes

    def __post_init__(self):
        b = self.raw
        if len(b) < _HEADER or b[:16] != CLASS_ID:
            raise EASParseError("not a GlobalObjId: it must start with the class id "
                                "04000000 8200E000 74C5B710 1A82E008")

    @property
    def byte_count(self) -> int:
        """The BYTECOUNT field.  It should equal ``len(data)``; some servers (Horde) write
        the UID's length instead, so it is reported, not enforced."""
        return struct.unpack_from("<I", self.raw, 36)[0]

    @classmethod
    def from_base64(cls, text: str) -> "GlobalObjectId":
        try:
            return cls(base64.b64decode(text, validate=True))
        except binascii.Error as exc:
            raise EASParseError(f"GlobalObjId is not base64: {exc}") from None

    def to_base64(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    @property
    def instance_date(self) -> _dt.date | None:
        """The date of the single instance this id names, or None for the whole object."""
        year, month, day = struct.unpack_from(">HBB", self.raw, 16)
        if (year, month, day) == (0, 0, 0):
            return None
        return _dt.date(year, month, day)

    @property
    def creation_time(self) -> _dt.datetime | None:
        (ft,) = struct.unpack_from("<Q", self.raw, 20)
        if ft == 0:
            return None
        return _FILETIME_EPOCH + _dt.timedelta(microseconds=ft // 10)

    @property
    def data(self) -> bytes:
        return self.raw[_HEADER:]

    @property
    def is_third_party(self) -> bool:
        """True for the ``vCal-Uid`` form (an object created from iCalendar)."""
        return self.data[:12] == VCAL_MARKER + _VCAL_VERSION

    @property
    def uid(self) -> str:
        """The iCalendar UID ([MS-ASEMAIL] 3.1.4.7)."""
        if self.is_third_party:
            text = self.data[12:].split(b"\x00", 1)[0]
            try:
                return text.decode("utf-8")
            except UnicodeDecodeError:
                raise EASParseError("vCal-Uid GlobalObjId: the UID is not UTF-8") from None
        clean = self.raw[:16] + b"\x00\x00\x00\x00" + self.raw[20:]
        return clean.hex().upper()


def uid_from_global_obj_id(value: str | bytes) -> str:
    """The UID of a GlobalObjId given as its base64 text (as EAS sends it) or raw bytes."""
    if isinstance(value, str):
        return GlobalObjectId.from_base64(value).uid
    return GlobalObjectId(bytes(value)).uid


def _is_encoded_global_id(uid: str) -> bool:
    """Whether *uid* is [MS-OXCICAL] 2.1.3.1.1.20.26's ``EncodedGlobalId``: hex digits, the
    class id ``ByteArrayID`` first, then the rest of the 40-byte header (80 hex digits in
    all) and at least one byte of ``GlobalIdData`` (``2*HEXDIG``): 82 hex digits or more.
    Anything else, even hex that starts with the class id, is a ``ThirdPartyGlobalId``."""
    return (len(uid) >= 2 * _HEADER + 2 and _HEX_UID.match(uid) is not None
            and uid[:32].upper() == CLASS_ID.hex().upper())


def global_obj_id_from_uid(uid: str, instance_date: _dt.date | None = None) -> str:
    """The base64 GlobalObjId for an iCalendar UID (the inverse of
    :func:`uid_from_global_obj_id`): an Outlook hex UID (an ``EncodedGlobalId``, see
    :func:`_is_encoded_global_id`) is decoded, any other UID (a third-party one, including
    hex shorter than 82 digits that starts with the class id) is wrapped in the
    ``vCal-Uid`` form.  *instance_date* names one occurrence."""
    if not uid:
        raise EASValueError("empty UID")
    if _is_encoded_global_id(uid):
        raw = bytearray(bytes.fromhex(uid))
        GlobalObjectId(bytes(raw))  # validates the structure
    else:
        data = VCAL_MARKER + _VCAL_VERSION + uid.encode("utf-8") + b"\x00"
        raw = bytearray(CLASS_ID + bytes(20) + struct.pack("<I", len(data)) + data)
    if instance_date is not None:
        struct.pack_into(">HBB", raw, 16, instance_date.year, instance_date.month,
                         instance_date.day)
    return base64.b64encode(bytes(raw)).decode("ascii")
