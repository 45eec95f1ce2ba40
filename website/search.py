"""Site search over sessions, day recaps, people, organisations, quotes and reports.

``search(query, page)`` is the one entry point: the view calls it and nothing else, so the
portable backend below (``icontains`` per model, ranked in Python) can be swapped for
PostgreSQL full-text search without touching the view or the template. It lives in the
top app because it reads every other app; only published content is ever a candidate.
"""

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import add, and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Q, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cms.richtext import render_markdown
from conference.models import Day, Organisation
from reports.models import Report
from sessions.models import Quote, Session
from speakers.models import Speaker

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_PAGE = 20
# Candidates of each kind ranked in Python (in the database on PostgreSQL): enough for the
# pages anyone reads, few enough that a common word stays cheap.
CANDIDATES_PER_KIND = 100
SNIPPET_LENGTH = 220
# Fields stored as Markdown: matched and shown as the words a reader sees, without markup.
MARKDOWN_FIELDS = {"summary", "recap_text", "recap_intro", "bio", "description"}


@dataclass(frozen=True)
class Hit:
    kind: str
    title: SafeString
    url: str
    snippet: SafeString
    context: str
    score: float


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: list[str]
    total: int
    page: Page | None


def clean_query(raw: str) -> str:
    """The query as searched: control characters (NUL included) made spaces, spaces collapsed,
    cut to a sane length so that a pasted essay cannot make the search slow."""
    text = "".join(
        " " if unicodedata.category(ch)[0] == "C" else ch for ch in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


STOP_WORDS = {"a", "an", "and", "at", "by", "for", "in", "is", "of", "on", "or", "the", "to"}


def query_terms(query: str) -> list[str]:
    """The distinct words to look for; common little words only when nothing else is asked."""
    terms = []
    for word in query.split():
        word = word.strip("\"'“”‘’.,;:!?()[]{}")
        if word and word.casefold() not in (t.casefold() for t in terms):
            terms.append(word)
    meaningful = [term for term in terms if term.casefold() not in STOP_WORDS]
    return (meaningful or terms)[:MAX_TERMS]


def search(query: str, page: str | int = 1) -> SearchResults:
    """Ranked, highlighted, paginated results for a visitor's query."""
    query = clean_query(query or "")
    terms = query_terms(query)
    if not terms:
        return SearchResults(query=query, terms=[], total=0, page=None)
    if connection.vendor == "postgresql":
        ranked = _postgres_ranked(terms)
    else:
        ranked = _portable_ranked(terms)
    results = Paginator(ranked, RESULTS_PER_PAGE).get_page(page)
    # Only the page shown is highlighted and linked.
    results.object_list = [
        _hit(source, obj, terms, score=score) for score, source, obj in results.object_list
    ]
    return SearchResults(query=query, terms=terms, total=len(ranked), page=results)


@dataclass(frozen=True)
class Source:
    """One kind of result: its published queryset and the weighted fields to match."""

    kind: str
    queryset: Callable
    fields: dict[str, float]
    title: Callable
    context: Callable
    snippet_field: str
    # Where the snippet comes from when no term is in ``snippet_field``, in order.
    other_snippet_fields: tuple[str, ...] = ()


def _sources() -> list[Source]:
    return [
        Source(
            gettext_noop("Session"),  # English: results sort by it; pages translate it
            lambda: Session.objects.public().select_related("day__event"),
            {"title": 10, "code": 6, "summary": 3, "recap_text": 2, "transcript_text": 1},
            title=str,
            context=lambda s: f"{s.day.event.name}, {s.day.label}",
            snippet_field="recap_text",
            other_snippet_fields=("summary", "transcript_text"),
        ),
        Source(
            gettext_noop("Day recap"),
            lambda: Day.objects.public().select_related("event"),
            {"title": 8, "recap_intro": 2},
            title=lambda d: f"{d.event.name}: {d.label}",
            context=lambda d: d.event.name,
            snippet_field="recap_intro",
        ),
        Source(
            gettext_noop("Person"),
            lambda: Speaker.objects.public(),
            {"name": 10, "bio": 2},
            title=lambda s: s.full_name,
            context=lambda s: "",
            snippet_field="bio",
        ),
        Source(
            gettext_noop("Organisation"),
            lambda: Organisation.objects.public(),
            {"name": 10, "short_name": 10, "description": 2},
            title=lambda o: o.name,
            context=lambda o: o.short_name,
            snippet_field="description",
        ),
        Source(
            gettext_noop("Quote"),
            lambda: Quote.objects.public().select_related("session__day__event", "speaker"),
            {"text": 5, "attribution": 4},
            title=lambda q: _("%(person)s in %(session)s")
            % {"person": q.attributed_to, "session": q.session},
            context=lambda q: q.session.day.event.name,
            snippet_field="text",
        ),
        Source(
            gettext_noop("Report"),
            lambda: Report.objects.public(),
            {"title": 10, "subtitle": 6, "summary": 2},
            title=lambda r: r.full_title,
            context=lambda r: "",
            snippet_field="summary",
        ),
    ]


def _portable_ranked(terms: list[str]) -> list[tuple[float, Source, object]]:
    """Candidates in which every term occurs (one query per kind of result), scored in
    Python on their visible text, best first."""
    scoring = [(term, re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)) for term in terms]
    ranked = []
    for source in _sources():
        match = reduce(
            and_,
            (
                reduce(or_, (Q(**{f"{name}__icontains": term}) for name in source.fields))
                for term in terms
            ),
        )
        # The candidates whose heaviest field (title, name) holds every term come first.
        heaviest = max(source.fields, key=source.fields.get)
        in_title = reduce(and_, (Q(**{f"{heaviest}__icontains": term}) for term in terms))
        candidates = (
            source.queryset()
            .filter(match)
            .annotate(in_title=Case(When(in_title, then=0), default=1))
            .order_by("in_title", "pk")[:CANDIDATES_PER_KIND]
        )
        for obj in candidates:
            texts = {name: _visible_text(obj, name) for name in source.fields}
            score = _score(texts, source.fields, scoring)
            if score:
                ranked.append((score, source, obj, obj.get_absolute_url()))
    ranked.sort(key=lambda item: (-item[0], item[1].kind, item[3]))
    return [(score, source, obj) for score, source, obj, _ in ranked]


