from django.urls import path

from website.views import people as views

app_name = "speakers"

urlpatterns = [
    path("speakers/", views.speaker_list, name="speaker-list"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
]
