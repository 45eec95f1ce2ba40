"""factory_boy factories for every model; published by default so pages show them."""

import datetime as dt
import io
import zoneinfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.publishing import Status
from conference.models import Day, Event, Organisation, Room
from reports.models import Report, ReportEditor
from sessions.models import Participation, Quote, Session
from speakers.models import Affiliation, Speaker

LONDON = zoneinfo.ZoneInfo("Europe/London")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.UNIVERSITY


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Conference {n}")
    short_name = factory.Sequence(lambda n: f"C{n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    start_date = dt.date(2024, 9, 5)
    end_date = dt.date(2024, 9, 6)
    time_zone = "Europe/London"
    status = Status.PUBLISHED


class DayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Day

    event = factory.SubFactory(EventFactory)
    number = 1
    date = factory.LazyAttribute(lambda day: day.event.start_date + dt.timedelta(day.number - 1))
    recap_intro = "What the day covered."
    status = Status.PUBLISHED


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    speaker = factory.SubFactory(SpeakerFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Researcher"


def _at(day, hour, minute=0):
    return dt.datetime.combine(day.date, dt.time(hour, minute), tzinfo=LONDON)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    day = factory.SubFactory(DayFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    kind = Session.Kind.PANEL
    start = factory.LazyAttribute(lambda s: _at(s.day, 10))
    end = factory.LazyAttribute(lambda s: _at(s.day, 11))
    summary = "A short summary."
    recap_text = "What happened in the session."
    status = Status.PUBLISHED


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = Participation.Role.SPEAKER


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.Sequence(lambda n: f"Something memorable number {n}.")
    status = Status.PUBLISHED


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    title = factory.Sequence(lambda n: f"Report {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    event = factory.SubFactory(EventFactory)
    contributors_count = 3
    url = "https://example.org/report"
    status = Status.PUBLISHED


class ReportEditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportEditor

    report = factory.SubFactory(ReportFactory)
    speaker = factory.SubFactory(SpeakerFactory)


def image_upload(name="photo.jpg", *, image_format="JPEG", size=(64, 48), exif=None):
    """An uploaded image file made in memory (a left-to-right grey gradient, so crops show)."""
    image = Image.linear_gradient("L").rotate(90).resize(size).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **({"exif": exif} if exif is not None else {}))
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def build_programme(event, *, sessions_per_day=3):
    """Two published days of timed sessions with rooms, topics and people, plus a draft
    session (with a person of its own) and an untimed session that the exports must skip."""
    event.organiser = Organisation.objects.filter(slug="golab").first() or OrganisationFactory(
        name="Government Outcomes Lab", slug="golab", website="https://golab.example"
    )
    event.venue = "Blavatnik School of Government"
    event.save()
    rooms = [
        RoomFactory(event=event, name="Lecture Theatre", order=1),
        RoomFactory(event=event, name="Seminar Room", order=2),
    ]
    days = [DayFactory(event=event, number=number) for number in (1, 2)]
    people = [SpeakerFactory(honorific="Dr" if n % 2 else "") for n in range(4)]
    for person in people:
        AffiliationFactory(speaker=person)
    for day in days:
        for n in range(sessions_per_day):
            session = SessionFactory(
                day=day,
                code=f"{day.number}.{n + 1}",
                start=_at(day, 9 + n % 9, 5 * (n // 9)),
                end=_at(day, 9 + n % 9, 5 * (n // 9) + 4),
                room=rooms[n % 2] if n else None,
                summary="Why **outcomes** matter.",
                recording_url="https://video.example/1" if n == 0 else "",
            )
            session.topics.add("Outcomes", f"Topic {n % 3}")
            for order, person in enumerate(people[n % 3 : n % 3 + 2]):
                ParticipationFactory(session=session, speaker=person, order=order)
    draft = SessionFactory(day=days[0], title="Secret draft session", status=Status.DRAFT)
    ParticipationFactory(session=draft, speaker=SpeakerFactory(name="Hidden Person"))
    SessionFactory(day=days[0], title="Lunch with no time yet", start=None, end=None)
    return days
