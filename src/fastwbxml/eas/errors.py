"""The exceptions of the EAS bindings.

Every error derives from :class:`EASError` (a ``ValueError``), so one ``except`` catches
them all; codec errors (:class:`fastwbxml.WBXMLError`) pass through unchanged.
"""
from __future__ import annotations

__all__ = ["EASError", "EASParseError", "EASValueError", "VersionError",
           "UnknownTimeZoneError"]


class EASError(ValueError):
    """Base class of the errors raised by :mod:`fastwbxml.eas`."""


class EASParseError(EASError):
    """A decoded element tree does not have the shape the bindings expect (wrong root,
    a value that is not a number / date / boolean, a single-valued element repeated)."""


class EASValueError(EASError):
    """An object that cannot be written as a valid message (missing required field,
    mutually exclusive fields both set)."""


class VersionError(EASError):
    """A field (or a value of a field) that the chosen protocol version does not have.

    ``field`` is ``"Class.attribute"``, ``tag`` the qualified WBXML tag and ``version``
    the EAS protocol version that was asked for.
    """

    def __init__(self, field: str, tag: str, version: str, detail: str = ""):
        self.field = field
        self.tag = tag
        self.version = version
        msg = f"{field} ({tag}) is not allowed in EAS protocol version {version}"
        super().__init__(f"{msg}: {detail}" if detail else msg)


class UnknownTimeZoneError(EASValueError):
    """A time zone name (as Microsoft Graph uses them) that is neither a Windows zone
    name of CLDR's windowsZones table nor an IANA name.  ``name`` is the name given."""

    def __init__(self, name, detail: str = ""):
        self.name = name
        msg = f"unknown time zone {name!r}"
        super().__init__(f"{msg}: {detail}" if detail else msg)
