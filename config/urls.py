"""Root URL configuration: the admin, then each app under its own namespace."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Conference programmes"
admin.site.site_title = "Conference programmes admin"
admin.site.index_title = "Programmes, recaps and people"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("speakers.urls")),
    path("", include("reports.urls")),
    path("", include("sessions.urls")),
    path("", include("conference.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
