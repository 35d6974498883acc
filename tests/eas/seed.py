"""The meeting-response flow's messages as documented XML, and the objects that build them.

Each pair is (XML in the codec's XML view, object): the tests encode the XML with the
codec (``from_xml`` + ``dumps``) and compare with the object's ``to_wbxml``.
"""
import base64
import datetime as dt

from fastwbxml.eas import (Attendee, AttendeeStatus, AttendeeType, Body, BodyPreference,
                           BodyType, BusyStatus, CalendarEvent, FolderAdd,
                           FolderChanges, FolderSyncResponse, FolderSyncStatus, FolderType,
                           Importance, InstanceType, MeetingDetails, MeetingMessageType, MeetingRequest,
                           MeetingResponse, MeetingResponseRequest, MeetingResponseResponse,
                           MeetingResponseResult, MeetingResponseStatus, MeetingStatus,
                           ResponseType, Sensitivity, SyncAdd, SyncChange,
                           SyncCollection, SyncDelete, SyncOptions, SyncRequest, SyncResponse,
                           SyncStatus, UserResponse)

UTC = dt.timezone.utc
VERSION = "14.1"

# Eastern time, as Exchange sends it (Bias 300, DST 2nd Sunday of March to 1st of Nov)
TZ_BLOB = ("LAEAAEUAYQBzAHQAZQByAG4AIABTAHQAYQBuAGQAYQByAGQAIABUAGkAbQBlAAAAAAAAAAAAAAAAAAAAAAAA"
           "AAAAAAAAAAsAAAABAAIAAAAAAAAAAAAAAEUAYQBzAHQAZQByAG4AIABEAGEAeQBsAGkAZwBoAHQAIABUAGkA"
           "bQBlAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMAAAACAAIAAAAAAAAAxP///w==")
GOID = "BAAAAIIA4AB0xbcQGoLgCAAAAAAAAAAAAAAAAAAAAAAAAAAAMwAAAHZDYWwtVWlkAQAAAHs4MTQxMkQzQy0yQTI0LTRFOUQtQjIwRS0xMUY3QkJFOTI3OTl9AA=="
UID = "{81412D3C-2A24-4E9D-B20E-11F7BBE92799}"
START = dt.datetime(2011, 5, 10, 17, 0, tzinfo=UTC)
END = dt.datetime(2011, 5, 10, 18, 0, tzinfo=UTC)
STAMP = dt.datetime(2011, 5, 9, 16, 14, 29, tzinfo=UTC)

NS = ('xmlns:email="POOMMAIL:" xmlns:email2="POOMMAIL2:" xmlns:calendar="POOMCAL:" '
      'xmlns:airsyncbase="AirSyncBase:"')

# -- 1. FolderSync: find the Inbox and the Calendar ---------------------------------------
FOLDERSYNC_XML = """
<FolderSync xmlns="FolderHierarchy:"><Status>1</Status><SyncKey>1</SyncKey>
 <Changes><Count>2</Count>
  <Add><ServerId>5</ServerId><ParentId>0</ParentId><DisplayName>Inbox</DisplayName><Type>2</Type></Add>
  <Add><ServerId>2</ServerId><ParentId>0</ParentId><DisplayName>Calendar</DisplayName><Type>8</Type></Add>
 </Changes></FolderSync>"""
FOLDERSYNC = FolderSyncResponse(
    status=FolderSyncStatus.SUCCESS, sync_key="1",
    changes=FolderChanges(count=2, changes=[
        FolderAdd(server_id="5", parent_id="0", display_name="Inbox", type=FolderType.INBOX),
        FolderAdd(server_id="2", parent_id="0", display_name="Calendar",
                  type=FolderType.CALENDAR)]))

# -- 2. Sync of the Inbox: the request, and the meeting request it delivers ---------------
INBOX_SYNC_REQUEST_XML = f"""
<Sync xmlns="AirSync:" {NS}><Collections><Collection>
  <SyncKey>1</SyncKey><CollectionId>5</CollectionId><GetChanges/><WindowSize>50</WindowSize>
  <Options><FilterType>3</FilterType>
   <airsyncbase:BodyPreference><airsyncbase:Type>1</airsyncbase:Type>
    <airsyncbase:TruncationSize>5120</airsyncbase:TruncationSize></airsyncbase:BodyPreference>
  </Options></Collection></Collections></Sync>"""
