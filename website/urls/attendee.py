"""Pages for attendees: the personal agenda, venue screens, the embeddable schedule and the
accessibility statement."""

from django.urls import path

from website.views import agenda, embed, pages, screens

app_name = "attendee"

urlpatterns = [
    path("accessibility/", pages.accessibility_statement, name="accessibility"),
    path("<slug:event>/agenda/", agenda.edit, name="agenda-edit"),
    path("<slug:event>/agenda/<str:token>.ics", agenda.calendar, name="agenda-ics"),
    path("<slug:event>/agenda/<str:token>/", agenda.page, name="agenda"),
    path("<slug:event>/programme/now/screen/", screens.now_screen, name="screen"),
    path("<slug:event>/embed/", embed.event_embed, name="embed"),
    path("<slug:event>/day-<int:number>/embed/", embed.day_embed, name="day-embed"),
    path("<slug:event>/tracks/<slug:track>/embed/", embed.track_embed, name="track-embed"),
]
