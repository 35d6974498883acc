"""MeetingResponse against [MS-ASCMD]: the InstanceId date forms, the proposal pair, the
organizer's ResponseRequested on every version, and the status table (issue 10, items 1-4).

Each test names the section it checks."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

import fastwbxml
from fastwbxml.eas import (EASValueError, MeetingResponse, MeetingResponseRequest,
                           MeetingResponseResponse, MeetingResponseResult,
                           MeetingResponseStatus, SendResponse, UserResponse,
                           format_datetime, parse_datetime)

UTC = dt.timezone.utc
T = dt.datetime(2010, 4, 8, 18, 16, tzinfo=UTC)


def _texts(wbxml: bytes, name: str) -> list:
    return [e.text for e in fastwbxml.loads(wbxml).iter() if e.tag == "MeetingResponse:" + name]


# -- item 1: InstanceId ---------------------------------------------------------------------
@pytest.mark.parametrize("version", ["14.1", "16.0", "16.1"])
def test_request_instance_id_text_is_24_char_datetime_ms_ascmd_2_2_3_92_1(version):
    """[MS-ASCMD] 2.2.3.92.1: the InstanceId of a Request is "a string in dateTime format
    with the punctuation separators, for example, 2010-04-08T18:16:00.000Z", in 14.1 and
    in 16.x alike (the section gives one format for every version)."""
    req = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1",
        instance_id=T)])
    assert _texts(req.to_wbxml(version), "InstanceId") == ["2010-04-08T18:16:00.000Z"]


@pytest.mark.parametrize("version", ["16.0", "16.1"])
def test_result_instance_id_text_is_24_char_datetime_ms_ascmd_6_26(version):
    """[MS-ASCMD] 6.26 (MeetingResponse response schema): Result InstanceId is a string of
    minLength = maxLength = 24, i.e. ``2010-04-08T18:16:00.000Z``, not the 16-character
    Compact DateTime."""
    resp = MeetingResponseResponse(results=[MeetingResponseResult(
        status=MeetingResponseStatus.SUCCESS, request_id="5:1", calendar_id="2:2",
        instance_id=T)])
    texts = _texts(resp.to_wbxml(version), "InstanceId")
    assert texts == ["2010-04-08T18:16:00.000Z"] and len(texts[0]) == 24


SPEC_4_17_1 = """<?xml version="1.0" encoding="utf-8"?>
<MeetingResponse xmlns:search="Search:" xmlns="MeetingResponse:">
  <Request>
    <UserResponse>2</UserResponse>
    <CollectionId>19</CollectionId>
    <RequestId>19:39</RequestId>
    <InstanceId>20090907T07:00:00.000Z</InstanceId>
  </Request>
  <Request>
    <UserResponse>1</UserResponse>
    <search:LongId>RgAAAju\u2026  \u2026ALS8pQAARL</search:LongId>
    <InstanceId>20091210T17:30:00.000Z</InstanceId>
  </Request>
