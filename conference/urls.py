from django.urls import path

from conference import views

app_name = "conference"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:event>/", views.event_detail, name="event-detail"),
    path("<slug:event>/day-<int:number>/", views.day_recap, name="day-recap"),
]
