"""Reads behind the session, quote list and quote pages.

Each function returns everything its page shows, loaded with a fixed number of queries
whatever the size of the programme; templates then only walk the structure.
"""

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.urls import reverse
from taggit.models import Tag

from cms.collation import sort_key
from conference.models import Event
from sessions.media import Paragraph, read_transcript
from sessions.models import Quote, Session
from speakers.models import Affiliation, Speaker

QUOTES_PER_PAGE = 40

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Neighbour:
    """The previous or next session in programme order, for the links under a session."""

    code: str
    title: str
    url: str


@dataclass(frozen=True)
class Player:
    """An embeddable player of a recording: its address and the host a click contacts."""

    url: str

    @property
    def host(self) -> str:
        """The host as people know it: “youtube-nocookie.com” rather than its www. name."""
        return (urlsplit(self.url).hostname or "").removeprefix("www.")


@dataclass(frozen=True)
class SessionPage:
    session: Session
    event: Event
    previous: Neighbour | None
    next: Neighbour | None
    player: Player | None
    transcript: list[Paragraph]


def session_page(*, event_slug: str, slug: str) -> SessionPage | None:
    """The session with its people, quotes, topics, links, attachments, photos and
    neighbours (eight queries), and its transcript in paragraphs."""
    session = (
        Session.objects.public()
        .filter(day__event__slug=event_slug, slug=slug)
        .select_related("day__event", "room", "type", "track")
        .with_people()
        .with_published_quotes()
        .prefetch_related("topics", "links", "attachments", "photos")
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
        player=recording_player(session.recording_url),
        transcript=_transcript(session),
    )


def _transcript(session: Session) -> list[Paragraph]:
    """The session's transcript in paragraphs, read from its file (checked on upload)."""
    if not session.transcript:
        return []
    try:
        with session.transcript.open("rb") as file:
            return read_transcript(file)
    except (OSError, ValidationError):
        logger.warning("The transcript of session %s cannot be read.", session.pk)
        return []


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
CCC_SLUG = re.compile(r"^[A-Za-z0-9_.-]+$")
PEERTUBE_ID = re.compile(r"^[A-Za-z0-9-]{6,40}$")


def recording_player(recording_url: str) -> Player | None:
    """The player of a recording on a known host (YouTube, Vimeo, media.ccc.de, or a PeerTube
    instance of ``RECORDING_PEERTUBE_HOSTS``), else None: other hosts are only linked.

    These are the hosts the Content Security Policy lets the site frame (``frame-src`` in
    ``config/settings.py``); the page only loads the player once the visitor asks for it.
    """
    if not recording_url:
        return None
    parts = urlsplit(recording_url)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "youtube.com":
        video_id = ""
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "live", "shorts"):
            video_id = segments[1]
        return _youtube(video_id)
    if host == "youtu.be":
        return _youtube(segments[0] if segments else "")
    if host == "vimeo.com":
        if segments and segments[0].isdigit():
            return Player(f"https://player.vimeo.com/video/{segments[0]}")
        return None
    if host == "media.ccc.de":
        if len(segments) >= 2 and segments[0] == "v" and CCC_SLUG.match(segments[1]):
            return Player(f"https://media.ccc.de/v/{segments[1]}/oembed")
        return None
    if parts.hostname in settings.RECORDING_PEERTUBE_HOSTS:
        video_id = ""
        if len(segments) == 2 and segments[0] == "w":
            video_id = segments[1]
        elif len(segments) == 3 and segments[:2] in (["videos", "watch"], ["videos", "embed"]):
            video_id = segments[2]
        if PEERTUBE_ID.match(video_id):
            return Player(f"https://{parts.hostname}/videos/embed/{video_id}")
    return None


def _youtube(video_id: str) -> Player | None:
    if YOUTUBE_ID.match(video_id):
        return Player(f"https://www.youtube-nocookie.com/embed/{video_id}")
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

