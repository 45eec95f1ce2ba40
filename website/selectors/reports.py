"""Reads behind the report pages and the topic pages.

Topic pages live here because they gather sessions, quotes and reports, and this is the
top app, the only one that may read all the others.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from taggit.models import Tag

from cms.collation import sort_key
from reports.models import Report
from sessions.models import Quote, Session


def report_list() -> list[Report]:
    """Published reports, newest first, with editors and the event (three queries)."""
    return list(Report.objects.public().with_editors())


def report_page(*, slug: str) -> Report | None:
    """A published report with its editors, launch session (if public) and topics."""
    return (
        Report.objects.public()
        .filter(slug=slug)
        .with_editors()
        .prefetch_related(
            Prefetch(
                "launch_session",
                queryset=Session.objects.public().select_related("day__event"),
            ),
            "topics",
        )
        .first()
    )


def topic_list() -> list[Tag]:
    """Topics that tag a published session or report, alphabetical whatever their case
    ("accountability" before "VCSE"): one query."""
    sessions = Tag.objects.filter(session__in=Session.objects.public()).values("id")
    reports = Tag.objects.filter(report__in=Report.objects.public()).values("id")
    topics = Tag.objects.filter(Q(id__in=sessions) | Q(id__in=reports))
    return sorted(topics, key=lambda topic: sort_key(topic.name))


@dataclass(frozen=True)
class TopicPage:
    topic: Tag
    sessions: list[Session]
    quotes: list[Quote]
    reports: list[Report]


def topic_page(*, slug: str) -> TopicPage | None:
    """A topic with its published sessions, their quotes, and its reports (four queries).

    A topic with no published content is not public.
    """
    topic = Tag.objects.filter(slug=slug).first()
    if topic is None:
        return None
    sessions = list(
        Session.objects.public()
        .filter(topics=topic)
        .select_related("day__event", "room")
        .order_by("-day__event__start_date", "day__number", "start", "order", "pk")
    )
    reports = list(Report.objects.public().filter(topics=topic).select_related("event"))
    if not sessions and not reports:
        return None
    quotes = list(
        Quote.objects.public()
        .filter(session__in=[session.pk for session in sessions])
        .select_related("session__day__event", "speaker")
        .order_by("-session__day__event__start_date", "session__start", "order", "pk")
    )
    return TopicPage(topic=topic, sessions=sessions, quotes=quotes, reports=reports)
