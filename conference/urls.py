from django.urls import path

from conference import views

app_name = "conference"

urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.current_programme, name="current-programme"),
    path("<slug:event>/", views.event_detail, name="event-detail"),
    path("<slug:event>/programme/", views.programme, name="programme"),
    path("<slug:event>/programme/now/", views.programme_now, name="programme-now"),
    path("<slug:event>/day-<int:number>/", views.day_recap, name="day-recap"),
]
