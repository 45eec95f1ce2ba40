"""The product's URLs plus a minimal view: the framework's floor, through the same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("config.urls")),
]
