from django.urls import path

from website.exports import FORMATS
from website.views import event as views
from website.views import recap_exports as export_views

app_name = "conference"

urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.current_programme, name="current-programme"),
    path("<slug:event>/", views.event_detail, name="event-detail"),
    path("<slug:event>/programme/", views.programme, name="programme"),
    path("<slug:event>/programme/now/", views.programme_now, name="programme-now"),
    path("<slug:event>/programme/day-<int:number>/", views.programme, name="programme-day"),
    path("<slug:event>/day-<int:number>/", views.day_recap, name="day-recap"),
]

# Recap downloads: /<event>/day-1/recap.pdf (day-recap-pdf), /<event>/recap.md (event-recap-md)...
for fmt in FORMATS:
    urlpatterns += [
        path(
            f"<slug:event>/day-<int:number>/recap.{fmt}",
            export_views.day_recap_export,
            {"fmt": fmt},
            name=f"day-recap-{fmt}",
        ),
        path(
            f"<slug:event>/recap.{fmt}",
            export_views.event_recap_export,
            {"fmt": fmt},
            name=f"event-recap-{fmt}",
        ),
    ]
