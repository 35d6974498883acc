"""The AirSyncBase pieces the items and commands share: Body, BodyPreference, Location
([MS-ASAIRS]).

They live on their own code page and inside other classes' elements: a Body inside an
email, a calendar item or a 16.x SendResponse; a BodyPreference inside Sync Options; a
Location (16.0 and later) where 14.1 had a plain ``Location`` string.  Each is a small
binding class whose fields are declared once, in wire order, with :func:`wire`.
"""
from __future__ import annotations

from ..binding import Mapped, wire, wired
from ..enums import BodyType
from ..values import Boolean, EnumOf, Integer, Text

__all__ = ["Body", "BodyPreference", "Location"]

_A = "AirSyncBase:"


@wired
class Body(Mapped):
    """airsyncbase:Body: the body of an item (or of a 16.x meeting response mail)."""
    type: BodyType | None = wire(_A + "Type", EnumOf(BodyType))
    estimated_data_size: int | None = wire(_A + "EstimatedDataSize", Integer())
    truncated: bool | None = wire(_A + "Truncated", Boolean())
    data: str | None = wire(_A + "Data", Text())
    preview: str | None = wire(_A + "Preview", Text())


@wired
class BodyPreference(Mapped):
    """airsyncbase:BodyPreference in Sync Options: which body type, how much of it."""
    type: BodyType = wire(_A + "Type", EnumOf(BodyType), default=BodyType.PLAIN_TEXT)
    truncation_size: int | None = wire(_A + "TruncationSize", Integer())
    all_or_none: bool | None = wire(_A + "AllOrNone", Boolean())
    preview: int | None = wire(_A + "Preview", Integer())


@wired
class Location(Mapped):
    """airsyncbase:Location (16.0 and later; replaces the string Location of 14.1)."""
    display_name: str | None = wire(_A + "DisplayName", Text())
    annotation: str | None = wire(_A + "Annotation", Text())
    street: str | None = wire(_A + "Street", Text())
    city: str | None = wire(_A + "City", Text())
    state: str | None = wire(_A + "State", Text())
    country: str | None = wire(_A + "Country", Text())
    postal_code: str | None = wire(_A + "PostalCode", Text())
    latitude: str | None = wire(_A + "Latitude", Text())
    longitude: str | None = wire(_A + "Longitude", Text())
    accuracy: str | None = wire(_A + "Accuracy", Text())
    altitude: str | None = wire(_A + "Altitude", Text())
    altitude_accuracy: str | None = wire(_A + "AltitudeAccuracy", Text())
    location_uri: str | None = wire(_A + "LocationUri", Text())
