from django.urls import path

from reports import views_search

app_name = "search"

urlpatterns = [
    path("", views_search.results, name="results"),
]
