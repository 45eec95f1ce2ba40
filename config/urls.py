"""Root URL configuration: the admin, then each app under its own namespace."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from cms.caching import page_cache
from cms.markdown_preview import markdown_preview
from cms.preview import preview
from sessions.admin_import import import_schedule_view
from website.feeds import RecapFeed
from website.sitemaps import robots_txt, sitemap_xml
from website.views.quote_cards import quote_card_admin

admin.site.site_header = "Conference programmes"
admin.site.site_title = "Conference programmes admin"
admin.site.index_title = "Programmes, recaps and people"

# A lost database connection gets a 503 page that needs no database; other errors the 500 page.
handler500 = "cms.unavailable.server_error"

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
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("feeds/recaps.atom", page_cache(lists=True)(RecapFeed()), name="recap-feed"),
    path("api/v1/", include(("api.urls", "api-v1"), namespace="api-v1")),
    path("search/", include("website.urls.search")),
    path("topics/", include("website.urls.topics")),
    path("", include("website.urls.attendee")),
    path("", include("website.urls.people")),
    path("", include("website.urls.reports")),
    path("", include("website.urls.sessions")),
    path("", include("website.urls.event")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
