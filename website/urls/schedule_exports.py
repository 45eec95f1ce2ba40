"""URLs of the programme exports, included into the `programme` namespace by sessions/urls.py."""

from django.urls import path

from website.views import schedule_exports as views

urlpatterns = [
    path("<slug:event>/programme.ics", views.event_ics, name="event-ics"),
    path("<slug:event>/day-<int:number>/programme.ics", views.day_ics, name="day-ics"),
    path("<slug:event>/sessions/<slug:slug>/session.ics", views.session_ics, name="session-ics"),
    path("speakers/<slug:slug>/sessions.ics", views.speaker_ics, name="speaker-ics"),
    path("<slug:event>/schedule.xml", views.schedule_xml, name="schedule-xml"),
    path("<slug:event>/schedule.json", views.schedule_json, name="schedule-json"),
    path("<slug:event>/schedule2.json", views.schedule2_json, name="schedule2-json"),
    path("<slug:event>/sessions.csv", views.sessions_csv, name="sessions-csv"),
    path("<slug:event>/speakers.csv", views.speakers_csv, name="speakers-csv"),
]
