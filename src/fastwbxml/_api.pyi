"""Type stub: the public entry points, the same whichever implementation is active."""
from typing import Any, Iterable, Iterator, Literal, Optional, Union

from ._document import Document as Document
from ._header import Header
from .element import Element

Buffer = Any  # any object with the buffer protocol (bytes, bytearray, memoryview, ...)
Event = tuple[Literal["start", "end", "text", "opaque"], Union[str, bytes, memoryview]]

__all__ = ["Codec", "PYTHON", "NATIVE", "ACTIVE", "loads", "dumps", "loads_document",
           "loads_fragment", "dumps_fragment", "iterparse", "Document", "EventReader",
           "IMPLEMENTATION"]

class EventReader(Iterator[Event]):
    header: Optional[Header]
    offset: int
    content_bit: bool
    def __init__(self, data: Buffer, *, fragment: bool = ..., page: int = ...,
                 strict: bool = ..., opaque_memoryview: bool = ..., max_depth: int = ...,
                 max_elements: int = ..., max_string_len: int = ...,
                 max_opaque_len: int = ...,
                 max_input_len: int = ...) -> None: ...
    @property
    def depth(self) -> int: ...
    def __iter__(self) -> EventReader: ...
    def __next__(self) -> Event: ...
    def skip(self) -> None: ...

def loads(data: Buffer, *, strict: bool = ..., opaque_memoryview: bool = ...,
          max_depth: int = ..., max_elements: int = ..., max_string_len: int = ...,
          max_opaque_len: int = ...,
          max_input_len: int = ...) -> Element: ...
def loads_document(data: Buffer, *, strict: bool = ..., opaque_memoryview: bool = ...,
                   max_depth: int = ..., max_elements: int = ..., max_string_len: int = ...,
                   max_opaque_len: int = ...,
                   max_input_len: int = ...) -> Document: ...
def loads_fragment(data: Buffer, *, page: int = ..., strict: bool = ...,
                   opaque_memoryview: bool = ..., max_depth: int = ..., max_elements: int = ...,
                   max_string_len: int = ..., max_opaque_len: int = ...,
                   max_input_len: int = ...) -> list[Element]: ...
def iterparse(data: Buffer, *, fragment: bool = ..., page: int = ..., strict: bool = ...,
              opaque_memoryview: bool = ..., max_depth: int = ..., max_elements: int = ...,
              max_string_len: int = ..., max_opaque_len: int = ...,
              max_input_len: int = ...) -> EventReader: ...
def dumps(obj: Union[Element, Document]) -> bytes: ...
def dumps_fragment(elements: Union[Element, Iterable[Element]], *, page: int = ...) -> bytes: ...

class Codec:
    name: str
    loads: Any
    loads_document: Any
    loads_fragment: Any
    iterparse: Any
    dumps: Any
    dumps_fragment: Any
    EventReader: type
    Element: type
    _decode: Any
    _encode: Any
    _EventReader: type

PYTHON: Codec
NATIVE: Optional[Codec]
ACTIVE: Codec
IMPLEMENTATION: Literal["native", "python"]
