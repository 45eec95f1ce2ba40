"""Reads across models for the home, event and programme pages.

Each function returns everything its page shows, eager-loaded, so that templates never
query and the number of queries does not grow with the size of the programme.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from cms.collation import sort_key
from conference.models import Day, Event, Organisation, Room
from reports.models import Report
from sessions.languages import language_name, parse_languages
from sessions.models import Quote, Session
from sessions.slots import PART_LABELS, PARTS_OF_DAY, Slot, group_parallel, part_of_day
from speakers.models import Speaker


def current_event() -> Event | None:
    """The published event running today, else the next one, else the latest one."""
    today = timezone.localdate()
    events = Event.objects.public()
    return (
        events.filter(end_date__gte=today).order_by("start_date", "pk").first()
        or events.order_by("-end_date", "-pk").first()
    )


# ---------- Home ----------


@dataclass(frozen=True)
class HomePage:
    current: Event | None  # running now, or the next to come, or the latest
    status: str  # "running", "next" or "latest": how the current event relates to today
    earlier: list[Event]  # editions before the current one, newest first
    later: list[Event]  # editions after the next one, soonest first
    latest_recap: Day | None = None  # the current event's last published day up to today


def home_page(*, today: dt.date | None = None) -> HomePage:
    """Published events with their published days (``event.published_days``): two queries."""
    today = today or timezone.localdate()
    events = list(Event.objects.public().with_organiser().with_published_days())
    upcoming = sorted(
        (e for e in events if e.end_date >= today), key=lambda e: (e.start_date, e.pk)
    )
    if upcoming:
        current = upcoming[0]
        status = "running" if current.start_date <= today else "next"
    else:
        current, status = (events[0], "latest") if events else (None, "")
    recaps = [day for day in current.published_days if day.date <= today] if current else []
    return HomePage(
        current=current,
        status=status,
        latest_recap=max(recaps, key=lambda day: day.date, default=None),
        earlier=[e for e in events if e is not current and e.start_date <= today],
        later=[e for e in upcoming[1:] if e.start_date > today],
    )


# ---------- Event ----------


@dataclass(frozen=True)
class EventCounts:
    sessions: int
    speakers: int
    organisations: int


@dataclass(frozen=True)
class EventPage:
    event: Event
    days: list[Day]
    featured_quotes: list[Quote]
    reports: list[Report]
    counts: EventCounts


def _count(queryset) -> Coalesce:
    """The number of rows of ``queryset`` as a subquery, so that counts share one query."""
    # values() names its column: a translated model's values() without names lists all fields.
    rows = queryset.order_by().annotate(one=Value(1)).values("one")
    rows = rows.annotate(n=Count("pk", distinct=True))
    return Coalesce(Subquery(rows.values("n")), 0)


def event_page(*, event: Event) -> EventPage:
    """The event's published days, featured quotes, reports and counts.

    People and organisations are counted by the rule of the event's lists (a report's
    editors are the event's people too), so the numbers match what the lists show.
    """
    # Named columns: a translated model's values() without names lists all its fields.
    counts = (
        Event.objects.filter(pk=event.pk)
        .annotate(
            session_count=_count(Session.objects.public().for_event(event)),
            speaker_count=_count(Speaker.objects.public(event=event)),
            organisation_count=_count(Organisation.objects.public(event=event)),
        )
        .values_list("session_count", "speaker_count", "organisation_count")
        .get()
    )
    return EventPage(
        event=event,
        days=list(Day.objects.public().for_event(event).with_event().order_by("number")),
        featured_quotes=list(Quote.objects.public().for_event(event).featured_for_listing()),
        reports=list(Report.objects.public().for_event(event).with_editors()),
        counts=EventCounts(*counts),
    )


# ---------- Programme ----------


@dataclass(frozen=True)
class ProgrammePart:
    name: str  # "Morning", "Afternoon", "Evening", in the active language
    slots: list[Slot[Session]]


@dataclass(frozen=True)
class ProgrammeDay:
    day: Day
    parts: list[ProgrammePart]


@dataclass(frozen=True)
class FilterChoices:
    topics: list[tuple[str, str]]  # (slug, name)
    kinds: list[tuple[str, str]]
    rooms: list[tuple[str, str]]  # (pk, name)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


@dataclass(frozen=True)
class Filters:
    topic: str = ""
    kind: str = ""
    room: str = ""
    language: str = ""

    @property
    def active(self) -> bool:
        return bool(self.topic or self.kind or self.room or self.language)


@dataclass(frozen=True)
class Programme:
    """One day of the programme (a page per day keeps a 500-session event readable)."""

    event: Event
    days: list[Day]  # every published day, for the day links
    day: ProgrammeDay | None  # the day shown; None before any day is published
    filters: Filters = field(default_factory=Filters)
    matches: dict[int, int] = field(default_factory=dict)  # day number -> sessions, if filtered

    @property
    def sessions(self) -> list[Session]:
        if self.day is None:
            return []
        return [s for part in self.day.parts for slot in part.slots for s in slot.items]

    @property
    def total_matches(self) -> int:
        return sum(self.matches.values())

    @property
    def day_links(self) -> list[tuple[Day, int]]:
        """Each day with its number of matching sessions (counted only when filtered)."""
        return [(day, self.matches.get(day.number, 0)) for day in self.days]


def programme_filter_choices(*, event: Event) -> FilterChoices:
    """Topics, kinds, rooms and languages that published sessions of the event use (three
    queries)."""
    sessions = Session.objects.public().for_event(event)
    topics = Tag.objects.filter(
        taggit_taggeditem_items__content_type__app_label="programme",
        taggit_taggeditem_items__content_type__model="session",
        taggit_taggeditem_items__object_id__in=sessions.values("pk"),
    ).distinct()
    kinds_and_languages = list(sessions.order_by().values_list("kind", "languages").distinct())
    kinds = {kind for kind, _languages in kinds_and_languages}
    rooms = Room.objects.filter(sessions__in=sessions).distinct().order_by("order", "name")
    codes = {code for _kind, listed in kinds_and_languages for code in parse_languages(listed)}
    return FilterChoices(
        topics=sorted(((tag.slug, tag.name) for tag in topics), key=lambda t: sort_key(t[1])),
        kinds=[(value, label) for value, label in Session.Kind.choices if value in kinds],
        rooms=[(str(room.pk), room.name) for room in rooms],
        languages=sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1]),
    )


def _programme_day(day: Day, sessions: list[Session], tz) -> ProgrammeDay:
    by_part: dict[str, list[Slot[Session]]] = {part: [] for part in PARTS_OF_DAY}
    for slot in group_parallel(sessions, tz=tz, day_date=day.date):
        by_part[part_of_day(slot.items[0].start, tz, day.date)].append(slot)
    return ProgrammeDay(
        day=day,
        parts=[
            ProgrammePart(name=PART_LABELS[part], slots=slots)
            for part, slots in by_part.items()
            if slots
        ],
    )


def _running_day(days: Iterable[Day], now: dt.datetime, tz) -> Day | None:
    """The day whose hours include ``now`` (yesterday's at 01:30 when it ends at 04:00),
    else the day of ``now``'s local date."""
    days = list(days)
    today = now.astimezone(tz).date()
    return next((d for d in days if d.window[0] <= now < d.window[1]), None) or next(
        (d for d in days if d.date == today), None
    )


def _default_day(days: list[Day], tz) -> Day | None:
    """The day running now in the event's time zone, else the first day."""
    return _running_day(days, timezone.now(), tz) or (days[0] if days else None)


def programme(
    *, event: Event, filters: Filters | None = None, number: int | None = None
) -> Programme | None:
    """Day ``number`` of the programme (by default the running or first day), filtered.

    None when the event has no published day of that number.
    """
    filters = filters or Filters()
    tz = event.tzinfo
    sessions = Session.objects.public().for_event(event)
    if filters.topic:
        sessions = sessions.filter(topics__slug=filters.topic)
    if filters.kind:
        sessions = sessions.filter(kind=filters.kind)
    if filters.room:
        sessions = sessions.filter(room_id=filters.room)
    if filters.language:
        sessions = sessions.in_language(filters.language)
    days = Day.objects.public().for_event(event).with_event().order_by("number")
    if filters.active:  # each day's number of matches, in the same query
        per_day = sessions.filter(day=OuterRef("pk")).order_by().values("day")
        count = per_day.annotate(n=Count("pk", distinct=True)).values("n")
        days = days.annotate(matches=Coalesce(Subquery(count), 0))
    days = list(days)
    day = _default_day(days, tz) if number is None else next(
        (d for d in days if d.number == number), None
    )
    if number is not None and day is None:
        return None
    matches = {d.number: d.matches for d in days} if filters.active else {}
    shown = None
    if day is not None:
        on_day = sessions.filter(day=day).select_related("room").in_programme_order()
        shown = _programme_day(day, on_day.listed_with_people(day=day), tz)
    return Programme(event=event, days=days, day=shown, filters=filters, matches=matches)


# ---------- Now and next ----------


@dataclass(frozen=True)
class NowAndNext:
    event: Event
    now: dt.datetime
    day: Day | None  # the running day, if the event runs today
    current: list[Session]
    upcoming: list[Session]  # the sessions that start next (all sharing one start time)

    @property
    def is_running(self) -> bool:
        return self.day is not None


def now_and_next(*, event: Event, now: dt.datetime | None = None) -> NowAndNext:
    """What is on now and what starts next on the event's running day: the day whose hours
    include now (past midnight too), else the day of today's local date."""
    now = now or timezone.now()
    local_date = now.astimezone(event.tzinfo).date()
    days = Day.objects.public().for_event(event).with_event()
    recent = days.filter(date__range=(local_date - dt.timedelta(days=1), local_date))
    day = _running_day(recent, now, event.tzinfo)
    if day is None:
        return NowAndNext(event=event, now=now, day=None, current=[], upcoming=[])
    on_day = Session.objects.public().for_day(day).select_related("room").in_programme_order()
    sessions = [s for s in on_day.listed_with_people(day=day) if s.start and s.end]
    current = [s for s in sessions if s.start <= now < s.end]
    later = [s for s in sessions if s.start > now]
    next_start = min((s.start for s in later), default=None)
    return NowAndNext(
        event=event,
        now=now,
        day=day,
        current=current,
        upcoming=[s for s in later if s.start == next_start],
    )
