"""fastwbxml: an exact, strict and fast WBXML codec for Exchange ActiveSync.

>>> import fastwbxml
>>> root = fastwbxml.loads(b"\\x03\\x01\\x6a\\x00\\x00\\x08\\x47\\x49\\x4c\\x03\\x31\\x00\\x01\\x01\\x01")
>>> root.tag, root.find("Request/UserResponse").text
('MeetingResponse:MeetingResponse', '1')
"""
from . import tables
from ._api import (IMPLEMENTATION, Document, EventReader, dumps, dumps_fragment, iterparse,
                   loads, loads_document, loads_fragment)
from ._header import EAS_HEADER, Header
from ._version import __version__
from .element import Element, SubElement
from .errors import (DecodeError, EncodeError, HeaderError, InvalidStringError, LimitError,
                     MbUInt32Error, StructureError, TruncatedError, UnknownCodePageError,
                     UnknownTagError, UnsupportedTokenError, WBXMLError, XMLViewError)
from .xmlview import from_etree, from_xml, to_etree, to_xml


__all__ = [
    "loads", "dumps", "loads_document", "loads_fragment", "dumps_fragment", "iterparse",
    "EventReader", "tables", "Element", "SubElement", "Document", "Header", "EAS_HEADER", "IMPLEMENTATION",
    "to_xml", "from_xml", "to_etree", "from_etree",
    "WBXMLError", "DecodeError", "EncodeError", "TruncatedError", "HeaderError",
    "MbUInt32Error", "UnknownCodePageError", "UnknownTagError", "UnsupportedTokenError",
    "InvalidStringError", "StructureError", "LimitError", "XMLViewError",
]
