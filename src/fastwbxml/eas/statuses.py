"""The status codes of the command responses, and what a client does after each.

Every status enum here is an :class:`enum.IntEnum` whose members carry the table row of
the specification: ``meaning``, ``resolution`` (the Resolution column, in words) and
``retry`` (the same column as a :class:`Retry` the flow can act on).  A code the table
lacks does not fail: it becomes a pseudo-member ``UNKNOWN_<n>`` that reads as a
permanent failure, so a client keeps working against a newer server.

Sources: [MS-ASCMD] 2.2.3.177.9 Status (MeetingResponse), 2.2.2 Common Status Codes,
Status (Sync), Status (FolderSync).
"""
from __future__ import annotations

import enum

__all__ = ["Retry", "MeetingResponseStatus", "SyncStatus", "FolderSyncStatus"]


class Retry(enum.Enum):
    """What a client does after a status, as the status tables' Resolution column says."""
    NONE = "none"                      #: success: nothing to retry
    NO = "no"                          #: permanent for this request: do not resend it as is
    RETRY = "retry"                    #: transient: resend the same request (with back-off)
    RETRY_THEN_RESYNC = "retry-resync" #: resend; if it keeps failing, Sync the folder and
                                       #: resend; if it still fails, make no changes
    REPROVISION = "reprovision"        #: run Provision again, then resend
    FIX_REQUEST = "fix"                #: a client bug or unsupported feature: fix the request
    USER = "user"                      #: needs the user or an administrator


class _StatusEnum(enum.IntEnum):
    """An IntEnum whose members carry ``meaning``, ``resolution`` and ``retry``; a code
    that the table lacks becomes a pseudo-member ``UNKNOWN_<n>`` instead of failing, so a
    client reading a new server's answer keeps working."""

    def __new__(cls, value: int, meaning: str = "", resolution: str = "",
                retry: Retry = Retry.NO):
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj.meaning = meaning
        obj.resolution = resolution
        obj.retry = retry
        return obj

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj._name_ = f"UNKNOWN_{value}"
        obj.meaning = "A status code the protocol documents do not define."
        obj.resolution = "Treat as a failure; do not retry automatically."
        obj.retry = Retry.NO
        return obj

    @property
    def is_success(self) -> bool:
        return self.value == 1

    @property
    def is_common(self) -> bool:
        """A code from [MS-ASCMD] 2.2.2 Common Status Codes (101 and above)."""
        return self.value >= 101


_R = Retry


