"""The meeting-response workflow on top of the bindings.

:mod:`.graph` and :mod:`.decision` turn an answer (accept, tentative, decline, with a
comment or a new time) into Graph actions or EAS requests; :mod:`.reply` builds the
iCalendar reply mail; :mod:`.flow` walks a whole exchange (FolderSync, Sync, the answer,
the calendar changes to expect) step by step, sans-IO.  Nothing below this folder imports
it.
"""
