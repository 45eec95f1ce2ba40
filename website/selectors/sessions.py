"""Reads behind the session, quote list and quote pages.

Each function returns everything its page shows, loaded with a fixed number of queries
whatever the size of the programme; templates then only walk the structure.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.urls import reverse
from taggit.models import Tag

from cms.collation import sort_key
from conference.models import Event
from sessions.models import Quote, Session
from speakers.models import Affiliation, Speaker

QUOTES_PER_PAGE = 40


@dataclass(frozen=True)
class Neighbour:
    """The previous or next session in programme order, for the links under a session."""

    code: str
    title: str
    url: str


@dataclass(frozen=True)
class SessionPage:
    session: Session
    event: Event
    previous: Neighbour | None
    next: Neighbour | None
    embed_url: str | None


def session_page(*, event_slug: str, slug: str) -> SessionPage | None:
    """The session with its people, quotes, topics, links and neighbours (six queries)."""
    session = (
        Session.objects.public()
        .filter(day__event__slug=event_slug, slug=slug)
        .select_related("day__event", "room", "type", "track")
        .with_people()
        .with_published_quotes()
        .prefetch_related("topics", "links")
        .order_by("day__number")
        .first()
    )
    if session is None:
        return None
    event = session.day.event
    previous, following = _neighbours(session, event)
    return SessionPage(
        session=session,
        event=event,
        previous=previous,
        next=following,
        embed_url=embed_url(session.recording_url),
    )


def _neighbours(session: Session, event: Event) -> tuple[Neighbour | None, Neighbour | None]:
    rows = list(
        Session.objects.public()
        .for_event(event)
        .in_programme_order()
        .values_list("pk", "code", "title", "slug")
    )
    index = next(i for i, row in enumerate(rows) if row[0] == session.pk)

    def neighbour(i: int) -> Neighbour | None:
        if not 0 <= i < len(rows):
            return None
        _, code, title, slug = rows[i]
        return Neighbour(code=code, title=title, url=_session_url(event.slug, slug))

    return neighbour(index - 1), neighbour(index + 1)


def _session_url(event_slug: str, slug: str) -> str:
    return reverse("programme:session-detail", kwargs={"event": event_slug, "slug": slug})


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def embed_url(recording_url: str) -> str | None:
    """The privacy-friendly player address for a YouTube or Vimeo recording, else None.

    Only these hosts are allowed to be framed by the Content Security Policy, and the
    player is only rendered once the visitor asks for it.
    """
    if not recording_url:
        return None
    parts = urlsplit(recording_url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host == "youtube.com":
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/")
    elif host == "vimeo.com":
        vimeo_id = parts.path.strip("/").split("/")[0]
        return f"https://player.vimeo.com/video/{vimeo_id}" if vimeo_id.isdigit() else None
    if YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


@dataclass(frozen=True)
class QuoteFilters:
    """The options a visitor may filter quotes by, and the ones chosen (unknown values dropped)."""

    topics: list[Tag]
    sessions: list[Session]
    speakers: list[Speaker]
    topic: Tag | None = None
    session: Session | None = None
    speaker: Speaker | None = None

    @property
    def active(self) -> bool:
        return bool(self.topic or self.session or self.speaker)


@dataclass(frozen=True)
class QuoteListPage:
    event: Event
    filters: QuoteFilters
    page: Page


def _event_quotes(event: Event):
    return Quote.objects.public().filter(session__day__event=event)


def quote_list_page(
    *, event: Event, topic: str = "", session: str = "", speaker: str = "", page: str = "1"
) -> QuoteListPage:
    """Published quotes of an event, filtered by topic, session and speaker slugs (six queries)."""
    quotes = _event_quotes(event)
    sessions = list(
        Session.objects.public()
        .for_event(event)
        .filter(pk__in=quotes.values("session_id"))
        .in_programme_order()
    )
    speakers = sorted(
        Speaker.objects.filter(pk__in=quotes.values("speaker_id")),
        key=lambda speaker: speaker.sort_key,
    )
    topics = sorted(
        # The ids already in hand: PostgreSQL plans nested subqueries across taggit's
        # integer-cast join badly (minutes at 300 sessions).
        Tag.objects.filter(session__in=[s.pk for s in sessions]).distinct(),
        key=lambda topic: sort_key(topic.name),
    )
    chosen_topic = next((t for t in topics if t.slug == topic), None)
    chosen_session = next((s for s in sessions if s.slug == session), None)
    chosen_speaker = next((s for s in speakers if s.slug == speaker), None)
    if chosen_topic:
        quotes = quotes.filter(session__topics=chosen_topic)
    if chosen_session:
        quotes = quotes.filter(session=chosen_session)
    if chosen_speaker:
        quotes = quotes.filter(speaker=chosen_speaker)
    quotes = quotes.select_related("session__day__event", "speaker").order_by(
        "session__day__number", "session__start", "session__order", "order", "pk"
    )
    filters = QuoteFilters(
        topics=topics,
        sessions=sessions,
        speakers=speakers,
        topic=chosen_topic,
        session=chosen_session,
        speaker=chosen_speaker,
    )
    return QuoteListPage(
        event=event, filters=filters, page=Paginator(quotes, QUOTES_PER_PAGE).get_page(page)
    )


def quote_page(*, event: Event, pk: int) -> Quote | None:
    """One published quote with its session and speaker (three queries)."""
    return (
        _event_quotes(event)
        .filter(pk=pk)
        .select_related("session__day__event", "session__room", "speaker")
        .prefetch_related(
            Prefetch(
                "speaker__affiliations",
                queryset=Affiliation.objects.select_related("organisation"),
            ),
            "session__topics",
        )
        .first()
    )

