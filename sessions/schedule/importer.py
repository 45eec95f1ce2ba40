"""Writes to the programme that more than one caller needs (the command line, the admin)."""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from cms.publishing import Status
from conference.models import Day, Event, Room
from sessions.languages import imported_languages
from sessions.models import Link, Participation, Session, SessionType, Track
from sessions.schedule.frab_json import RECORDING_TITLE, venue_room_name
from sessions.schedule.identifiers import acronym_for, copy_guid, file_guid, legacy_id
from sessions.schedule.reading import Person, Schedule, ScheduleError, Talk, read_schedule
from speakers.models import Speaker

SESSION_FIELDS = [
    "day", "title", "subtitle", "kind", "type", "track", "languages", "start", "end", "room",
    "summary", "recap_text", "recording_url", "recording_title", "recording_licence",
    "recording_optout", "origin_url", "feedback_url", "code", "external_id", "extra",
]  # fmt: skip
SHOWN_CHARACTERS = 60  # of a value in the list of changes


@dataclass
class ImportReport:
    """What an import created, changed and left alone, and what it could not keep."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    kept_extra: Counter = field(default_factory=Counter)
    dry_run: bool = False
    event_slug: str = ""

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.withdrawn)

    def changes(self) -> list[tuple[str, str]]:
        """("Created", "2 day, 6 session") and so on, for the command and the admin."""

        def counts(counter):
            return ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items())) or "nothing"

        return [
            ("Created", counts(self.created)),
            ("Updated", counts(self.updated)),
            ("Removed", counts(self.removed)),
            ("Withdrawn", f"{len(self.withdrawn)} session" if self.withdrawn else "nothing"),
        ]

    def kept_only_in_extra(self) -> list[str]:
        """“answers (3 sessions)”: what the file said that only `Session.extra` keeps."""
        return [f"{key} ({n} session)" for key, n in sorted(self.kept_extra.items())]

    def summary(self) -> str:
        lines = [f"Event: {self.event_slug}."]
        lines.extend(f"{label}: {counts}." for label, counts in self.changes())
        if self.changed_fields:
            lines.append("Changed:")
            lines.extend(f"  - {item}" for item in self.changed_fields)
        if self.withdrawn:
            lines.append("Withdrawn to draft (no longer in the file):")
            lines.extend(f"  - {item}" for item in self.withdrawn)
        if self.kept_extra:
            kept = ", ".join(self.kept_only_in_extra())
            lines.append(f"Kept only verbatim (Session.extra): {kept}.")
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
    time_zone: str = "",
    sync: bool = False,
) -> ImportReport:
    """Create or update an event, its days, rooms, sessions and speakers from a frab schedule.

    Without `event_slug` the event is the file's conference, found by its stable id (see
    `schedule_event_slug`) and given the file's title, dates and time zone. With it, the
    programme goes into that event (a copy of another event's schedule, say). `time_zone`
    places times without an offset when the file names no zone; `sync` withdraws (back to
    draft) the event's sessions that the file no longer contains.

    Everything happens in one transaction: a file with any error changes nothing (and every
    error is reported at once), and a dry run rolls back after reporting what it would do.
    New events, days and sessions are drafts unless `publish` is set; existing ones keep
    their status. The file's texts are the English ones (the default language), whichever
    language the request or command has active.
    """
    schedule = read_schedule(data, time_zone=time_zone)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        report = _Importer(schedule, event_slug, publish=publish, sync=sync).run()
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
    return _fit(slug, Event._meta.get_field("slug").max_length)


def _kind(name: str) -> str:
    wanted = name.strip().lower()
    with translation.override("en"):  # files name kinds in English, whatever the admin shows
        for value, label in Session.Kind.choices:
            if wanted in (value, str(label).lower(), value.replace("_", " ")):
                return value
    return Session.Kind.OTHER


def _fit(slug: str, max_length: int) -> str:
    """A slug cut to its field, never ending in a hyphen."""
    return slug[:max_length].strip("-_")


def _unique_slug(base: str, taken, max_length: int) -> str:
    """`base`, or `base-2`…, cut so that the number still fits the field."""
    slug, number = _fit(base, max_length), 2
    while taken(slug):
        suffix = f"-{number}"
        slug, number = _fit(base, max_length - len(suffix)) + suffix, number + 1
    return slug


def _shown(value) -> str:
    """A field's value in the list of changes, cut short."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, str):
        text = f"“{value}”"
    elif isinstance(value, dt.datetime):
        text = value.isoformat()
    elif isinstance(value, models.Model):
        text = str(value)
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def _problems(instance, where: str) -> list[str]:
    """The model's own checks, less what the import already knows: its foreign keys point
    at rows it has just loaded or saved, and it chose UUIDs no other row has (checking each
    costs a query per row, most of a large import's time)."""
    exclude = [f.name for f in instance._meta.concrete_fields if f.is_relation] + ["uuid"]
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        return [
            f"{where}: {name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
    return []


class _Importer:
    def __init__(self, schedule: Schedule, event_slug: str | None, *, publish: bool, sync: bool):
        self.schedule = schedule
        self.from_file = not event_slug
        self.sync = sync
        self.event_slug = event_slug or schedule_event_slug(schedule)
        self.status = Status.PUBLISHED if publish else Status.DRAFT
        self.report = ImportReport(skipped=list(schedule.skipped), event_slug=self.event_slug)
        self.problems = []
        # People ids are numbered per system: “acronym:id” tells them apart.
        self.id_prefix = (schedule.acronym or self.event_slug).lower() + ":"

    def run(self) -> ImportReport:
        self.event = self._event()
        self.report.event_slug = self.event.slug
        self.days = self._days()
        self.rooms = self._rooms()
        self.types = {t.slug: t for t in SessionType.objects.filter(event=self.event)}
        self.tracks = {t.slug: t for t in Track.objects.filter(event=self.event)}
        self._load_people()
        sessions = list(
            Session.objects.for_event(self.event)
            .select_related("day__event", "room", "type", "track")
            .prefetch_related("links", "participations__speaker")
        )
        self.sessions = sessions
        self.by_uuid = {s.uuid: s for s in sessions}
        self.by_external_id = {s.external_id: s for s in sessions if s.external_id}
        self.by_code = {s.code: s for s in sessions if s.code}
        self.by_title_start = {(s.title, s.start): s for s in sessions}
        self.slugs = {s.slug for s in sessions}
        guids = {file_guid(talk.guid) for talk in self.schedule.talks} - {None}
        self.taken_uuids = set(
            Session.objects.filter(uuid__in=guids).values_list("uuid", flat=True)
        )
        self.seen = set()
        for talk in self.schedule.talks:
            try:
                self._session(talk)
            except ScheduleError as error:
                self.problems.extend(error.problems)
        if self.problems:
            raise ScheduleError(*self.problems)
        if self.sync:
            self._withdraw_missing()
        return self.report

    def _save(self, instance, where: str, *, created: bool) -> None:
        problems = _problems(instance, where)
        if problems:
            raise ScheduleError(*problems)
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
            if not schedule.time_zone:
                raise ScheduleError(
                    "conference: the file names no time zone for the new event; give one "
                    "(--timezone ZONE, or the time zone field of the admin's import form)."
                )
            event = Event(
                slug=self.event_slug,
                name=schedule.title,
                start_date=min(dates),
                end_date=max(dates),
                time_zone=schedule.time_zone,
                status=self.status,
            )
            self._save(event, "conference", created=True)
            return event
        values = {
            "start_date": min(event.start_date, *dates),
            "end_date": max(event.end_date, *dates),
        }
        if self.from_file:
            values |= {
                "name": schedule.title,
                "time_zone": schedule.file_time_zone or event.time_zone,
            }
        changed = {name: v for name, v in values.items() if getattr(event, name) != v}
        if changed:
            for name, value in changed.items():
                setattr(event, name, value)
            self._save(event, "conference", created=False)
        return event

    def _days(self) -> dict[int, Day]:
        existing = {day.number: day for day in Day.objects.for_event(self.event)}
        for day in existing.values():
            day.event = self.event  # its window, for each session, without a query
        for scheduled in self.schedule.days:
            day = existing.get(scheduled.index)
            where = f"day {scheduled.index}"
            hours = self._hours(scheduled)
            if day is None:
                day = Day(
                    event=self.event,
                    number=scheduled.index,
                    date=scheduled.date,
                    status=self.status,
                    **hours,
                )
                self._save(day, where, created=True)
                existing[day.number] = day
            elif day.date != scheduled.date or any(
                getattr(day, name) != value for name, value in hours.items()
            ):
                day.date = scheduled.date
                for name, value in hours.items():
                    setattr(day, name, value)
                self._save(day, where, created=False)
        return existing

    def _hours(self, scheduled) -> dict:
        """The day's local start and end from the file (10:00 to 04:00 runs past midnight);
        nothing when the file gives no hours or a whole day from midnight to midnight."""
        if scheduled.start is None or scheduled.end is None:
            return {}
        tz = self.event.tzinfo
        start = scheduled.start.astimezone(tz).time().replace(second=0, microsecond=0)
        end = scheduled.end.astimezone(tz).time().replace(second=0, microsecond=0)
        if start == end:
            return {}
        return {"start": start, "end": end}

    def _rooms(self) -> dict[str, Room]:
        """The event's rooms by name; the venue stands for "no room", as in the export.
        A new room takes the file's guid as its UUID when no other room has it."""
        rooms = {room.name: room for room in Room.objects.for_event(self.event)}
        venue = venue_room_name(self.event)
        for order, name in enumerate(self.schedule.rooms):
            if name not in rooms and name != venue:
                room = Room(event=self.event, name=name, order=order)
                guid = file_guid(self.schedule.room_guids.get(name, ""))
                if guid and not Room.objects.filter(uuid=guid).exists():
                    room.uuid = guid
                rooms[name] = room
                self._save(room, f"room “{name}”", created=True)
        return rooms

    def _day_of(self, talk: Talk) -> Day:
        """The day whose window holds the talk's start (01:30 belongs to a day from 10:00 to
        04:00, not to the next date's): the day that lists it when its window does."""
        days = [self.days[scheduled.index] for scheduled in self.schedule.days]
        holding = [day for day in days if day.window[0] <= talk.start < day.window[1]]
        for day in holding:
            if day.number == talk.day_index:
                return day
        if holding:
            return holding[0]
        date = talk.start.astimezone(self.event.tzinfo).date()
        raise ScheduleError(f"{talk.where}: it starts on {date}, not on a day of the schedule.")

    def _slug_for(self, talk: Talk) -> str:
        prefix = f"{self.schedule.acronym}-"
        slug = talk.slug[len(prefix) :] if talk.slug.startswith(prefix) else talk.slug
        return slugify(slug) or slugify(talk.title) or "session"

    def _match(self, talk: Talk) -> Session | None:
        """The file's guid, then its id or code; title and start only when it has none."""
        guid = file_guid(talk.guid)
        if guid:
            found = self.by_uuid.get(guid) or self.by_uuid.get(copy_guid(guid, self.event))
            if found:
                return found
        if talk.id or talk.code:
            return self.by_external_id.get(talk.id) or self.by_code.get(talk.code)
        if guid:
            return None
        return self.by_title_start.get((talk.title, talk.start))

    def _new_session(self, talk: Talk, slug: str) -> Session:
        max_length = Session._meta.get_field("slug").max_length
        session = Session(
            slug=_unique_slug(slug, lambda s: s in self.slugs, max_length), status=self.status
        )
        guid = file_guid(talk.guid)
        if guid:
            # Another event's session may hold it (this file is a copy of its programme).
            taken = guid in self.taken_uuids
            session.uuid = copy_guid(guid, self.event) if taken else guid
            self.taken_uuids.add(session.uuid)
        return session

    def _type(self, talk: Talk, session: Session, created: bool):
        """The session's type, created for the event when new; none when an existing
        session without one already says it through its kind."""
        name = talk.kind or "other"
        with translation.override("en"):
            label = session.get_kind_display()
        kind_names = (session.kind, session.kind.replace("_", " "), label)
        if not created and session.type_id is None and name.lower() in map(str.lower, kind_names):
            return None
        return self._named(SessionType, self.types, name)

    def _track(self, talk: Talk, session: Session, created: bool):
        """The session's track, created for the event when new; none when an existing
        session without one already exports it (its first topic stands for its track)."""
        if not talk.track:
            return None
        if not created and session.track_id is None:
            first_topic = session.topics.order_by("name").values_list("name", flat=True).first()
            if talk.track == first_topic:
                return None
        return self._named(Track, self.tracks, talk.track)

    def _named(self, model, known: dict, name: str):
        name = name[: model._meta.get_field("name").max_length]
        slug = _fit(slugify(name), model._meta.get_field("slug").max_length) or "other"
        if slug not in known:
            known[slug] = model(event=self.event, name=name, slug=slug)
            self._save(known[slug], f"{model._meta.verbose_name} “{name}”", created=True)
        return known[slug]

    def _origin_url(self, talk: Talk, session: Session) -> str:
        """The file's `origin_url`, or its `url` unless that is this session's own page (our
        export of this very event)."""
        if talk.origin_url or not talk.url:
            return talk.origin_url
        own = reverse(
            "programme:session-detail", kwargs={"event": self.event.slug, "slug": session.slug}
        )
        return "" if urlsplit(talk.url).path == own else talk.url

    def _session(self, talk: Talk) -> None:
        slug = self._slug_for(talk)
        session = self._match(talk)
        created = session is None
        if created:
            session = self._new_session(talk, slug)
        elif session.pk in self.seen:
            raise ScheduleError(f"{talk.where}: a second event with the same guid, id or code.")
        day = self._day_of(talk)
        values = {
            "day": day,
            "title": talk.title,
            "subtitle": talk.subtitle,
            "kind": _kind(talk.kind),
            "type": self._type(talk, session, created),
            "track": self._track(talk, session, created),
            "languages": imported_languages(talk.language),
            "start": talk.start,
            "end": talk.end,
            "room": self.rooms.get(talk.room),
            "summary": talk.abstract,
            "recap_text": talk.description,
            "recording_url": talk.recording_url,
            "recording_title": (
                "" if talk.recording_title == RECORDING_TITLE else talk.recording_title
            ),
            "recording_licence": talk.recording_licence,
            "recording_optout": talk.recording_optout,
            "origin_url": self._origin_url(talk, session),
            "feedback_url": talk.feedback_url,
            # Our own codes (“1.4”) are not exported: a file without one keeps them.
            "code": talk.code or session.code,
            "external_id": self._external_id(talk, session),
            "extra": talk.extra,
        }
        if created:
            changed = SESSION_FIELDS
        else:
            changed = [name for name in SESSION_FIELDS if getattr(session, name) != values[name]]
            self.report.changed_fields.extend(
                f"“{session.title}”: {name}: {_shown(getattr(session, name))} -> "
                f"{_shown(values[name])}"
                for name in changed
            )
        for name in changed:
            setattr(session, name, values[name])
        self.report.kept_extra.update(talk.extra.keys())
        if created or changed:
            self._save(session, talk.where, created=created)
            self.slugs.add(session.slug)
            self.by_uuid[session.uuid] = session
        self.seen.add(session.pk)
        if talk.track and talk.track not in session.topics.names():
            session.topics.add(talk.track)
            if not created:
                self.report.updated["topics of session"] += 1
        self._links(session, talk, created)
        self._participations(session, talk, created)

    def _external_id(self, talk: Talk, session: Session) -> str:
        """The file's id, unless it is only derived from the guid (our own exports')."""
        guid = file_guid(talk.guid)
        if not talk.id or (guid and talk.id == str(legacy_id(guid))):
            return session.external_id
        return talk.id

    def _links(self, session: Session, talk: Talk, created: bool) -> None:
        wanted = [(link.kind, link.title, link.url) for link in talk.links]
        existing = [] if created else [(k.kind, k.title, k.url) for k in session.links.all()]
        if wanted == existing:
            return
        if existing:
            self.report.changed_fields.append(
                f"“{session.title}”: links: {len(existing)} -> {len(wanted)}"
            )
            self.report.removed["link"] += session.links.all().delete()[0]
        for order, (kind, title, url) in enumerate(wanted):
            self._save(
                Link(session=session, kind=kind, title=title, url=url, order=order),
                f"{talk.where}, link {url}",
                created=True,
            )

    def _load_people(self) -> None:
        """The people the file names by guid or id, and the slugs taken, in two queries."""
        persons = [person for talk in self.schedule.talks for person in talk.persons]
        guids = {file_guid(person.guid) for person in persons} - {None}
        ids = {self.id_prefix + person.id for person in persons if person.id}
        found = Speaker.objects.filter(models.Q(uuid__in=guids) | models.Q(external_id__in=ids))
        self.people = {}  # guid or “acronym:id” -> Speaker, so one person stays one
        for speaker in found.order_by("pk"):
            self.people.setdefault(speaker.uuid, speaker)
            if speaker.external_id:
                self.people.setdefault(speaker.external_id, speaker)
        self.speaker_slugs = set(Speaker.objects.values_list("slug", flat=True))

    def _speaker(self, person: Person, session: Session, where: str) -> Speaker:
        """The person by the file's guid, else by its id (“acronym:id”, kept on the person);
        a person with neither is found only among this session's people, by name, never
        elsewhere."""
        guid = file_guid(person.guid)
        external_id = self.id_prefix + person.id if person.id else ""
        keys = [key for key in (guid, external_id) if key]
        speaker = next((self.people[key] for key in keys if key in self.people), None)
        if speaker is None and not keys and session.pk:
            speaker = next(
                (
                    p.speaker
                    for p in session.participations.all()
                    if person.name in (p.speaker.name, p.speaker.full_name)
                ),
                None,
            )
        if speaker is not None and person.biography and not speaker.bio.strip():
            # A biography the file adds is kept; one an editor wrote is not overwritten.
            self.report.changed_fields.append(
                f"person “{speaker.full_name}”: bio: (empty) -> {_shown(person.biography)}"
            )
            speaker.bio = person.biography
            self._save(speaker, f"{where}, person “{person.name}”", created=False)
        if speaker is None:
            max_length = Speaker._meta.get_field("slug").max_length
            slug = _unique_slug(
                slugify(person.name) or "person",
                lambda s: s in self.speaker_slugs,
                max_length,
            )
            self.speaker_slugs.add(slug)
            speaker = Speaker(
                name=person.name[: Speaker._meta.get_field("name").max_length],
                slug=slug,
                bio=person.biography,
                external_id=external_id,
            )
            if guid:
                speaker.uuid = guid
            self._save(speaker, f"{where}, person “{person.name}”", created=True)
        for key in keys:
            self.people[key] = speaker
        return speaker

    def _participations(self, session: Session, talk: Talk, created: bool) -> None:
        existing = {} if created else {p.speaker_id: p for p in session.participations.all()}
        wanted = []
        for person in talk.persons:
            speaker = self._speaker(person, session, talk.where)
            if speaker.pk in wanted:  # listed twice in one event: one person, once
                continue
            order = len(wanted)
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

    def _withdraw_missing(self) -> None:
        """Sessions of this event the file no longer has go back to draft (not deleted:
        their recaps and quotes stay)."""
        for session in self.sessions:
            if session.pk in self.seen or session.status == Status.DRAFT:
                continue
            session.status, session.publish_at = Status.DRAFT, None
            session.version += 1
            session.save(update_fields=["status", "publish_at", "version"])
            self.report.withdrawn.append(f"“{session.title}” ({session.uuid})")
