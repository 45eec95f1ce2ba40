"""The published programme of an event, day, session or person, loaded for the exports.

Each export renders one of these structures; all eager loading for them happens here, so an
export costs the same handful of queries whatever the size of the event.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from taggit.models import TaggedItem

from conference.models import Day, Event, Room
from sessions.models import Participation, Session
from speakers.models import Speaker


@dataclass(frozen=True)
class Programme:
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


def _export_sessions():
    return (
        Session.objects.published()
        .select_related("day__event__organiser", "room")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("speaker").prefetch_related(
                    "speaker__affiliations__organisation"
                ),
            ),
        )
        .in_programme_order()
    )


def _with_topic_names(sessions) -> list[Session]:
    """Set `topic_names` (sorted) on each session from one query.

    taggit's own prefetch builds a queryset per session, which was most of an export's time.
    """
    sessions = list(sessions)
    names = {session.pk: [] for session in sessions}
    rows = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Session), object_id__in=names
        )
        .order_by("tag__name")
        .values_list("object_id", "tag__name")
    )
    for session_pk, name in rows:
        names[session_pk].append(name)
    for session in sessions:
        session.topic_names = names[session.pk]
    return sessions


def event_programme(*, event: Event) -> Programme:
    days = Day.objects.published().for_event(event).select_related("event").order_by("number")
    return Programme(
        event=event,
        days=list(days),
        sessions=_with_topic_names(_export_sessions().for_event(event)),
        rooms=list(Room.objects.for_event(event)),
    )


def day_sessions(*, day: Day) -> list[Session]:
    return _with_topic_names(_export_sessions().for_day(day))


def session_for_export(*, event: Event, slug: str) -> Session | None:
    found = _with_topic_names(_export_sessions().for_event(event).filter(slug=slug))
    return found[0] if found else None


def speaker_sessions(*, speaker: Speaker) -> list[Session]:
    return _with_topic_names(
        _export_sessions().filter(participations__speaker=speaker).distinct()
    )
