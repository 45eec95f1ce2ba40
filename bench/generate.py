"""Generates the benchmark conference: 5 days, 500 sessions, 1,000 speakers, 2,000 quotes.

Run by ``bench/run.py`` with the benchmark's environment (its own database, never the
project's). Rows are inserted with ``bulk_create`` in one transaction, so no signal fires;
the page cache's content version is bumped once at the end.
"""

import os
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from cms.caching import bump_content_version  # noqa: E402
from cms.publishing import Status  # noqa: E402
from conference.models import Day, Event, Organisation, Room  # noqa: E402
from reports.models import Report, ReportEditor  # noqa: E402
from sessions.models import Participation, Quote, Session  # noqa: E402
from speakers.models import Affiliation, Speaker  # noqa: E402

DAYS, SESSIONS, SPEAKERS, QUOTES = 5, 500, 1_000, 2_000
ORGANISATIONS, ROOMS, TOPICS, REPORTS = 150, 10, 40, 25
EVENT_SLUG = "bench24"
PUBLISHED = Status.PUBLISHED
WORDS = [
    "outcomes", "partnership", "trust", "evidence", "impact", "government", "community",
    "charity", "investor", "accountability", "health", "housing", "employment", "children",
    "collaboration", "learning", "data", "contract", "payment", "results", "social", "value",
    "commissioning", "local", "national", "policy", "research", "practice", "innovation",
    "systems", "change", "equity", "inclusion", "resilience",
]
KINDS = ["panel", "deep_dive", "plenary", "keynote", "report_launch", "other"]
ROLES = ["chair", "panellist", "panellist", "presenter", "speaker"]


def words(rng, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def sentence(rng, count: int) -> str:
    text = words(rng, count)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def generate(rng: random.Random) -> dict:
    first = date(2024, 9, 9)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {n} for {words(rng, 2)}",
            short_name=f"ORG{n}",
            slug=f"organisation-{n}",
            description=paragraph(rng, 2),
        )
        for n in range(ORGANISATIONS)
    )
    event = Event.objects.create(
        name="Benchmark Conference 2024",
        short_name="BENCH24",
        slug=EVENT_SLUG,
        theme="Outcomes at scale",
        organiser=organisations[0],
        start_date=first,
        end_date=first + timedelta(days=DAYS - 1),
        venue="Oxford",
        summary=paragraph(rng, 3),
        status=PUBLISHED,
    )
    days = Day.objects.bulk_create(
        Day(
            event=event,
            number=n + 1,
            date=first + timedelta(days=n),
            title=f"Day {n + 1}: {words(rng, 3)}",
            recap_intro="\n\n".join(paragraph(rng, 4) for _ in range(3)),
            status=PUBLISHED,
        )
        for n in range(DAYS)
    )
    rooms = Room.objects.bulk_create(
        Room(event=event, name=f"Room {n + 1}", order=n) for n in range(ROOMS)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"{rng.choice(WORDS).title()} Speaker{n}",
            honorific=rng.choice(["", "", "Dr", "Professor"]),
            slug=f"speaker-{n}",
            bio=paragraph(rng, 3),
        )
        for n in range(SPEAKERS)
    )
    affiliations = Affiliation.objects.bulk_create(
        Affiliation(
            speaker=speaker, organisation=rng.choice(organisations), role=words(rng, 2).title()
        )
        for speaker in speakers
    )
    tz = event.tzinfo
    per_day = SESSIONS // DAYS
    slots = per_day // ROOMS
    sessions = Session.objects.bulk_create(
        Session(
            day=day,
            code=f"{day.number}.{n + 1}",
            title=f"{sentence(rng, 5)[:-1]} ({day.number}.{n + 1})",
            slug=f"session-{day.number}-{n + 1}",
            kind=rng.choice(KINDS),
            start=datetime.combine(day.date, time(9), tz) + timedelta(minutes=50 * (n // ROOMS)),
            end=datetime.combine(day.date, time(9), tz)
            + timedelta(minutes=50 * (n // ROOMS) + 45),
            room=rooms[n % ROOMS],
            order=n % ROOMS,
            summary=sentence(rng, 20),
            recap_text=paragraph(rng, 5),
            status=PUBLISHED,
        )
        for day in days
        for n in range(slots * ROOMS)
    )
    # Every speaker speaks at least once; about 3.5 speakers a session.
    pool = list(range(SPEAKERS)) + [rng.randrange(SPEAKERS) for _ in range(750)]
    rng.shuffle(pool)
    cast = {session.pk: [] for session in sessions}
    for index, speaker_index in enumerate(pool):
        session = sessions[index % len(sessions)]
        if speaker_index not in cast[session.pk]:
            cast[session.pk].append(speaker_index)
    Participation.objects.bulk_create(
        Participation(
            session=session,
            speaker=speakers[s],
            role=ROLES[order % len(ROLES)],
            order=order,
            affiliation=affiliations[s],
        )
        for session in sessions
        for order, s in enumerate(cast[session.pk])
    )
    Quote.objects.bulk_create(
        Quote(
            session=session,
            speaker=speakers[rng.choice(cast[session.pk])],
            text=sentence(rng, rng.randint(12, 40)),
            featured=n == 0 and session.code.endswith(".1"),
            order=n,
            status=PUBLISHED,
        )
        for session in sessions
        for n in range(QUOTES // SESSIONS)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"{words(rng, 2).title()} {n}", slug=f"topic-{n}") for n in range(TOPICS)
    )
    session_type = ContentType.objects.get_for_model(Session)
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tag, content_type=session_type, object_id=session.pk)
        for session in sessions
        for tag in rng.sample(tags, 3)
    )
    reports = Report.objects.bulk_create(
        Report(
            title=f"Report {n}: {sentence(rng, 5)[:-1]}",
            slug=f"report-{n}",
            event=event,
            publisher=rng.choice(organisations),
            contributors_count=rng.randint(1, 30),
            summary=paragraph(rng, 3),
            publication_date=first,
            launch_session=rng.choice(sessions),
            status=PUBLISHED,
        )
        for n in range(REPORTS)
    )
    ReportEditor.objects.bulk_create(
        ReportEditor(report=report, speaker=speaker, order=order)
        for report in reports
        for order, speaker in enumerate(rng.sample(speakers, 2))
    )
    return {
        "days": len(days),
        "sessions": len(sessions),
        "speakers": len(speakers),
        "quotes": Quote.objects.count(),
        "participations": Participation.objects.count(),
    }


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if Event.objects.filter(slug=EVENT_SLUG).exists():
        print("Benchmark conference already generated.")
        return
    with transaction.atomic():
        counts = generate(random.Random(2024))
    bump_content_version()
    print("Generated: " + ", ".join(f"{value:,} {name}" for name, value in counts.items()))


if __name__ == "__main__":
    main()
