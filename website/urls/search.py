from django.urls import path

from website.views import search as views_search

app_name = "search"

urlpatterns = [
    path("", views_search.results, name="results"),
]
