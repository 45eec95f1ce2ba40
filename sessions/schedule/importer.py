"""Writes to the programme that more than one caller needs (the command line, the admin)."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from cms.publishing import Status
from conference.models import Day, Event, Room
from sessions.models import Participation, Session
from sessions.schedule.frab_json import RECORDING_TITLE, venue_room_name
from sessions.schedule.identifiers import acronym_for, person_guid, session_guid
from sessions.schedule.reading import Schedule, ScheduleError, Talk, read_schedule
from speakers.models import Speaker

SESSION_FIELDS = [
    "day", "title", "kind", "start", "end", "room", "summary", "recap_text",
    "recording_url", "recording_title",
]  # fmt: skip


@dataclass
class ImportReport:
    """What an import created, changed and left alone, and what it could not keep."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    dry_run: bool = False
    event_slug: str = ""

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def changes(self) -> list[tuple[str, str]]:
        """("Created", "2 day, 6 session") and so on, for the command and the admin."""

        def counts(counter):
            return ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items())) or "nothing"

        return [
            ("Created", counts(self.created)),
            ("Updated", counts(self.updated)),
            ("Removed", counts(self.removed)),
        ]

    def summary(self) -> str:
        lines = [f"Event: {self.event_slug}."]
        lines.extend(f"{label}: {counts}." for label, counts in self.changes())
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)}:")
            lines.extend(f"  - {item}" for item in self.skipped)
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return "\n".join(lines)


def import_schedule(
    *,
    data: bytes,
    event_slug: str | None = None,
    dry_run: bool = False,
    publish: bool = False,
) -> ImportReport:
    """Create or update an event, its days, rooms, sessions and speakers from a frab schedule.

    Without `event_slug` the event is the file's conference, found by its stable id (see
    `schedule_event_slug`) and given the file's title, dates and time zone. With it, the
    programme goes into that event (a copy of another event's schedule, say).

    Everything happens in one transaction: a file with any error changes nothing, and a
    dry run rolls back after reporting what it would do. New events, days and sessions are
    drafts unless `publish` is set; existing ones keep their status.
    """
    schedule = read_schedule(data)
    with transaction.atomic():
        report = _Importer(schedule, event_slug, publish=publish).run()
        report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return report


def schedule_event_slug(schedule: Schedule) -> str:
    """The slug of the event a schedule describes, the same for every import of the file.

    A `slug` of the file's own comes first; then the last part of the conference URL when
    it agrees with the acronym (our exports and pretalx's, whose acronym cannot hold a
    hyphen); then the acronym; then the title.
    """
    code = schedule.acronym.lower()
    segment = slugify(urlsplit(schedule.url).path.rstrip("/").rpartition("/")[2])
    if schedule.slug:
        slug = slugify(schedule.slug)
    elif code and segment and acronym_for(segment) == code:
        slug = segment
    else:
        slug = slugify(code.rstrip("_")) or slugify(schedule.title)
    if not slug:
        raise ScheduleError(
            "conference: neither the acronym nor the title gives the event a slug "
            "(name the event to import into)."
        )
    return slug[: Event._meta.get_field("slug").max_length]


def _kind(name: str) -> str:
    wanted = name.strip().lower()
    for value, label in Session.Kind.choices:
        if wanted in (value, label.lower(), value.replace("_", " ")):
            return value
    return Session.Kind.OTHER


def _unique_slug(base: str, taken) -> str:
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check(instance, where: str) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        details = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise ScheduleError(f"{where}: {details}") from error