</MeetingResponse>"""


def test_ms_ascmd_example_4_17_1_decodes_whole():
    """[MS-ASCMD] 4.17.1: the spec's own MeetingResponse request writes InstanceId in a
    hybrid form (compact date, extended time); the whole example decodes."""
    wbxml = fastwbxml.dumps(fastwbxml.from_xml(SPEC_4_17_1))
    msg = MeetingResponse.from_wbxml(wbxml)
    first, second = msg.requests
    assert (first.user_response, first.collection_id, first.request_id) == (
        UserResponse.TENTATIVE, "19", "19:39")
    assert first.instance_id == dt.datetime(2009, 9, 7, 7, tzinfo=UTC)
    assert second.long_id == "RgAAAju\u2026  \u2026ALS8pQAARL"
    assert second.instance_id == dt.datetime(2009, 12, 10, 17, 30, tzinfo=UTC)
    # written back exactly: the 24-character dateTime form
    assert _texts(msg.to_wbxml("14.1"), "InstanceId") == [
        "2009-09-07T07:00:00.000Z", "2009-12-10T17:30:00.000Z"]


_aware = st.datetimes(min_value=dt.datetime(1601, 1, 2), max_value=dt.datetime(9998, 12, 30),
                      timezones=st.sampled_from([UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                                                 dt.timezone(dt.timedelta(hours=-8))]))

def _ms(u: dt.datetime) -> str:
    return f"{u.microsecond // 1000:03d}Z"


_FORMS = {
    # form name -> (writer, precision kept)
    "compact": (lambda u: u.strftime("%Y%m%dT%H%M%SZ"), "s"),
    "datetime-24": (lambda u: u.strftime("%Y-%m-%dT%H:%M:%S.") + _ms(u), "ms"),
    "hybrid-4.17.1": (lambda u: u.strftime("%Y%m%dT%H:%M:%S.") + _ms(u), "ms"),
    "datetime-no-fraction": (lambda u: u.strftime("%Y-%m-%dT%H:%M:%SZ"), "s"),
    "datetime-offset": (lambda u: u.isoformat(timespec="microseconds"), "us"),
    "datetime-date-compact-time": (lambda u: u.strftime("%Y-%m-%dT%H%M%SZ"), "s"),
}


def _truncate(value: dt.datetime, precision: str) -> dt.datetime:
    if precision == "s":
        return value.replace(microsecond=0)
    if precision == "ms":
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


@given(_aware, st.sampled_from(sorted(_FORMS)))
def test_every_date_form_written_then_read_is_the_same_instant_ms_asdtype_2_3_2_7_2(value, form):
    """[MS-ASDTYPE] 2.3 dateTime / 2.7.2 Compact DateTime and the hybrid of [MS-ASCMD]
    4.17.1: for every form a server may send, written then read gives the same instant
    (to the precision the form carries)."""
    write, precision = _FORMS[form]
    u = value.astimezone(UTC) if form != "datetime-offset" else value
    text = write(u)
    assert parse_datetime(text) == _truncate(value, precision)


@given(_aware, st.booleans())
def test_written_forms_are_exact_and_read_back_ms_asdtype(value, compact):
    """What fastwbxml writes is exactly 16 (compact) or 24 (dateTime) characters and reads
    back as the same instant."""
    text = format_datetime(value, compact=compact)
    assert len(text) == (16 if compact else 24)
    assert parse_datetime(text) == _truncate(value, "s" if compact else "ms")


@pytest.mark.parametrize("text", ["2009-0907T07:00:00.000Z", "20090907T07:0000Z",
                                  "20090907T07:00:00.000ZZ", "2009-09-07T07:00:00.000+2:00",
                                  "2009-09-07 07:00:00Z", "20091307T070000Z", ""])
def test_malformed_dates_are_refused(text):
    from fastwbxml.eas import EASParseError
    with pytest.raises(EASParseError):
        parse_datetime(text)


# -- item 2: the proposal pair ---------------------------------------------------------------
def test_proposed_start_without_end_refused_ms_ascmd_2_2_3_140():
    """[MS-ASCMD] 2.2.3.140: "If ProposedStartTime is included as a child element, then
    ProposedEndTime is a required child element as well."  The error names both."""
    send = SendResponse(proposed_start_time=T)
    with pytest.raises(EASValueError) as exc:
        MeetingResponse(requests=[MeetingResponseRequest(
            user_response=UserResponse.TENTATIVE, collection_id="5", request_id="5:1",
            send_response=send)]).to_wbxml("16.1")
    assert "ProposedStartTime" in str(exc.value) and "ProposedEndTime" in str(exc.value)


def test_proposed_end_without_start_refused_ms_ascmd_2_2_3_141():
    """[MS-ASCMD] 2.2.3.141: ProposedEndTime requires ProposedStartTime."""
    with pytest.raises(EASValueError) as exc:
        SendResponse(proposed_end_time=T).to_children("16.1")
    assert "ProposedStartTime" in str(exc.value) and "ProposedEndTime" in str(exc.value)