class MeetingResponseStatus(_StatusEnum):
    """meetingresponse:Status ([MS-ASCMD] 2.2.3.177.9) and the common codes (2.2.2)."""
    SUCCESS = (1, "Success.", "None.", _R.NONE)
    INVALID_MEETING_REQUEST = (
        2, "Invalid meeting request: a malformed item, an item that is not a meeting "
        "request, e-mail or calendar item, an appointment the user organizes, or an "
        "InstanceId naming an e-mail meeting request or a missing instance.",
        "Stop sending the item. This is not a transient condition.", _R.NO)
    MAILBOX_ERROR = (
        3, "An error occurred on the server mailbox (misconfiguration, temporary system "
        "issue, bad item); frequently transient.",
        "Retry the MeetingResponse command. If continued attempts fail, synchronize the "
        "folder again, and then attempt the MeetingResponse command again. If it still "
        "continues to fail, make no changes.", _R.RETRY_THEN_RESYNC)
    SERVER_ERROR = (
        4, "An error occurred on the server (misconfiguration, temporary system issue, "
        "bad item); frequently transient.",
        "Retry the MeetingResponse command. If continued attempts fail, synchronize the "
        "folder again, and then attempt the MeetingResponse command again. If it still "
        "continues to fail, make no changes.", _R.RETRY_THEN_RESYNC)
    # -- [MS-ASCMD] 2.2.2 Common Status Codes ---------------------------------------------
    INVALID_CONTENT = (
        101,
        'InvalidContent: the body of the HTTP request sent by the client is '
        'invalid. Ensure the HTTP request is using the specified Content-Type and '
        'length, and that the request is not missing. (Examples: Ping command '
        'with a text/plain body, or SendMail command with version 12.1 and a '
        'WBXML body.)',
        'Check the Content-Type and the body; do not resend as is.', _R.FIX_REQUEST)
    INVALID_WBXML = (
        102,
        'InvalidWBXML: the request contains WBXML but it could not be decoded '
        'into XML.',
        'Fix the encoder; do not resend as is.', _R.FIX_REQUEST)
    INVALID_XML = (
        103,
        'InvalidXML: the XML provided in the request does not follow the protocol '
        'requirements.',
        'Fix the request; do not resend as is.', _R.FIX_REQUEST)
    INVALID_DATETIME = (
        104,
        'InvalidDateTime: the request contains a timestamp that could not be '
        'parsed into a valid date and time. (MeetingResponse: an InstanceId not '
        'in the dateTime format 2010-04-08T18:16:00.000Z, [MS-ASCMD] 2.2.3.92.1.)',
        'Correct the date format (InstanceId uses the extended dateTime form) and '
        'resend.', _R.FIX_REQUEST)
    INVALID_COMBINATION_OF_IDS = (
        105,
        'InvalidCombinationOfIDs: the request contains a combination of '
        'parameters that is invalid.',
        'Fix the request.', _R.FIX_REQUEST)
    INVALID_IDS = (
        106,
        'InvalidIDs: the request contains one or more IDs that could not be '
        'parsed into valid values. That is different from specifying an ID in the '
        'proper format that does not resolve to an existing item.',
        'Fix the IDs (resync the folder to get current ones).', _R.FIX_REQUEST)
    INVALID_MIME = (
        107,
        'InvalidMIME: the request contains MIME that could not be parsed.',
        'Fix the MIME.', _R.FIX_REQUEST)
    DEVICE_ID_MISSING_OR_INVALID = (
        108,
        'DeviceIdMissingOrInvalid: the device ID is either missing or has an '
        'invalid format.',
        'Send a valid DeviceId.', _R.FIX_REQUEST)
    DEVICE_TYPE_MISSING_OR_INVALID = (
        109,
        'DeviceTypeMissingOrInvalid: the device type is either missing or has an '
        'invalid format.',
        'Send a valid DeviceType.', _R.FIX_REQUEST)
    SERVER_ERROR_NO_RETRY = (
        110,
        'ServerError: the server encountered an unknown error, the device SHOULD '
        'NOT retry later.',
        'Do not retry.', _R.NO)
    SERVER_ERROR_RETRY_LATER = (
        111,
        'ServerErrorRetryLater: the server encountered an unknown error, the '
        'device SHOULD retry later.',
        'Retry later, with back-off.', _R.RETRY)
    ACTIVE_DIRECTORY_ACCESS_DENIED = (
        112,
        'ActiveDirectoryAccessDenied: the server does not have access to '
        'read/write to an object in the directory service.',
        'Needs an administrator.', _R.USER)
    MAILBOX_QUOTA_EXCEEDED = (
        113,
        'MailboxQuotaExceeded: the mailbox has reached its size quota.',
        'The user frees space.', _R.USER)
    MAILBOX_SERVER_OFFLINE = (
        114,
        'MailboxServerOffline: the mailbox server is offline.',
        'Retry later.', _R.RETRY)
    SEND_QUOTA_EXCEEDED = (
        115,
        'SendQuotaExceeded: the request would exceed the send quota.',
        'The user frees space.', _R.USER)
    MESSAGE_RECIPIENT_UNRESOLVED = (
        116,
        'MessageRecipientUnresolved: one of the recipients could not be resolved '
        'to an email address.',
        'Fix the recipients.', _R.USER)
    MESSAGE_REPLY_NOT_ALLOWED = (
        117,
        'MessageReplyNotAllowed: the mailbox server will not allow a reply of '
        'this message.',
        'Do not retry.', _R.NO)
    MESSAGE_PREVIOUSLY_SENT = (
        118,
        'MessagePreviouslySent: the message was already sent in a previous '
        'request. The server determined this by remembering the ClientId values '
        'of the last few sent messages. This request contains a ClientId that was '
        'already used in a recent message.',
        'Do not resend: a message with this ClientId was already delivered (after a '
        'resent SendMail with the same ClientId this is success).', _R.NO)
    MESSAGE_HAS_NO_RECIPIENT = (
        119,
        'MessageHasNoRecipient: the message being sent contains no recipient.',
        'Add a recipient.', _R.FIX_REQUEST)
    MAIL_SUBMISSION_FAILED = (
        120,
        'MailSubmissionFailed: the server failed to submit the message for '
        'delivery.',
        'Retry later.', _R.RETRY)
    MESSAGE_REPLY_FAILED = (
        121,
        'MessageReplyFailed: the server failed to create a reply message.',
        'Retry later.', _R.RETRY)
    ATTACHMENT_IS_TOO_LARGE = (
        122,
        'AttachmentIsTooLarge: the attachment is too large to be processed by '
        'this request.',
        'Shrink the message.', _R.USER)
    USER_HAS_NO_MAILBOX = (
        123,
        'UserHasNoMailbox: a mailbox could not be found for the user.',
        'Needs an administrator.', _R.USER)
    USER_CANNOT_BE_ANONYMOUS = (
        124,
        'UserCannotBeAnonymous: the request was sent without credentials. '
        'Anonymous requests are not allowed.',
        'Authenticate.', _R.USER)
    USER_PRINCIPAL_COULD_NOT_BE_FOUND = (
        125,
        'UserPrincipalCouldNotBeFound: the user was not found in the directory '
        'service.',
        'Needs an administrator.', _R.USER)
    USER_DISABLED_FOR_SYNC = (
        126,
        'UserDisabledForSync: the user object in the directory service indicates '
        'that this user is not allowed to use ActiveSync.',
        'Needs an administrator.', _R.USER)
    USER_ON_NEW_MAILBOX_CANNOT_SYNC = (
        127,
        'UserOnNewMailboxCannotSync: the server is configured to prevent users '
        'from syncing.',
        'Needs an administrator.', _R.USER)
    USER_ON_LEGACY_MAILBOX_CANNOT_SYNC = (
        128,
        'UserOnLegacyMailboxCannotSync: the server is configured to prevent users '
        'on legacy servers from syncing.',
        'Needs an administrator.', _R.USER)
    DEVICE_IS_BLOCKED_FOR_THIS_USER = (
        129,
        'DeviceIsBlockedForThisUser: the user is configured to allow only some '
        'devices to sync. This device is not the allowed device.',
        'Needs an administrator.', _R.USER)
    ACCESS_DENIED = (
        130,
        'AccessDenied: the user is not allowed to perform that request.',
        'Needs an administrator.', _R.USER)
    ACCOUNT_DISABLED = (
        131,
        "AccountDisabled: the user's account is disabled.",
        'Needs an administrator.', _R.USER)
    SYNC_STATE_NOT_FOUND = (
        132,
        "SyncStateNotFound: the server's data file that contains the state of the "
        'client was unexpectedly missing. It might have disappeared while the '
        'request was in progress. The next request will likely answer a sync key '
        'error and the device will be forced to do full sync.',
        'Resynchronize from SyncKey 0.', _R.RETRY_THEN_RESYNC)
    SYNC_STATE_LOCKED = (
        133,
        "SyncStateLocked: the server's data file that contains the state of the "
        'client is locked, possibly because the mailbox is being moved or was '
        'recently moved.',
        'Retry later.', _R.RETRY)
    SYNC_STATE_CORRUPT = (
        134,
        "SyncStateCorrupt: the server's data file that contains the state of the "
        'client appears to be corrupt.',
        'Resynchronize from SyncKey 0.', _R.RETRY_THEN_RESYNC)
    SYNC_STATE_ALREADY_EXISTS = (
        135,
        "SyncStateAlreadyExists: the server's data file that contains the state "
        'of the client already exists. This can happen with two initial syncs are '
        'executed concurrently.',
        'Resynchronize.', _R.RETRY_THEN_RESYNC)
    SYNC_STATE_VERSION_INVALID = (
        136,
        "SyncStateVersionInvalid: the version of the server's data file that "
        'contains the state of the client is invalid.',
        'Resynchronize.', _R.RETRY_THEN_RESYNC)
    COMMAND_NOT_SUPPORTED = (
        137,
        'CommandNotSupported: the command is not supported by this server.',
        'Do not retry.', _R.FIX_REQUEST)
    VERSION_NOT_SUPPORTED = (
        138,
        'VersionNotSupported: the command is not supported in the protocol '
        'version specified.',
        'Use a version the server offers.', _R.FIX_REQUEST)
    DEVICE_NOT_FULLY_PROVISIONABLE = (
        139,
        'DeviceNotFullyProvisionable: the device uses a protocol version that '
        'cannot send all the policy settings the admin enabled.',
        'Needs an administrator.', _R.USER)
    REMOTE_WIPE_REQUESTED = (
        140,
        'RemoteWipeRequested: a remote wipe was requested. The device SHOULD '
        'provision to get the request and then do another provision to '
        'acknowledge it.',
        'Provision (wipe).', _R.REPROVISION)
    LEGACY_DEVICE_ON_STRICT_POLICY = (
        141,
        'LegacyDeviceOnStrictPolicy: a policy is in place but the device is not '
        'provisionable. ([MS-ASPROV] 3.1.5.2: the client did not submit a policy '
        'key value in a request, and the server does not allow clients that do '
        'not.)',
        'Provision (send the policy key in X-MS-PolicyKey), then resend.', _R.REPROVISION)
    DEVICE_NOT_PROVISIONED = (
        142,
        'DeviceNotProvisioned: there is a policy in place; the device needs to '
        'provision.',
        'Provision, then resend.', _R.REPROVISION)
    POLICY_REFRESH = (
        143,
        'PolicyRefresh: the policy is configured to be refreshed every few hours. '
        'The device needs to re-provision.',
        'Provision, then resend.', _R.REPROVISION)
    INVALID_POLICY_KEY = (
        144,
        "InvalidPolicyKey: the device's policy key is invalid. The policy has "
        'probably changed on the server. The device needs to re-provision.',
        'Provision, then resend.', _R.REPROVISION)
    EXTERNALLY_MANAGED_DEVICES_NOT_ALLOWED = (
        145,
        'ExternallyManagedDevicesNotAllowed: the device claimed to be externally '
        "managed, but the server doesn't allow externally managed devices to "
        'sync.',
        'Needs an administrator.', _R.USER)
    NO_RECURRENCE_IN_CALENDAR = (
        146,
        'NoRecurrenceInCalendar: the request tried to forward an occurrence of a '
        'meeting that has no recurrence. (MeetingResponse: an InstanceId that '
        'names a non-recurring meeting, [MS-ASCMD] 2.2.3.92.1.)',
        'Resend without InstanceId (respond to the whole, single meeting).', _R.FIX_REQUEST)
    UNEXPECTED_ITEM_CLASS = (
        147,
        'UnexpectedItemClass: the request tried to operate on a type of items '
        'unknown to the server.',
        'Fix the request.', _R.FIX_REQUEST)
    REMOTE_SERVER_HAS_NO_SSL = (
        148,
        'RemoteServerHasNoSSL: the request needs to be proxied to another server '
        "but that server doesn't have Secure Sockets Layer enabled. This server "
        'is configured to only proxy requests to servers with SSL enabled.',
        'Needs an administrator.', _R.USER)
    INVALID_STORED_REQUEST = (
        149,
        'InvalidStoredRequest: the server had stored the previous request from '
        'that device. When the device sent an empty request, the server tried to '
        're-execute that previous request but it was found to be impossible. The '
        'device needs to send the full request again.',
        'Send the full request.', _R.FIX_REQUEST)
    ITEM_NOT_FOUND = (
        150,
        'ItemNotFound: the ItemId value specified in the SmartReply command or '
        'SmartForward command request could not be found in the mailbox.',
        'Synchronize the folder; the item is gone.', _R.NO)
    TOO_MANY_FOLDERS = (
        151,
        'TooManyFolders: the mailbox contains too many folders. By default, the '
        'mailbox cannot contain more than 1000 folders.',
        'Needs the user.', _R.USER)
    NO_FOLDERS_FOUND = (
        152,
        'NoFoldersFound: the mailbox contains no folders.',
        'Needs an administrator.', _R.USER)
    ITEMS_LOST_AFTER_MOVE = (
        153,
        'ItemsLostAfterMove: after moving items to the destination folder, some '
        'of those items could not be found.',
        'Resynchronize.', _R.NO)
    FAILURE_IN_MOVE_OPERATION = (
        154,
        'FailureInMoveOperation: the mailbox server returned an unknown error '
        'while moving items.',
        'Resynchronize.', _R.NO)
    MOVE_COMMAND_DISALLOWED_FOR_NON_PERSISTENT_MOVE_ACTION = (
        155,
        'MoveCommandDisallowedForNonPersistentMoveAction: an ItemOperations '
        'command request to move a conversation is missing the MoveAlways '
        'element.',
        'Fix the request.', _R.FIX_REQUEST)
    MOVE_COMMAND_INVALID_DESTINATION_FOLDER = (
        156,
        'MoveCommandInvalidDestinationFolder: the destination folder for the move '
        'is invalid.',
        'Fix the request.', _R.FIX_REQUEST)
    AVAILABILITY_TOO_MANY_RECIPIENTS = (
        160,
        'AvailabilityTooManyRecipients: the command has reached the maximum '
        'number of recipients that it can request availability for.',
        'Ask for fewer.', _R.FIX_REQUEST)
    AVAILABILITY_DL_LIMIT_REACHED = (
        161,
        'AvailabilityDLLimitReached: the size of the distribution list is larger '
        'than the availability service is configured to process.',
        'Ask for fewer.', _R.FIX_REQUEST)
    AVAILABILITY_TRANSIENT_FAILURE = (
        162,
        'AvailabilityTransientFailure: availability service request failed with a '
        'transient error.',
        'Retry later.', _R.RETRY)
    AVAILABILITY_FAILURE = (
        163,
        'AvailabilityFailure: availability service request failed with an error.',
        'Do not retry.', _R.NO)
    BODY_PART_PREFERENCE_TYPE_NOT_SUPPORTED = (
        164,
        'BodyPartPreferenceTypeNotSupported: the BodyPartPreference node has an '
        'unsupported Type element value.',
        'Fix the request.', _R.FIX_REQUEST)
    DEVICE_INFORMATION_REQUIRED = (
        165,
        'DeviceInformationRequired: the required DeviceInformation element is '
        'missing in the Provision request.',
        'Send Settings DeviceInformation.', _R.FIX_REQUEST)
    INVALID_ACCOUNT_ID = (
        166,
        'InvalidAccountId: the AccountId value is not valid.',
        'Fix the AccountId.', _R.FIX_REQUEST)
    ACCOUNT_SEND_DISABLED = (
        167,
        'AccountSendDisabled: the AccountId value specified in the request does '
        'not support sending email.',
        'Needs an administrator.', _R.USER)
    IRM_FEATURE_DISABLED = (
        168,
        'IRM_FeatureDisabled: the Information Rights Management feature is '
        'disabled.',
        'Do not retry.', _R.NO)
    IRM_TRANSIENT_ERROR = (
        169,
        'IRM_TransientError: Information Rights Management encountered an error.',
        'Retry later.', _R.RETRY)
    IRM_PERMANENT_ERROR = (
        170,
        'IRM_PermanentError: Information Rights Management encountered an error.',
        'Do not retry.', _R.NO)
    IRM_INVALID_TEMPLATE_ID = (
        171,
        'IRM_InvalidTemplateID: the Template ID value is not valid.',
        'Fix the request.', _R.FIX_REQUEST)
    IRM_OPERATION_NOT_PERMITTED = (
        172,
        'IRM_OperationNotPermitted: Information Rights Management does not '
        'support the specified operation.',
        'Do not retry.', _R.NO)
    NO_PICTURE = (
        173,
        'NoPicture: the user does not have a contact photo.',
        'None.', _R.NO)
    PICTURE_TOO_LARGE = (
        174,
        'PictureTooLarge: the contact photo exceeds the size limit set by the '
        'MaxSize element.',
        'None.', _R.NO)
    PICTURE_LIMIT_REACHED = (
        175,
        'PictureLimitReached: the number of contact photos returned exceeds the '
        'size limit set by the MaxPictures element.',
        'None.', _R.NO)
    BODY_PART_CONVERSATION_TOO_LARGE = (
        176,
        'BodyPart_ConversationTooLarge: the conversation is too large to compute '
        'the body parts. Try requesting the body of the item again, without body '
        'parts.',
        'Ask for less.', _R.FIX_REQUEST)
    MAXIMUM_DEVICES_REACHED = (
        177,
        "MaximumDevicesReached: the user's account has too many device "
        'partnerships. Delete partnerships on the server before proceeding.',
        'Needs the user.', _R.USER)

