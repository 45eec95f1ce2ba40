"""Root URL configuration: the admin, then each app under its own namespace."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from conference.feeds import RecapFeed
from conference.markdown_preview import markdown_preview
from conference.preview import preview
from config.sitemaps import robots_txt, sitemaps
from sessions.admin_import import import_schedule_view
from sessions.quote_card_views import quote_card_admin

admin.site.site_header = "Conference programmes"
admin.site.site_title = "Conference programmes admin"
admin.site.index_title = "Programmes, recaps and people"

# A lost database connection gets a 503 page that needs no database; other errors the 500 page.
handler500 = "conference.unavailable.server_error"

urlpatterns = [
    path("admin/markdown-preview/", markdown_preview, name="markdown-preview"),
    path(
        "admin/preview/<str:app_label>/<str:model_name>/<int:pk>/",
        preview,
        name="admin-preview",
    ),
    path("admin/quote-cards/<int:pk>.png", quote_card_admin, name="quote-card-admin"),
    path(
        "admin/programme/session/import/",
        admin.site.admin_view(import_schedule_view),
        name="admin-schedule-import",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("feeds/recaps.atom", RecapFeed(), name="recap-feed"),
    path("search/", include("reports.search_urls")),
    path("topics/", include("reports.topic_urls")),
    path("", include("speakers.urls")),
    path("", include("reports.urls")),
    path("", include("sessions.urls")),
    path("", include("conference.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
