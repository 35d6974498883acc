"""The EAS commands the meeting flow sends and reads, one module a command.

Each command is a pair of :class:`~fastwbxml.eas.binding.Message` classes (request and
response) built from the items in :mod:`fastwbxml.eas.items`: :mod:`.folder_sync`,
:mod:`.sync`, :mod:`.meeting_response` and :mod:`.send_mail`.  They hold no workflow;
:mod:`fastwbxml.eas.meeting` decides what to send.
"""