@pytest.mark.parametrize("delta", [dt.timedelta(0), dt.timedelta(minutes=-30)])
def test_proposed_end_not_after_start_refused_ms_ascmd_2_2_3_140(delta):
    """A proposal whose end is not after its start is not a time slot."""
    with pytest.raises(EASValueError, match="ProposedEndTime.*after.*ProposedStartTime"):
        SendResponse(proposed_start_time=T, proposed_end_time=T + delta).to_children("16.1")


def test_proposal_pair_written_compact_ms_ascmd_6_25():
    """[MS-ASCMD] 6.25: ProposedStartTime / ProposedEndTime are 16-character Compact
    DateTime strings."""
    req = MeetingResponse(requests=[MeetingResponseRequest(
        user_response=UserResponse.TENTATIVE, collection_id="5", request_id="5:1",
        send_response=SendResponse(proposed_start_time=T,
                                   proposed_end_time=T + dt.timedelta(hours=1)))])
    wbxml = req.to_wbxml("16.1")
    assert _texts(wbxml, "ProposedStartTime") == ["20100408T181600Z"]
    assert _texts(wbxml, "ProposedEndTime") == ["20100408T191600Z"]


# -- item 3: the organizer's ResponseRequested, on every version ------------------------------
def _meeting(**details):
    import dataclasses
    from . import seed
    return dataclasses.replace(seed.MEETING, meeting=dataclasses.replace(seed.MEETING.meeting,
                                                                         **details))


def _flow(version, meeting, response=UserResponse.ACCEPTED, **decision):
    from fastwbxml.eas import MeetingDecision, MeetingResponseFlow
    return MeetingResponseFlow(meeting, MeetingDecision(response, **decision),
                               version, collection_id="5", request_id="5:1",
                               attendee='"Bob" <bob@contoso.com>', client_id="reply-5-1")


@pytest.mark.parametrize("version", ["16.0", "16.1"])
def test_16x_sends_no_sendresponse_when_organizer_asked_none_ms_ascmd_2_2_3_163(version):
    """[MS-ASCMD] 2.2.1.11 / 2.2.3.163: in 16.x the server mails the organizer only when
    SendResponse is present; with ResponseRequested 0 ([MS-ASEMAIL] 2.2.2.62) the 16.x
    request carries none, as the 14.1 path sends no SendMail."""
    from fastwbxml.eas import Action
    pytest.importorskip("icalendar")
    flow = _flow(version, _meeting(response_requested=False), comment="ok")
    assert flow.request.requests[0].send_response is None
    assert b"SendResponse" not in fastwbxml.to_xml(
        fastwbxml.loads(flow.start().messages[0].to_wbxml(version))).encode()
    assert flow.plan() == ["MeetingResponse", "Sync"]
    answer = MeetingResponseResponse(results=[MeetingResponseResult(
        status=MeetingResponseStatus.SUCCESS, request_id="5:1", calendar_id="2:2")])
    step = flow.on_meeting_response(answer)
    assert step.action is Action.SYNC_CALENDAR and "no reply" in step.reason
    # and with a response requested, 16.x still asks the server to send it
    assert _flow(version, _meeting(response_requested=True)).request.requests[0].send_response


@pytest.mark.parametrize("mtype", [3, 4, 5, 6])
def test_16x_sends_no_sendresponse_for_unanswered_message_types_ms_asemail_2_2_2_47(mtype):
    """The same rule for a message type that is not answered, with ResponseRequested 1."""
    from fastwbxml.eas import MeetingMessageType
    flow = _flow("16.1", _meeting(response_requested=True,
                                   meeting_message_type=MeetingMessageType(mtype)))
    assert flow.request.requests[0].send_response is None
    assert flow.plan() == ["MeetingResponse", "Sync"]