INBOX_SYNC_REQUEST = SyncRequest(collections=[SyncCollection(
    sync_key="1", collection_id="5", get_changes=True, window_size=50,
    options=SyncOptions(filter_type=3, body_preferences=[
        BodyPreference(type=BodyType.PLAIN_TEXT, truncation_size=5120)]))])

MEETING_REQUEST_XML = f"""
<Sync xmlns="AirSync:" {NS}><Collections><Collection>
 <SyncKey>2</SyncKey><CollectionId>5</CollectionId><Status>1</Status>
 <Commands><Add><ServerId>5:1</ServerId><ApplicationData>
  <email:To>"Bob" &lt;bob@contoso.com&gt;</email:To>
  <email:From>"Alice" &lt;alice@contoso.com&gt;</email:From>
  <email:Subject>Project sync</email:Subject>
  <email:DateReceived>2011-05-09T16:14:29.000Z</email:DateReceived>
  <email:DisplayTo>Bob</email:DisplayTo>
  <email:ThreadTopic>Project sync</email:ThreadTopic>
  <email:Importance>1</email:Importance>
  <email:Read>0</email:Read>
  <airsyncbase:Body><airsyncbase:Type>1</airsyncbase:Type>
   <airsyncbase:EstimatedDataSize>12</airsyncbase:EstimatedDataSize>
   <airsyncbase:Data>Let's meet.</airsyncbase:Data></airsyncbase:Body>
  <email:MessageClass>IPM.Schedule.Meeting.Request</email:MessageClass>
  <email:MeetingRequest>
   <email:AllDayEvent>0</email:AllDayEvent>
   <email:StartTime>2011-05-10T17:00:00.000Z</email:StartTime>
   <email:DtStamp>2011-05-09T16:14:29.000Z</email:DtStamp>
   <email:EndTime>2011-05-10T18:00:00.000Z</email:EndTime>
   <email:InstanceType>0</email:InstanceType>
   <email:Location>Room 1</email:Location>
   <email:Organizer>"Alice" &lt;alice@contoso.com&gt;</email:Organizer>
   <email:Reminder>900</email:Reminder>
   <email:ResponseRequested>1</email:ResponseRequested>
   <email:Sensitivity>0</email:Sensitivity>
   <email:BusyStatus>1</email:BusyStatus>
   <email:TimeZone>{TZ_BLOB}</email:TimeZone>
   <email:GlobalObjId>{GOID}</email:GlobalObjId>
   <email:DisallowNewTimeProposal>0</email:DisallowNewTimeProposal>
   <email2:MeetingMessageType>1</email2:MeetingMessageType>
  </email:MeetingRequest>
  <email:InternetCPID>28591</email:InternetCPID>
  <email:ContentClass>urn:content-classes:calendarmessage</email:ContentClass>
  <airsyncbase:NativeBodyType>1</airsyncbase:NativeBodyType>
 </ApplicationData></Add></Commands></Collection></Collections></Sync>"""
MEETING = MeetingRequest(
    to='"Bob" <bob@contoso.com>', from_='"Alice" <alice@contoso.com>', subject="Project sync",
    date_received=STAMP, display_to="Bob", thread_topic="Project sync",
    importance=Importance.NORMAL, read=False,
    body=Body(type=BodyType.PLAIN_TEXT, estimated_data_size=12, data="Let's meet."),
    message_class="IPM.Schedule.Meeting.Request",
    meeting=MeetingDetails(
        all_day_event=False, start_time=START, dt_stamp=STAMP, end_time=END,
        instance_type=InstanceType.SINGLE, location="Room 1",
        organizer='"Alice" <alice@contoso.com>', reminder=900, response_requested=True,
        sensitivity=Sensitivity.NORMAL, busy_status=BusyStatus.TENTATIVE, time_zone=TZ_BLOB,
        global_obj_id=GOID, disallow_new_time_proposal=False,
        meeting_message_type=MeetingMessageType.INITIAL_REQUEST),
    internet_cpid="28591", content_class="urn:content-classes:calendarmessage",
    native_body_type=1)
INBOX_SYNC = SyncResponse(collections=[SyncCollection(
    sync_key="2", collection_id="5", status=SyncStatus.SUCCESS,
    commands=[SyncAdd(server_id="5:1", data=MEETING)])])