def _hit(source: Source, obj, terms: list[str], *, score: float) -> Hit:
    text = _visible_text(obj, source.snippet_field)
    pattern = _term_pattern(terms)
    if not pattern.search(text):
        for name in source.other_snippet_fields:
            other = _visible_text(obj, name)
            if pattern.search(other):
                text = other
                break
    return Hit(
        kind=source.kind,
        title=highlight(source.title(obj), terms),
        url=obj.get_absolute_url(),
        snippet=highlight(_snippet(text, terms), terms),
        context=source.context(obj),
        score=score,
    )


# PostgreSQL full-text search: the "simple" configuration (no stemming, no stop words) with
# prefix matching, so that results are close to the portable backend's substring matches.
# The field weights above map onto PostgreSQL's four weight classes.
TS_CONFIG = "simple"


def _weight_class(weight: float) -> str:
    return "A" if weight >= 10 else "B" if weight >= 6 else "C" if weight >= 3 else "D"


def _tsquery(terms: list[str]) -> SearchQuery:
    """All terms, each a word prefix; a term with punctuation is matched as plain text."""
    parts = [
        SearchQuery(f"{term}:*", search_type="raw", config=TS_CONFIG)
        if re.fullmatch(r"\w+", term)
        else SearchQuery(term, search_type="plain", config=TS_CONFIG)
        for term in terms
    ]
    return reduce(and_, parts)


def _postgres_ranked(terms: list[str]) -> list[tuple[float, Source, object]]:
    """Ranked by ``ts_rank`` in the database, best first."""
    tsquery = _tsquery(terms)
    ranked = []
    for source in _sources():
        vector = reduce(
            add,
            (
                SearchVector(name, weight=_weight_class(weight), config=TS_CONFIG)
                for name, weight in source.fields.items()
            ),
        )
        matches = (
            source.queryset()
            .annotate(document=vector)
            .filter(document=tsquery)
            .annotate(rank=SearchRank(vector, tsquery))
            .order_by("-rank", "pk")[:CANDIDATES_PER_KIND]
        )
        ranked += [(obj.rank, source, obj) for obj in matches]
    ranked.sort(key=lambda item: (-item[0], item[1].kind, item[2].pk))
    return ranked


def _visible_text(obj, name: str) -> str:
    text = getattr(obj, name) or ""
    return _markdown_as_text(text) if name in MARKDOWN_FIELDS else text


@lru_cache(maxsize=4096)
def _markdown_as_text(text: str) -> str:
    """The words a reader sees of stored Markdown (cached: every search scans the same texts)."""
    return html.unescape(strip_tags(render_markdown(text))).strip()


def _term_pattern(terms: list[str]) -> re.Pattern:
    alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _score(
    texts: dict[str, str], weights: dict[str, float], terms: list[tuple[str, re.Pattern]]
) -> float:
    """Title-like fields weigh more than body text; whole words more than word parts.

    ``terms`` pairs each term with its whole-word pattern. Zero when some term is missing
    from the visible text (it matched only in markup).
    """
    score = 0.0
    for term, whole_word in terms:
        term_score = 0.0
        for name, text in texts.items():
            if term.casefold() in text.casefold():
                bonus = 1.5 if whole_word.search(text) else 1.0
                term_score = max(term_score, weights[name] * bonus)
        if not term_score:
            return 0.0
        score += term_score
    return score


def _snippet(text: str, terms: list[str]) -> str:
    """About SNIPPET_LENGTH characters of text around the first match."""
    if len(text) <= SNIPPET_LENGTH:
        return text
    found = _term_pattern(terms).search(text)
    start = max(0, (found.start() if found else 0) - SNIPPET_LENGTH // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return f"{'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''}"


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape the text and wrap each matching word in <mark>.

    Matches are found in the raw text and every piece is escaped on its own, so neither
    the content nor the query can inject markup, and entities are never split.
    """
    if not terms:
        return escape(text)
    pieces, position = [], 0
    for found in _term_pattern(terms).finditer(text):
        pieces.append(escape(text[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
