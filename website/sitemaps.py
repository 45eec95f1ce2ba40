"""sitemap.xml and robots.txt: every published page, and where crawlers find them.

Each sitemap section starts from a ``.public()`` (or ``.public()``) queryset, so a
draft never appears; each loads what its URLs need in one query.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from taggit.models import Tag

from cms.caching import page_cache
from conference.models import Day, Event, Organisation
from reports.models import Report
from sessions.models import Quote, Session
from speakers.models import Speaker
from website.selectors.reports import topic_list


class _QuerySitemap(Sitemap):
    def __init__(self, items):
        self._items = items

    def items(self):
        return self._items()


class PagesSitemap(Sitemap):
    """The site's fixed pages."""

    def items(self):
        return [
            "conference:home",
            "speakers:speaker-list",
            "speakers:organisation-list",
            "reports:report-list",
            "topics:topic-list",
        ]

    def location(self, item):
        return reverse(item)


class TopicSitemap(Sitemap):
    def items(self):
        return topic_list()

    def location(self, item: Tag):
        return reverse("topics:topic-detail", kwargs={"slug": item.slug})


sitemaps = {
    "pages": PagesSitemap(),
    "events": _QuerySitemap(lambda: Event.objects.public().order_by("pk")),
    "days": _QuerySitemap(lambda: Day.objects.public().select_related("event").order_by("pk")),
    "sessions": _QuerySitemap(
        lambda: Session.objects.public().select_related("day__event").order_by("pk")
    ),
    "quotes": _QuerySitemap(
        lambda: Quote.objects.public().select_related("session__day__event").order_by("pk")
    ),
    "speakers": _QuerySitemap(lambda: Speaker.objects.public().order_by("pk")),
    "organisations": _QuerySitemap(lambda: Organisation.objects.public().order_by("pk")),
    "reports": _QuerySitemap(lambda: Report.objects.public().order_by("pk")),
    "topics": TopicSitemap(),
}


@page_cache(lists=True)
def sitemap_xml(request):
    return sitemap(request, sitemaps=sitemaps)


@require_GET
def robots_txt(request):
    """Everything public may be crawled except the admin; the sitemap lists it all."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
