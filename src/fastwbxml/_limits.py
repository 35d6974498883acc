"""The default decoding limits, one declaration for both implementations.

Untrusted input must not make the decoder build without bound.  Five limits bound it, each a
keyword argument of every decoding entry point: ``max_depth`` (open elements),
``max_elements`` (elements in one message), ``max_string_len`` (bytes of one inline
string), ``max_opaque_len`` (bytes of one OPAQUE value) and ``max_input_len`` (the input
itself, checked before anything is decoded).  The defaults below let every real EAS message
through; SECURITY.md explains the figures.  The Python decoder, the native core and their
signatures all read them from here.

A limit must be an integer (anything with ``__index__``).  Both implementations take the
five limits as integers at the start of each call, before the input is looked at: the native
core converts them to C integers there, and the Python codec calls :func:`check_limits`, so
a bad limit is the same ``TypeError`` in both, whatever the input.

This module imports nothing of the package.
"""
from operator import index as _index

__all__ = ["DEFAULT_MAX_DEPTH", "DEFAULT_MAX_ELEMENTS", "DEFAULT_MAX_STRING_LEN",
           "DEFAULT_MAX_OPAQUE_LEN", "DEFAULT_MAX_INPUT_LEN", "check_limits"]

DEFAULT_MAX_DEPTH = 256
DEFAULT_MAX_ELEMENTS = 1_000_000
DEFAULT_MAX_STRING_LEN = 64 * 1024 * 1024
DEFAULT_MAX_OPAQUE_LEN = 256 * 1024 * 1024
# the largest OPAQUE value the default allows, plus 1 MiB for the message around it
DEFAULT_MAX_INPUT_LEN = DEFAULT_MAX_OPAQUE_LEN + 1024 * 1024


def check_limits(*limits) -> None:
    """Refuse, in the signature's order, a limit that is not an integer: the ``TypeError``
    (and its text) of the native core's conversion."""
    for value in limits:
        _index(value)