# -- 3. MeetingResponse, request and response ---------------------------------------------
MR_REQUEST_XML = """
<MeetingResponse xmlns="MeetingResponse:"><Request><UserResponse>1</UserResponse>
 <CollectionId>5</CollectionId><RequestId>5:1</RequestId></Request></MeetingResponse>"""
MR_REQUEST = MeetingResponse(requests=[MeetingResponseRequest(
    user_response=UserResponse.ACCEPTED, collection_id="5", request_id="5:1")])

MR_RESPONSE_XML = """
<MeetingResponse xmlns="MeetingResponse:"><Result><RequestId>5:1</RequestId>
 <Status>1</Status><CalendarId>2:2</CalendarId></Result></MeetingResponse>"""
MR_RESPONSE = MeetingResponseResponse(results=[MeetingResponseResult(
    request_id="5:1", status=MeetingResponseStatus.SUCCESS, calendar_id="2:2")])

# -- 4. SendMail with the reply (MIME as opaque; built in the test) ------------------------
def sendmail_xml(mime: bytes) -> str:
    return ('<SendMail xmlns="ComposeMail:" xmlns:wbxml="urn:fastwbxml">'
            '<ClientId>reply-5-1</ClientId><SaveInSentItems/>'
            f'<Mime wbxml:content="opaque">{base64.b64encode(mime).decode()}</Mime></SendMail>')


# -- 5. Sync of the invitee's Calendar: Add of the accepted item, Delete of the placeholder
ACCEPTED_ITEM = CalendarEvent(
    time_zone=TZ_BLOB, all_day_event=False, busy_status=BusyStatus.BUSY,
    organizer_name="Alice", organizer_email="alice@contoso.com", dt_stamp=STAMP,
    end_time=END, location="Room 1", reminder=15, sensitivity=Sensitivity.NORMAL,
    subject="Project sync", start_time=START, uid=UID,
    meeting_status=MeetingStatus.MEETING_RECEIVED,
    attendees=[Attendee(email="bob@contoso.com", name="Bob", type=AttendeeType.REQUIRED)],
    response_requested=True, response_type=ResponseType.ACCEPTED)
CAL_SYNC_XML = f"""
<Sync xmlns="AirSync:" {NS}><Collections><Collection>
 <SyncKey>3</SyncKey><CollectionId>2</CollectionId><Status>1</Status>
 <Commands>
  <Add><ServerId>2:2</ServerId><ApplicationData>
   <calendar:Timezone>{TZ_BLOB}</calendar:Timezone>
   <calendar:AllDayEvent>0</calendar:AllDayEvent>
   <calendar:BusyStatus>2</calendar:BusyStatus>
   <calendar:OrganizerName>Alice</calendar:OrganizerName>
   <calendar:OrganizerEmail>alice@contoso.com</calendar:OrganizerEmail>
   <calendar:DtStamp>20110509T161429Z</calendar:DtStamp>
   <calendar:EndTime>20110510T180000Z</calendar:EndTime>
   <calendar:Location>Room 1</calendar:Location>
   <calendar:Reminder>15</calendar:Reminder>
   <calendar:Sensitivity>0</calendar:Sensitivity>
   <calendar:Subject>Project sync</calendar:Subject>
   <calendar:StartTime>20110510T170000Z</calendar:StartTime>
   <calendar:UID>{UID}</calendar:UID>
   <calendar:MeetingStatus>3</calendar:MeetingStatus>
   <calendar:Attendees><calendar:Attendee><calendar:Email>bob@contoso.com</calendar:Email>
    <calendar:Name>Bob</calendar:Name><calendar:AttendeeType>1</calendar:AttendeeType>
   </calendar:Attendee></calendar:Attendees>
   <calendar:ResponseRequested>1</calendar:ResponseRequested>
   <calendar:ResponseType>3</calendar:ResponseType>
  </ApplicationData></Add>
  <Delete><ServerId>2:1</ServerId></Delete>
 </Commands></Collection></Collections></Sync>"""
CAL_SYNC = SyncResponse(collections=[SyncCollection(
    sync_key="3", collection_id="2", status=SyncStatus.SUCCESS,
    commands=[SyncAdd(server_id="2:2", data=ACCEPTED_ITEM), SyncDelete(server_id="2:1")])])