class _Importer:
    def __init__(self, schedule: Schedule, event_slug: str | None, *, publish: bool):
        self.schedule = schedule
        self.from_file = not event_slug
        self.event_slug = event_slug or schedule_event_slug(schedule)
        self.status = Status.PUBLISHED if publish else Status.DRAFT
        self.report = ImportReport(skipped=list(schedule.skipped), event_slug=self.event_slug)

    def run(self) -> ImportReport:
        self.event = self._event()
        self.report.event_slug = self.event.slug
        self.days = self._days()
        self.rooms = self._rooms()
        self.speakers = {str(person_guid(s.full_name)): s for s in Speaker.objects.all()}
        sessions = Session.objects.for_event(self.event).select_related("day__event", "room")
        self.sessions_by_guid = {str(session_guid(s.day.event.slug, s.slug)): s for s in sessions}
        self.sessions_by_slug = {s.slug: s for s in sessions}
        for talk in self.schedule.talks:
            self._session(talk)
        return self.report

    def _save(self, instance, where: str, *, created: bool) -> None:
        _check(instance, where)
        if not created and hasattr(instance, "version"):
            instance.version += 1  # an editor's form opened before the import is now stale
        instance.save()
        counter = self.report.created if created else self.report.updated
        counter[instance._meta.verbose_name] += 1

    def _find_event(self) -> Event | None:
        """The event by slug or, for the file's own conference, by its acronym."""
        event = Event.objects.filter(slug=self.event_slug).first()
        if event is None and self.from_file and self.schedule.acronym:
            code = self.schedule.acronym.lower()
            events = Event.objects.order_by("pk")
            event = next((e for e in events if acronym_for(e.slug) == code), None)
        return event

    def _event(self) -> Event:
        schedule = self.schedule
        dates = [day.date for day in schedule.days] + [
            date for date in (schedule.start, schedule.end) if date
        ]
        event = self._find_event()
        if event is None:
            event = Event(
                slug=self.event_slug,
                name=schedule.title,
                start_date=min(dates),
                end_date=max(dates),
                time_zone=schedule.time_zone or settings.TIME_ZONE,
                status=self.status,
            )
            self._save(event, "conference", created=True)
            return event
        values = {
            "start_date": min(event.start_date, *dates),
            "end_date": max(event.end_date, *dates),
        }
        if self.from_file:
            values |= {"name": schedule.title, "time_zone": schedule.time_zone or event.time_zone}
        changed = {name: v for name, v in values.items() if getattr(event, name) != v}
        if changed:
            for name, value in changed.items():
                setattr(event, name, value)
            self._save(event, "conference", created=False)
        return event

    def _days(self) -> dict[int, Day]:
        existing = {day.number: day for day in Day.objects.for_event(self.event)}
        for scheduled in self.schedule.days:
            day = existing.get(scheduled.index)
            where = f"day {scheduled.index}"
            if day is None:
                day = Day(
                    event=self.event,
                    number=scheduled.index,
                    date=scheduled.date,
                    status=self.status,
                )
                self._save(day, where, created=True)
                existing[day.number] = day
            elif day.date != scheduled.date:
                day.date = scheduled.date
                self._save(day, where, created=False)
        return existing

    def _rooms(self) -> dict[str, Room]:
        """The event's rooms by name; the venue stands for "no room", as in the export."""
        rooms = {room.name: room for room in Room.objects.for_event(self.event)}
        venue = venue_room_name(self.event)
        for order, name in enumerate(self.schedule.rooms):
            if name not in rooms and name != venue:
                rooms[name] = Room(event=self.event, name=name, order=order)
                self._save(rooms[name], f"room “{name}”", created=True)
        return rooms

    def _day_of(self, talk: Talk) -> Day:
        """The day whose date is the talk's local start date, whichever day lists it."""
        date = talk.start.astimezone(self.event.tzinfo).date()
        for scheduled in self.schedule.days:
            if scheduled.date == date:
                return self.days[scheduled.index]
        raise ScheduleError(f"{talk.where}: it starts on {date}, not on a day of the schedule.")

    def _slug_for(self, talk: Talk) -> str:
        prefix = f"{self.schedule.acronym}-"
        slug = talk.slug[len(prefix) :] if talk.slug.startswith(prefix) else talk.slug
        return slugify(slug) or slugify(talk.title) or "session"

    def _session(self, talk: Talk) -> None:
        slug = self._slug_for(talk)
        session = self.sessions_by_guid.get(talk.guid) or self.sessions_by_slug.get(slug)
        created = session is None
        if created:
            session = Session(
                slug=_unique_slug(slug, lambda s: s in self.sessions_by_slug),
                status=self.status,
            )
        values = {
            "day": self._day_of(talk),
            "title": talk.title,
            "kind": _kind(talk.kind),
            "start": talk.start,
            "end": talk.end,
            "room": self.rooms.get(talk.room),
            "summary": talk.abstract,
            "recap_text": talk.description,
            "recording_url": talk.recording_url,
            "recording_title": (
                "" if talk.recording_title == RECORDING_TITLE else talk.recording_title
            ),
        }
        changed = SESSION_FIELDS if created else [
            name for name in SESSION_FIELDS if getattr(session, name) != values[name]
        ]
        for name in changed:
            setattr(session, name, values[name])
        if created or changed:
            self._save(session, talk.where, created=created)
            self.sessions_by_slug[session.slug] = session
            self.sessions_by_guid[str(session_guid(self.event.slug, session.slug))] = session
        if talk.track and talk.track not in {tag.name for tag in session.topics.all()}:
            session.topics.add(talk.track)
            if not created:
                self.report.updated["topics of session"] += 1
        self._participations(session, talk)

    def _speaker(self, person, where: str) -> Speaker:
        speaker = self.speakers.get(person.guid) or self.speakers.get(
            str(person_guid(person.name))
        )
        base = slugify(person.name) or "person"
        if speaker is None:
            # The slug alone is no proof of identity: "A" and "À" share one.
            speaker = Speaker.objects.filter(slug=base, name=person.name).first()
        if speaker is None:
            slug = _unique_slug(base, lambda s: Speaker.objects.filter(slug=s).exists())
            speaker = Speaker(name=person.name, slug=slug, bio=person.biography)
            self._save(speaker, f"{where}, person “{person.name}”", created=True)
        self.speakers[str(person_guid(speaker.full_name))] = speaker
        return speaker

    def _participations(self, session: Session, talk: Talk) -> None:
        existing = {p.speaker_id: p for p in session.participations.all()}
        wanted = []
        for order, person in enumerate(talk.persons):
            speaker = self._speaker(person, talk.where)
            wanted.append(speaker.pk)
            participation = existing.get(speaker.pk)
            if participation is None:
                participation = Participation(session=session, speaker=speaker, order=order)
                self._save(participation, talk.where, created=True)
                existing[speaker.pk] = participation
            elif participation.order != order:
                participation.order = order
                self._save(participation, talk.where, created=False)
        for speaker_id, participation in existing.items():
            if speaker_id not in wanted:
                participation.delete()
                self.report.removed["participation"] += 1
