"""The AirSyncBase pieces the flow needs: Body, BodyPreference, Location ([MS-ASAIRS])."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ._fields import Boolean, EnumOf, Field, Integer, Mapped, Text
from .enums import BodyType

__all__ = ["Body", "BodyPreference", "Location"]

_A = "AirSyncBase:"


@dataclass(frozen=True)
class Body(Mapped):
    """airsyncbase:Body: the body of an item (or of a 16.x meeting response mail)."""
    type: BodyType | None = None
    estimated_data_size: int | None = None
    truncated: bool | None = None
    data: str | None = None
    preview: str | None = None
    FIELDS: ClassVar = (
        Field("type", _A + "Type", EnumOf(BodyType)),
        Field("estimated_data_size", _A + "EstimatedDataSize", Integer()),
        Field("truncated", _A + "Truncated", Boolean()),
        Field("data", _A + "Data", Text()),
        Field("preview", _A + "Preview", Text()),
    )


@dataclass(frozen=True)
class BodyPreference(Mapped):
    """airsyncbase:BodyPreference in Sync Options: which body type, how much of it."""
    type: BodyType = BodyType.PLAIN_TEXT
    truncation_size: int | None = None
    all_or_none: bool | None = None
    preview: int | None = None
    FIELDS: ClassVar = (
        Field("type", _A + "Type", EnumOf(BodyType)),
        Field("truncation_size", _A + "TruncationSize", Integer()),
        Field("all_or_none", _A + "AllOrNone", Boolean()),
        Field("preview", _A + "Preview", Integer()),
    )


@dataclass(frozen=True)
class Location(Mapped):
    """airsyncbase:Location (16.0 and later; replaces the string Location of 14.1)."""
    display_name: str | None = None
    annotation: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    postal_code: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    accuracy: str | None = None
    altitude: str | None = None
    altitude_accuracy: str | None = None
    location_uri: str | None = None
    FIELDS: ClassVar = tuple(
        Field(attr, _A + tag, Text()) for attr, tag in (
            ("display_name", "DisplayName"), ("annotation", "Annotation"),
            ("street", "Street"), ("city", "City"), ("state", "State"),
            ("country", "Country"), ("postal_code", "PostalCode"), ("latitude", "Latitude"),
            ("longitude", "Longitude"), ("accuracy", "Accuracy"), ("altitude", "Altitude"),
            ("altitude_accuracy", "AltitudeAccuracy"), ("location_uri", "LocationUri")))