# -- 6. The organizer's Inbox: the Resp.Pos reply ------------------------------------------
REPLY_MAIL_XML = f"""
<Sync xmlns="AirSync:" {NS}><Collections><Collection>
 <SyncKey>7</SyncKey><CollectionId>5</CollectionId><Status>1</Status>
 <Commands><Add><ServerId>5:9</ServerId><ApplicationData>
  <email:To>"Alice" &lt;alice@contoso.com&gt;</email:To>
  <email:From>"Bob" &lt;bob@contoso.com&gt;</email:From>
  <email:Subject>Accepted: Project sync</email:Subject>
  <email:DateReceived>2011-05-09T17:02:11.000Z</email:DateReceived>
  <email:Importance>1</email:Importance>
  <email:Read>0</email:Read>
  <email:MessageClass>IPM.Schedule.Meeting.Resp.Pos</email:MessageClass>
  <email:MeetingRequest>
   <email:StartTime>2011-05-10T17:00:00.000Z</email:StartTime>
   <email:EndTime>2011-05-10T18:00:00.000Z</email:EndTime>
   <email:GlobalObjId>{GOID}</email:GlobalObjId>
  </email:MeetingRequest>
 </ApplicationData></Add></Commands></Collection></Collections></Sync>"""
REPLY_ITEM = MeetingRequest(
    to='"Alice" <alice@contoso.com>', from_='"Bob" <bob@contoso.com>',
    subject="Accepted: Project sync",
    date_received=dt.datetime(2011, 5, 9, 17, 2, 11, tzinfo=UTC),
    importance=Importance.NORMAL, read=False, message_class="IPM.Schedule.Meeting.Resp.Pos",
    meeting=MeetingDetails(start_time=START, end_time=END, global_obj_id=GOID))
ORGANIZER_INBOX_SYNC = SyncResponse(collections=[SyncCollection(
    sync_key="7", collection_id="5", status=SyncStatus.SUCCESS,
    commands=[SyncAdd(server_id="5:9", data=REPLY_ITEM)])])

# -- 7. The organizer's Calendar: a Change of Bob's AttendeeStatus to 3 (accept) ------------
STATUS_CHANGE_XML = f"""
<Sync xmlns="AirSync:" {NS}><Collections><Collection>
 <SyncKey>8</SyncKey><CollectionId>2</CollectionId><Status>1</Status>
 <Commands><Change><ServerId>2:7</ServerId><ApplicationData>
  <calendar:Subject>Project sync</calendar:Subject>
  <calendar:UID>{UID}</calendar:UID>
  <calendar:MeetingStatus>1</calendar:MeetingStatus>
  <calendar:Attendees><calendar:Attendee><calendar:Email>bob@contoso.com</calendar:Email>
   <calendar:Name>Bob</calendar:Name><calendar:AttendeeStatus>3</calendar:AttendeeStatus>
   <calendar:AttendeeType>1</calendar:AttendeeType></calendar:Attendee></calendar:Attendees>
 </ApplicationData></Change></Commands></Collection></Collections></Sync>"""
STATUS_CHANGE = SyncResponse(collections=[SyncCollection(
    sync_key="8", collection_id="2", status=SyncStatus.SUCCESS,
    commands=[SyncChange(server_id="2:7", data=CalendarEvent(
        subject="Project sync", uid=UID, meeting_status=MeetingStatus.MEETING_ORGANIZER,
        attendees=[Attendee(email="bob@contoso.com", name="Bob",
                            status=AttendeeStatus.ACCEPT, type=AttendeeType.REQUIRED)]))])])

PAIRS = {
    "foldersync": (FOLDERSYNC_XML, FOLDERSYNC),
    "inbox_sync_request": (INBOX_SYNC_REQUEST_XML, INBOX_SYNC_REQUEST),
    "inbox_sync": (MEETING_REQUEST_XML, INBOX_SYNC),
    "meeting_response_request": (MR_REQUEST_XML, MR_REQUEST),
    "meeting_response_response": (MR_RESPONSE_XML, MR_RESPONSE),
    "calendar_sync": (CAL_SYNC_XML, CAL_SYNC),
    "organizer_inbox_sync": (REPLY_MAIL_XML, ORGANIZER_INBOX_SYNC),
    "organizer_status_change": (STATUS_CHANGE_XML, STATUS_CHANGE),
}
