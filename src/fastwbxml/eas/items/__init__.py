"""The items a Sync carries in ApplicationData, and the pieces they share.

:mod:`.airsyncbase` holds Body, BodyPreference and Location ([MS-ASAIRS]); :mod:`.schedule`
what every scheduled item shares (the recurrence pattern, the time-zone blob);
:mod:`.calendar` the calendar item ([MS-ASCAL]); :mod:`.email` the email envelope and the
meeting request inside one ([MS-ASEMAIL]).  Items know nothing of the commands that carry
them; the commands import the items.
"""