def test_no_proposal_when_organizer_asked_no_response():
    """A new time proposal is a response: with ResponseRequested 0 it is refused up front
    (EASValueError), not silently dropped."""
    with pytest.raises(EASValueError, match="asked for no response"):
        _flow("16.1", _meeting(response_requested=False), UserResponse.TENTATIVE,
              proposed_start=T,
              proposed_end=T + dt.timedelta(hours=1))


@pytest.mark.parametrize("mtype,answered", [(None, True), (0, True), (1, True), (2, True),
                                            (3, False), (4, False), (5, False), (6, False)])
def test_needs_response_by_meeting_message_type_ms_asemail_2_2_2_47(mtype, answered):
    """[MS-ASEMAIL] 2.2.2.47 MeetingMessageType (meanings as in [MS-OXWSMTGS] 2.2.5.9):
    initial requests (1), full updates (2) and unspecified (0, also the default) are
    answered; an informational update (3: the attendee already accepted), an outdated
    request (4: a newer one arrived), the delegator's copy (5: the delegate answers) and a
    delegated request (6: MUST NOT be responded to) are not."""
    from fastwbxml.eas import MeetingMessageType
    m = _meeting(response_requested=True,
                 meeting_message_type=None if mtype is None else MeetingMessageType(mtype))
    assert m.meeting.needs_response is answered


# -- item 4: statuses -------------------------------------------------------------------------
@pytest.mark.parametrize("code", [141, 142, 143, 144])
def test_policy_statuses_reprovision_ms_ascmd_2_2_2_ms_asprov_3_1_5_2(code):
    """[MS-ASCMD] 2.2.2 and [MS-ASPROV] 3.1.5.2: 141-144 say the device's policy (key) is
    missing or not current; the client provisions and resends (141: "Include a policy key
    value in the X-MS-PolicyKey header")."""
    from fastwbxml.eas import Action, Retry
    from . import seed
    assert MeetingResponseStatus(code).retry is Retry.REPROVISION
    flow = _flow("14.1", seed.MEETING)
    flow.start()
    step = flow.on_meeting_response(MeetingResponseResponse(results=[MeetingResponseResult(
        status=MeetingResponseStatus(code), request_id="5:1")]))
    assert step.action is Action.REPROVISION


def test_118_after_resent_sendmail_is_success_ms_ascmd_2_2_2():
    """[MS-ASCMD] 2.2.2, 118 MessagePreviouslySent: "This request contains a ClientId that
    was already used in a recent message."  The flow resends its reply with the same
    ClientId, so 118 on the resend means the first attempt was delivered: success."""
    from fastwbxml.eas import Action, SendMailResponse
    from . import seed
    pytest.importorskip("icalendar")
    flow = _flow("14.1", seed.MEETING)
    flow.start()
    step = flow.on_meeting_response(seed.MR_RESPONSE)
    first = step.messages[0].message
    step = flow.on_send_mail(SendMailResponse(status=120).to_wbxml("14.1"))   # submission failed
    assert step.action is Action.RETRY
    assert step.messages[0].message.client_id == first.client_id == "reply-5-1"
    step = flow.on_send_mail(SendMailResponse(status=118).to_wbxml("14.1"))
    assert step.action is Action.SYNC_CALENDAR
    assert step.status is MeetingResponseStatus.MESSAGE_PREVIOUSLY_SENT


def test_sendmail_policy_status_reprovisions_and_resends_same_mail():
    """A SendMail answered 142 (DeviceNotProvisioned) provisions, then resends the reply
    with the same ClientId."""
    from fastwbxml.eas import Action, SendMailResponse
    from . import seed
    pytest.importorskip("icalendar")
    flow = _flow("14.1", seed.MEETING)
    flow.start()
    flow.on_meeting_response(seed.MR_RESPONSE)
    step = flow.on_send_mail(SendMailResponse(status=142).to_wbxml("14.1"))
    assert step.action is Action.REPROVISION
    assert step.messages[0].message.client_id == "reply-5-1"


