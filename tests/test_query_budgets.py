"""Every public page makes a constant number of queries whatever the size of the programme:
each page's budget is pinned on the SOC24 demo and on the demo grown to a generated
conference of 300 sessions and 600 speakers."""

import datetime as dt

import pytest

from conference.models import Day, Event, Organisation, Room
from demo.loader import load_demo
from reports.models import Report
from sessions.models import Quote
from speakers.models import Speaker
from tests.factories import (
    AffiliationFactory,
    ParticipationFactory,
    QuoteFactory,
    ReportEditorFactory,
    ReportFactory,
    SessionFactory,
    SpeakerFactory,
)

SESSIONS = 300
SPEAKERS = 600

# Page -> (path, query budget). A budget is the most queries the page may make at any size.
# The first page also reads the site identity (one query, then cached until content changes).
PAGES = {
    "home": ("/", 5),
    "event": ("/soc24/", 9),
    "programme": ("/soc24/programme/", 10),
    "programme by topic": ("/soc24/programme/?topic=trust", 10),
    "now and next": ("/soc24/programme/now/", 4),
    "day recap": ("/soc24/day-1/", 11),
    "session": ("/soc24/sessions/keynote/", 12),  # + its links, attachments and photos
    "speaker list": ("/speakers/", 6),
    "speaker": ("/speakers/eleanor-carter/", 7),
    "organisation list": ("/organisations/", 3),
    "organisation": ("/organisations/government-outcomes-lab/", 7),
    "quotes": ("/soc24/quotes/", 8),
    "quote": ("/soc24/quotes/{quote}/", 6),
    "report list": ("/reports/", 4),
    "report": ("/reports/{report}/", 6),
    "topic list": ("/topics/", 3),
    "topic": ("/topics/trust/", 6),
    "search": ("/search/?q=trust+outcomes", 8),
    "sitemap": ("/sitemap.xml", 17),
    "recap feed": ("/feeds/recaps.atom", 3),
}


def _grow(*, sessions: int, speakers: int) -> None:
    """Grow the demo to `sessions` sessions and `speakers` people.

    The generated sessions run in parallel threes across the demo's first day, share its
    topics and involve its people, so every page above has more of everything to show.
    """
    event = Event.objects.get(slug="soc24")
    day = Day.objects.get(event=event, number=1)
    golab = Organisation.objects.get(slug="government-outcomes-lab")
    eleanor = Speaker.objects.get(slug="eleanor-carter")
    rooms = [Room.objects.create(event=event, name=f"Room {n}", order=n) for n in range(3)]
    extra_sessions = sessions - day.sessions.count()
    extra_speakers = speakers - Speaker.objects.count()
    start = dt.datetime.combine(day.date, dt.time(8), tzinfo=event.tzinfo)
    made = []
    for n in range(extra_sessions):
        slot, track = divmod(n, 3)
        begins = start + dt.timedelta(minutes=5 * slot)
        session = SessionFactory(
            day=day,
            code=f"9.{n}",
            start=begins,
            end=begins + dt.timedelta(minutes=5),
            room=rooms[track],
            summary=f"Generated session {n} on trust and outcomes.",
        )
        session.topics.add("trust", f"generated {n % 10}")
        ParticipationFactory(session=session, speaker=eleanor, order=0)
        QuoteFactory(session=session, speaker=eleanor, text=f"Trust the outcomes, part {n}.")
        made.append(session)
    for n in range(extra_speakers):
        speaker = SpeakerFactory(bio="Works on *outcomes*.")
        AffiliationFactory(speaker=speaker, organisation=golab, role=f"Researcher {n}")
        ParticipationFactory(session=made[n % len(made)], speaker=speaker, order=1 + n)
    for n in range(10):
        report = ReportFactory(event=event, publisher=golab, launch_session=made[n])
        report.topics.add("trust")
        ReportEditorFactory(report=report, speaker=eleanor)


@pytest.fixture(params=["demo", "300 sessions, 600 speakers"])
def conference(request, db):
    load_demo()
    if request.param != "demo":
        _grow(sessions=SESSIONS, speakers=SPEAKERS)
        assert Day.objects.get(number=1).sessions.count() >= SESSIONS
        assert Speaker.objects.count() >= SPEAKERS
    return {
        "quote": Quote.objects.public().order_by("pk").first().pk,
        "report": Report.objects.public().order_by("pk").first().slug,
    }


def test_every_public_page_stays_within_its_query_budget(
    client, conference, django_assert_max_num_queries
):
    for name, (path, budget) in PAGES.items():
        with django_assert_max_num_queries(budget, info=name):
            response = client.get(path.format(**conference))
        assert response.status_code == 200, name
