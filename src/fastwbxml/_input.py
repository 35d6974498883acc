"""Opening the input: any bytes-like object becomes one flat, bounded byte view.

Every decoding entry point (tree decoder, event reader, token listing) starts here, in
both implementations' order of checks: first the size, against ``max_input_len``, before a
single byte is looked at (so an oversized input costs nothing to refuse); then the shape:
a multi-dimensional or wide-item buffer is cast to unsigned bytes, so offsets are byte
offsets whatever the caller passed.  On refusal the view is released before raising, so the
traceback does not keep the caller's buffer exported (a ``bytearray`` could not be resized).

This module imports only the error constructors.
"""
from __future__ import annotations

from .errors import err_input_too_long

__all__ = ["open_input"]


def open_input(data, max_input_len) -> memoryview:
    """A flat byte view of *data*, once its size is within *max_input_len*."""
    mv = memoryview(data)
    if mv.nbytes > max_input_len:
        n = mv.nbytes
        mv.release()  # (the traceback must not keep the caller's buffer exported)
        raise err_input_too_long(n, max_input_len)
    if mv.ndim != 1 or mv.itemsize != 1:
        mv = mv.cast("B")
    return mv