# [MS-ASCMD] 2.2.2 Common Status Codes: value -> (element name, start of the Meaning column)
SPEC_2_2_2 = {
    101: ("InvalidContent", "The body of the HTTP request sent by the client is invalid."),
    102: ("InvalidWBXML", "The request contains WBXML but it could not be decoded into XML."),
    103: ("InvalidXML", "The XML provided in the request does not follow the protocol requirements."),
    104: ("InvalidDateTime", "The request contains a timestamp that could not be parsed into a valid date and time."),
    105: ("InvalidCombinationOfIDs", "The request contains a combination of parameters that is invalid."),
    106: ("InvalidIDs", "The request contains one or more IDs that could not be parsed into valid values."),
    107: ("InvalidMIME", "The request contains MIME that could not be parsed."),
    108: ("DeviceIdMissingOrInvalid", "The device ID is either missing or has an invalid format."),
    109: ("DeviceTypeMissingOrInvalid", "The device type is either missing or has an invalid format."),
    110: ("ServerError", "The server encountered an unknown error, the device SHOULD NOT retry later."),
    111: ("ServerErrorRetryLater", "The server encountered an unknown error, the device SHOULD retry later."),
    112: ("ActiveDirectoryAccessDenied", "The server does not have access to read/write to an object in the directory service."),
    113: ("MailboxQuotaExceeded", "The mailbox has reached its size quota."),
    114: ("MailboxServerOffline", "The mailbox server is offline."),
    115: ("SendQuotaExceeded", "The request would exceed the send quota."),
    116: ("MessageRecipientUnresolved", "One of the recipients could not be resolved to an email address."),
    117: ("MessageReplyNotAllowed", "The mailbox server will not allow a reply of this message."),
    118: ("MessagePreviouslySent", "The message was already sent in a previous request."),
    119: ("MessageHasNoRecipient", "The message being sent contains no recipient."),
    120: ("MailSubmissionFailed", "The server failed to submit the message for delivery."),
    121: ("MessageReplyFailed", "The server failed to create a reply message."),
    122: ("AttachmentIsTooLarge", "The attachment is too large to be processed by this request."),
    123: ("UserHasNoMailbox", "A mailbox could not be found for the user."),
    124: ("UserCannotBeAnonymous", "The request was sent without credentials."),
    125: ("UserPrincipalCouldNotBeFound", "The user was not found in the directory service."),
    126: ("UserDisabledForSync", "The user object in the directory service indicates that this user is not allowed to use ActiveSync."),
    127: ("UserOnNewMailboxCannotSync", "The server is configured to prevent users from syncing."),
    128: ("UserOnLegacyMailboxCannotSync", "The server is configured to prevent users on legacy servers from syncing."),
    129: ("DeviceIsBlockedForThisUser", "The user is configured to allow only some devices to sync."),
    130: ("AccessDenied", "The user is not allowed to perform that request."),
    131: ("AccountDisabled", "The user's account is disabled."),
    132: ("SyncStateNotFound", "The server's data file that contains the state of the client was unexpectedly missing."),
    133: ("SyncStateLocked", "The server's data file that contains the state of the client is locked"),
    134: ("SyncStateCorrupt", "The server's data file that contains the state of the client appears to be corrupt."),
    135: ("SyncStateAlreadyExists", "The server's data file that contains the state of the client already exists."),
    136: ("SyncStateVersionInvalid", "The version of the server's data file that contains the state of the client is invalid."),
    137: ("CommandNotSupported", "The command is not supported by this server."),
    138: ("VersionNotSupported", "The command is not supported in the protocol version specified."),
    139: ("DeviceNotFullyProvisionable", "The device uses a protocol version that cannot send all the policy settings the admin enabled."),
    140: ("RemoteWipeRequested", "A remote wipe was requested."),
    141: ("LegacyDeviceOnStrictPolicy", "A policy is in place but the device is not provisionable."),
    142: ("DeviceNotProvisioned", "There is a policy in place; the device needs to provision."),
    143: ("PolicyRefresh", "The policy is configured to be refreshed every few hours."),
    144: ("InvalidPolicyKey", "The device's policy key is invalid."),
    145: ("ExternallyManagedDevicesNotAllowed", "The device claimed to be externally managed, but the server doesn't allow externally managed devices to sync."),
    146: ("NoRecurrenceInCalendar", "The request tried to forward an occurrence of a meeting that has no recurrence."),
    147: ("UnexpectedItemClass", "The request tried to operate on a type of items unknown to the server."),
    148: ("RemoteServerHasNoSSL", "The request needs to be proxied to another server but that server doesn't have Secure Sockets Layer enabled."),
    149: ("InvalidStoredRequest", "The server had stored the previous request from that device."),
    150: ("ItemNotFound", "The ItemId value specified in the SmartReply command or SmartForward command request could not be found in the mailbox."),
    151: ("TooManyFolders", "The mailbox contains too many folders."),
    152: ("NoFoldersFound", "The mailbox contains no folders."),
    153: ("ItemsLostAfterMove", "After moving items to the destination folder, some of those items could not be found."),
    154: ("FailureInMoveOperation", "The mailbox server returned an unknown error while moving items."),
    155: ("MoveCommandDisallowedForNonPersistentMoveAction", "An ItemOperations command request to move a conversation is missing the MoveAlways element."),
    156: ("MoveCommandInvalidDestinationFolder", "The destination folder for the move is invalid."),
    160: ("AvailabilityTooManyRecipients", "The command has reached the maximum number of recipients that it can request availability for."),
    161: ("AvailabilityDLLimitReached", "The size of the distribution list is larger than the availability service is configured to process."),
    162: ("AvailabilityTransientFailure", "Availability service request failed with a transient error."),
    163: ("AvailabilityFailure", "Availability service request failed with an error."),
    164: ("BodyPartPreferenceTypeNotSupported", "The BodyPartPreference node has an unsupported Type element value."),
    165: ("DeviceInformationRequired", "The required DeviceInformation element is missing in the Provision request."),
    166: ("InvalidAccountId", "The AccountId value is not valid."),
    167: ("AccountSendDisabled", "The AccountId value specified in the request does not support sending email."),
    168: ("IRM_FeatureDisabled", "The Information Rights Management feature is disabled."),
    169: ("IRM_TransientError", "Information Rights Management encountered an error."),
    170: ("IRM_PermanentError", "Information Rights Management encountered an error."),
    171: ("IRM_InvalidTemplateID", "The Template ID value is not valid."),
    172: ("IRM_OperationNotPermitted", "Information Rights Management does not support the specified operation."),
    173: ("NoPicture", "The user does not have a contact photo."),
    174: ("PictureTooLarge", "The contact photo exceeds the size limit set by the MaxSize element."),
    175: ("PictureLimitReached", "The number of contact photos returned exceeds the size limit set by the MaxPictures element."),
    176: ("BodyPart_ConversationTooLarge", "The conversation is too large to compute the body parts."),
    177: ("MaximumDevicesReached", "The user's account has too many device partnerships."),
}


@pytest.mark.parametrize("code", sorted(SPEC_2_2_2))
def test_common_status_text_follows_ms_ascmd_2_2_2(code):
    """[MS-ASCMD] 2.2.2: each common status carries the spec's element name and the words
    of its Meaning column (not a paraphrase)."""
    name, meaning = SPEC_2_2_2[code]
    text = MeetingResponseStatus(code).meaning
    assert text.startswith(name + ": ")
    body = text[len(name) + 2:]
    assert (body[0].upper() + body[1:]).startswith(meaning)


def test_every_common_status_is_in_the_table():
    """No common code is defined twice or missing between 101 and 177 (157-159 unassigned)."""
    ours = {m.value for m in MeetingResponseStatus if m.value >= 101}
    assert ours == set(SPEC_2_2_2)