class SyncStatus(_StatusEnum):
    """airsync:Status of a Sync response, main codes."""
    SUCCESS = (1, "Success.", "None.", _R.NONE)
    INVALID_SYNC_KEY = (3, "Invalid or mismatched synchronization key.",
                        "Start again from SyncKey 0.", _R.RETRY_THEN_RESYNC)
    PROTOCOL_ERROR = (4, "Protocol error.", "Fix the request.", _R.FIX_REQUEST)
    SERVER_ERROR = (5, "Server error.", "Retry.", _R.RETRY)
    CONVERSION_ERROR = (6, "Error in client/server conversion.", "Fix the item.", _R.NO)
    CONFLICT = (7, "Conflict matching the client and server object.", "Resync.", _R.NO)
    OBJECT_NOT_FOUND = (8, "Object not found.", "Resync.", _R.NO)
    CANNOT_COMPLETE = (9, "The Sync command cannot be completed (out of space).",
                       "Needs the user.", _R.USER)
    FOLDER_HIERARCHY_CHANGED = (12, "The folder hierarchy has changed.",
                                "Run FolderSync, then Sync again.", _R.RETRY_THEN_RESYNC)
    INCOMPLETE_REQUEST = (13, "The Sync request was incomplete.", "Send the full request.",
                          _R.FIX_REQUEST)
    INVALID_WAIT_OR_HEARTBEAT = (14, "Invalid Wait or HeartbeatInterval.",
                                 "Use the value the server returns.", _R.FIX_REQUEST)
    INVALID_SYNC_COMMAND = (15, "Invalid Sync command request (too many collections).",
                            "Sync fewer collections.", _R.FIX_REQUEST)
    RETRY = (16, "Retry.", "Resend the request.", _R.RETRY)


class FolderSyncStatus(_StatusEnum):
    """folderhierarchy:Status of a FolderSync response."""
    SUCCESS = (1, "Success.", "None.", _R.NONE)
    SERVER_ERROR = (6, "An error occurred on the server.",
                    "Retry; if it keeps failing, return to SyncKey 0.", _R.RETRY)
    INVALID_SYNC_KEY = (9, "Synchronization key mismatch or invalid.",
                        "Issue a FolderSync with SyncKey 0.", _R.RETRY_THEN_RESYNC)
    INCORRECT_REQUEST = (10, "Incorrectly formatted request.", "Fix the request.",
                         _R.FIX_REQUEST)
    UNKNOWN_ERROR = (11, "An unknown error occurred.", "Retry later.", _R.RETRY)
    CODE_UNKNOWN = (12, "Code unknown.", "Retry later.", _R.RETRY)
