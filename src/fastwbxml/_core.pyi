"""Type stub of the native core (fastwbxml._core, built from _core.pyx): the same entry
points as the pure-Python codec; see fastwbxml._api for their documentation."""
from typing import Any, Optional

from ._api import (EventReader as EventReader, dumps as dumps,
                   dumps_fragment as dumps_fragment, iterparse as iterparse, loads as loads,
                   loads_document as loads_document, loads_fragment as loads_fragment)
from ._document import Document as Document
from ._header import Header
from .element import Element as Element

def decode(data: Any, *, fragment: bool = ..., page: int = ..., eas_only: bool = ...,
           strict: bool = ..., opaque_memoryview: bool = ..., max_depth: int = ...,
           max_elements: int = ..., max_string_len: int = ...,
           max_opaque_len: int = ...,
           max_input_len: int = ...) -> tuple[Optional[Header], list[Element]]: ...
def encode(roots: Any, initial_page: int = ...) -> bytes: ...
