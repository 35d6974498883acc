"""Codecs for the blobs and strings EAS carries inside elements.

Each module turns one kind of packed value into Python and back, with no knowledge of
elements or messages: :mod:`.dates` the two EAS date forms, :mod:`.timezone` the base64
TIME_ZONE_INFORMATION blob, :mod:`.globalobjid` the GlobalObjId that wraps an iCalendar
UID, :mod:`.zonenames` Windows and IANA zone names.  The bindings call them; they call
nothing of the bindings, which keeps this folder a leaf of the package.
"""
