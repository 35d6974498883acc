"""Type stub: Document's fields, typed (the module names them without importing them)."""
from typing import NamedTuple

from ._header import Header
from .element import Element

class Document(NamedTuple):
    header: Header
    root: Element
