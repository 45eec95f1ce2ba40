"""Atom feed of published day recaps, newest first, across every event."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cms.richtext import render_markdown
from cms.xmltext import xml_text
from conference.models import Day, SiteIdentity

FEED_LENGTH = 50


class RecapFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self):
        return _("%(site)s: day recaps") % {"site": SiteIdentity.current().name}

    def subtitle(self):
        return _("The recap of each conference day, as it is published.")

    def link(self):
        return reverse("conference:home")

    def feed_url(self):
        return reverse("recap-feed")

    def items(self):
        return Day.objects.public().select_related("event").order_by("-date", "-pk")[
            :FEED_LENGTH
        ]

    def item_title(self, item: Day):
        return xml_text(f"{item.event.name}: {item.label}")

    def item_description(self, item: Day):
        return xml_text(render_markdown(item.recap_intro))

    def item_link(self, item: Day):
        return item.get_absolute_url()

    def item_pubdate(self, item: Day):
        """When it was published, or else the evening of the day itself (Atom needs one)."""
        return item.publish_at or dt.datetime.combine(
            item.date, dt.time(18), tzinfo=item.event.tzinfo
        )

    def item_updateddate(self, item: Day):
        return self.item_pubdate(item)

    def item_categories(self, item: Day):
        return [xml_text(item.event.name)]
