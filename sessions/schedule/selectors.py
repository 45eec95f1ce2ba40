"""The published programme of an event, day, session or person, loaded for the exports.

Each export renders one of these structures; all eager loading for them happens here, so an
export costs the same handful of queries whatever the size of the event.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from taggit.models import Tag, TaggedItem

from cms.page_store import recording
from conference.models import Day, Event, Room
from sessions.models import Link, Participation, Session
from speakers.models import Speaker


@dataclass(frozen=True)
class EventSchedule:
    """An event's published days, their sessions in programme order, and its rooms."""

    event: Event
    days: list[Day]
    sessions: list[Session]
    rooms: list[Room]

    def sessions_of(self, day: Day) -> list[Session]:
        return [session for session in self.sessions if session.day_id == day.pk]

    @property
    def timed_sessions(self) -> list[Session]:
        return [session for session in self.sessions if session.start and session.end]

    @property
    def speakers(self) -> list[Speaker]:
        """Everyone taking part in a published session, each once, in name order."""
        people = {}
        for session in self.sessions:
            for participation in session.participations.all():
                people.setdefault(participation.speaker_id, participation.speaker)
        return sorted(people.values(), key=lambda speaker: (speaker.name, speaker.pk))


def _calendar_sessions():
    """What a calendar shows of a session: no people, so none are loaded."""
    return (
        Session.objects.public()
        .select_related("day__event__organiser", "room", "type")
        .in_programme_order()
    )


def _export_sessions():
    return _calendar_sessions().prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("speaker").prefetch_related(
                "speaker__affiliations__organisation"
            ),
        ),
    )


def _topic_names(session_pks) -> dict[int, list[str]]:
    """Each session's topic names, sorted, from one query (`session_pks`: ids or a subquery).

    taggit's own prefetch builds a queryset per session, which was most of an export's time.
    """
    names = {}
    rows = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Session), object_id__in=session_pks
        )
        .order_by("tag__name")
        .values_list("object_id", "tag_id", "tag__name")
    )
    for session_pk, tag_pk, name in rows:
        names.setdefault(session_pk, []).append(name)
        recording.note_rows(Tag, [tag_pk])
    return names


def _with_topic_names(sessions) -> list[Session]:
    """Set `topic_names` (sorted) on each session."""
    sessions = list(sessions)
    names = _topic_names([session.pk for session in sessions])
    for session in sessions:
        session.topic_names = names.get(session.pk, [])
    return sessions


def event_programme(*, event: Event) -> EventSchedule:
    days = Day.objects.public().for_event(event).select_related("event").order_by("number")
    return EventSchedule(
        event=event,
        days=list(days),
        sessions=_with_topic_names(_export_sessions().for_event(event)),
        rooms=list(Room.objects.for_event(event)),
    )


def event_sessions(*, event: Event) -> list[Session]:
    return _with_topic_names(_calendar_sessions().for_event(event))


def day_sessions(*, day: Day) -> list[Session]:
    return _with_topic_names(_calendar_sessions().for_day(day))


def session_for_export(*, event: Event, slug: str) -> Session | None:
    found = _with_topic_names(_calendar_sessions().for_event(event).filter(slug=slug))
    return found[0] if found else None


def speaker_sessions(*, speaker: Speaker) -> list[Session]:
    return _with_topic_names(
        _calendar_sessions().filter(participations__speaker=speaker).distinct()
    )


SCHEDULE_COLUMNS = (
    "pk", "uuid", "day_id", "code", "slug", "title", "subtitle", "kind", "type__name",
    "track__name", "language", "start", "end", "room__name", "summary", "recap_text",
    "recording_url", "recording_title", "recording_licence", "recording_optout",
    "origin_url", "feedback_url", "extra",
)  # fmt: skip


@dataclass(frozen=True)
class ScheduleRows:
    """What the frab exports (schedule.xml, schedule.json) need of an event.

    `sessions` are the published, timed sessions in programme order as plain rows (dicts of
    `SCHEDULE_COLUMNS`), each with `persons` ((uuid, full name, biography) in order),
    `links` ((kind, title, url) in order) and `topics` (sorted names); `rooms` are the
    event's rooms as (name, uuid) in order.
    """

    event: Event
    days: list[Day]
    rooms: list[tuple[str, object]]
    sessions: list[dict]


def schedule_rows(*, event: Event) -> ScheduleRows:
    """Six queries and no model instance per session, so that the frab exports of a
    500-session event render in a fraction of a second."""
    timed = (
        Session.objects.public()
        .for_event(event)
        .filter(start__isnull=False, end__isnull=False)
    )
    sessions = list(timed.in_programme_order().values(*SCHEDULE_COLUMNS))
    topics = _topic_names(timed.values("pk"))
    by_pk = {}
    for row in sessions:
        row["persons"], row["links"] = [], []
        row["topics"] = topics.get(row["pk"], [])
        by_pk[row["pk"]] = row
    people = (
        Participation.objects.filter(session__in=timed.values("pk"))
        .order_by("session", "order", "pk")
        .values_list(
            "session_id", "speaker_id", "speaker__uuid", "speaker__honorific", "speaker__name",
            "speaker__bio",
        )
    )
    for session_pk, speaker_pk, uuid, honorific, name, bio in people:
        recording.note_rows(Speaker, [speaker_pk])
        if row := by_pk.get(session_pk):  # None if published between the two queries
            full_name = f"{honorific} {name}" if honorific else name  # as Speaker.full_name
            row["persons"].append((uuid, full_name, bio))
    links = (
        Link.objects.filter(session__in=timed.values("pk"))
        .order_by("session", "order", "pk")
        .values_list("session_id", "kind", "title", "url")
    )
    for session_pk, kind, title, url in links:
        if row := by_pk.get(session_pk):
            row["links"].append((kind, title, url))
    days = Day.objects.public().for_event(event).select_related("event").order_by("number")
    recording.note_rows(Session, by_pk)  # the page store: what these files show
    return ScheduleRows(
        event=event,
        days=list(days),
        rooms=[(room.name, room.uuid) for room in Room.objects.for_event(event)],
        sessions=sessions,
    )
