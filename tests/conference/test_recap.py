"""The day recap: its selector and its page."""

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from cms.publishing import Status
from sessions.models import Participation, Session
from tests.factories import (
    LONDON,
    AffiliationFactory,
    DayFactory,
    OrganisationFactory,
    ParticipationFactory,
    QuoteFactory,
    ReportEditorFactory,
    ReportFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)
from website.selectors.recap import build_day_recap

# One bound for every day, whatever its size: the recap must not query per session.
RECAP_QUERY_BUDGET = 11


def at(day, hour, minute=0):
    return dt.datetime.combine(day.date, dt.time(hour, minute), tzinfo=LONDON)


def main_html(response):
    """The page's <main> element: what the reader sees, without head metadata."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def recap_url(day):
    return reverse("conference:day-recap", kwargs={"event": day.event.slug, "number": day.number})


def session_at(day, start, end, **kwargs):
    return SessionFactory(day=day, start=at(day, *start), end=at(day, *end), **kwargs)


def make_large_day(day, sessions=60, speakers=200):
    """A generated day: `sessions` sessions in parallel threes, `speakers` people quoted."""
    rooms = [RoomFactory(event=day.event, name=f"Room {n}") for n in range(3)]
    made = []
    for n in range(sessions):
        hour, track = divmod(n, 3)
        start = at(day, 0) + dt.timedelta(minutes=20 * hour)
        made.append(
            SessionFactory(
                day=day,
                code=f"{day.number}.{n}",
                kind=Session.Kind.DEEP_DIVE,
                start=start,
                end=start + dt.timedelta(minutes=20),
                room=rooms[track],
                order=track,
                recording_title=f"Recording {n}",
                recording_url="https://example.org/video",
            )
        )
    for n in range(speakers):
        session = made[n % sessions]
        affiliation = AffiliationFactory()
        ParticipationFactory(
            session=session, speaker=affiliation.speaker, order=n, affiliation=affiliation
        )
        QuoteFactory(session=session, speaker=affiliation.speaker, order=n)
    report = ReportFactory(event=day.event, launch_session=made[-1])
    ReportEditorFactory.create_batch(3, report=report)
    return made


def test_recap_page_shows_intro_sessions_speakers_and_quotes_in_order(client, day):
    day.recap_intro = "Day one brought *everyone* together."
    day.save()
    welcome = session_at(day, (9,), (9, 30), title="Welcome", kind=Session.Kind.WELCOME)
    keynote = session_at(day, (9, 30), (10, 30), title="Keynote address", code="K")
    org = OrganisationFactory(name="Syracuse University", slug="syracuse")
    tina = SpeakerFactory(name="Tina Nabatchi", honorific="Professor", slug="tina-nabatchi")
    affiliation = AffiliationFactory(speaker=tina, organisation=org, role="Professor")
    chair = SpeakerFactory(name="Eleanor Carter", honorific="Dr")
    ParticipationFactory(session=keynote, speaker=chair, role=Participation.Role.CHAIR, order=0)
    ParticipationFactory(
        session=keynote, speaker=tina, role=Participation.Role.KEYNOTE, order=1,
        affiliation=affiliation,
    )
    QuoteFactory(session=keynote, speaker=tina, text="Clouds, not clocks.", order=2)
    QuoteFactory(session=keynote, speaker=None, attribution="A delegate", text="First!", order=1)

    response = client.get(recap_url(day))

    assert response.status_code == 200
    html = main_html(response)
    assert "<h1>" in html and html.count("<h1") == 1
    assert "Thursday 5 September 2024" in html
    assert "Day one brought <em>everyone</em> together." in html
    assert html.index("Welcome") < html.index("Keynote address")
    assert html.index("Dr Eleanor Carter") < html.index("Professor Tina Nabatchi")
    assert html.index("“First!”") < html.index("“Clouds, not clocks.”")
    assert keynote.get_absolute_url() in html
    assert welcome.get_absolute_url() in html
    assert tina.get_absolute_url() in html
    assert org.get_absolute_url() in html
    assert "speaker-line__role--chair\">Chair</span>" in html
    assert "Professor, <a href=\"/organisations/syracuse/\">Syracuse University</a>" in html


def test_recap_quote_attribution_names_speaker_and_organisation(client, day):
    session = session_at(day, (10,), (11,))
    org = OrganisationFactory(name="KOIS", slug="kois")
    serena = AffiliationFactory(organisation=org, speaker__name="Serena Guarnaschelli").speaker
    QuoteFactory(session=session, speaker=serena, text="Standardise the method.")

    html = main_html(client.get(recap_url(day)))

    figure = html.split("Standardise the method.")[1].split("</figure>")[0]
    assert f'<a href="{serena.get_absolute_url()}">Serena Guarnaschelli</a>' in figure
    assert f'<a href="{org.get_absolute_url()}">KOIS</a>' in figure


def test_recap_groups_overlapping_sessions_under_a_derived_heading(client, day):
    session_at(day, (9,), (10,), title="Opening keynote", kind=Session.Kind.KEYNOTE)
    for n in range(3):
        session_at(day, (10, 30), (12,), title=f"Morning dive {n}", kind=Session.Kind.DEEP_DIVE)
    session_at(day, (14,), (15, 30), title="Afternoon dive", kind=Session.Kind.DEEP_DIVE)
    session_at(day, (14,), (15,), title="Afternoon panel", kind=Session.Kind.PANEL)

    recap = build_day_recap(day=day)

    headings = [slot.heading for slot in recap.slots]
    assert headings == ["", "Morning Deep Dives", "Afternoon Parallel Sessions"]
    assert [len(slot.items) for slot in recap.slots] == [1, 3, 2]


def test_recap_page_renders_parallel_headings_before_their_sessions(client, day):
    for n in range(2):
        session_at(day, (14,), (15,), title=f"Dive {n}", kind=Session.Kind.DEEP_DIVE)

    html = main_html(client.get(recap_url(day)))

    assert '<h2 class="parallel__heading"' in html
    assert html.index("Afternoon Deep Dives") < html.index("Dive 0") < html.index("Dive 1")
    assert '<h3 class="recap-session__title"' in html


def test_recap_parallel_heading_uses_event_local_time(day):
    day.event.time_zone = "America/New_York"
    day.event.save()
    # 15:00 in London is 10:00 in New York: a morning session there.
    for _ in range(2):
        SessionFactory(day=day, start=at(day, 15), end=at(day, 16), kind=Session.Kind.PANEL)

    recap = build_day_recap(day=day)

    assert recap.slots[0].heading == "Morning Panels"


def test_recap_omits_draft_sessions_quotes_and_reports(client, day):
    shown = session_at(day, (10,), (11,), title="Published session")
    session_at(day, (11,), (12,), title="Secret session", status=Status.DRAFT)
    QuoteFactory(session=shown, text="Public words.")
    QuoteFactory(session=shown, text="Unpublished words.", status=Status.DRAFT)
    ReportFactory(event=day.event, launch_session=shown, title="Public report")
    ReportFactory(
        event=day.event, launch_session=shown, title="Embargoed report", status=Status.DRAFT
    )

    html = main_html(client.get(recap_url(day)))

    assert "Published session" in html and "Public words." in html and "Public report" in html
    assert "Secret session" not in html
    assert "Unpublished words." not in html
    assert "Embargoed report" not in html


def test_recap_of_draft_day_is_not_found(client, day):
    day.status = Status.DRAFT
    day.save()

    assert client.get(recap_url(day)).status_code == 404


def test_recap_of_draft_event_is_not_found(client, day):
    day.event.status = Status.DRAFT
    day.event.save()

    assert client.get(recap_url(day)).status_code == 404


@pytest.mark.parametrize(
    "kwargs", [{"event": "no-such-event", "number": 1}, {"event": "tc24", "number": 9}]
)
def test_recap_of_unknown_event_or_day_is_not_found(client, day, kwargs):
    assert client.get(reverse("conference:day-recap", kwargs=kwargs)).status_code == 404


def test_recap_report_launch_links_report_and_full_text(client, day):
    session = session_at(day, (16,), (17,), kind=Session.Kind.REPORT_LAUNCH)
    report = ReportFactory(
        event=day.event,
        launch_session=session,
        title="The Evolution of Social Outcomes Partnerships in the UK",
        subtitle="Distilling fifteen years of experience",
        contributors_count=26,
        url="https://example.org/full-report",
    )
    for n, name in enumerate(["Andreea Anastasiu", "Eleanor Carter", "Mara Airoldi"]):
        ReportEditorFactory(report=report, speaker__name=name, order=n)

    html = main_html(client.get(recap_url(day)))

    assert report.get_absolute_url() in html
    assert ": Distilling fifteen years of experience" in html
    assert "Andreea Anastasiu</a>, <a" in html
    assert "Eleanor Carter</a> and <a" in html
    assert "26 contributors" in html
    assert 'href="https://example.org/full-report">Find the full report' in html


def test_recap_sets_a_pull_quote_only_when_the_text_does_not_quote_it(client, day):
    session = session_at(
        day, (9,), (10,),
        recap_text="She reminded us that “any *outcomes* framework needs to be relevant.”",
    )
    QuoteFactory(session=session, text="Any outcomes framework needs to be relevant.")
    QuoteFactory(session=session, text="Trust is built slowly.")

    html = main_html(client.get(recap_url(day)))

    pulled = [unescape(text) for text, _who in PULL_QUOTE.findall(html)]
    assert pulled == ["Trust is built slowly."]
    assert html.count("needs to be relevant") == 1


def test_recap_recording_shows_only_with_a_url_to_follow(client, day):
    session_at(day, (9,), (10,), recording_title="Welcome recording")
    session_at(
        day, (10,), (11,), recording_title="Keynote recording",
        recording_url="https://example.org/keynote",
    )

    html = main_html(client.get(recap_url(day)))

    assert "Welcome recording" not in html
    assert html.count("Recording:") == 1
    assert '<a href="https://example.org/keynote">Keynote recording</a>' in html


def test_recap_links_previous_and_next_published_days_only(client, event):
    event.end_date = event.start_date + dt.timedelta(days=2)  # one date per day
    event.save()
    first = DayFactory(event=event, number=1)
    second = DayFactory(event=event, number=2)
    DayFactory(event=event, number=3, date=event.end_date, status=Status.DRAFT)

    first_html = client.get(recap_url(first)).content.decode()
    second_html = client.get(recap_url(second)).content.decode()

    assert 'rel="next"' in first_html and recap_url(second) in first_html
    assert 'rel="prev"' not in first_html
    assert 'rel="prev"' in second_html and recap_url(first) in second_html
    assert 'rel="next"' not in second_html


def test_recap_contents_appear_only_on_long_days(client, day):
    for n in range(5):
        session_at(day, (9 + n,), (9 + n, 45), title=f"Talk {n}")
    assert "In this recap" not in client.get(recap_url(day)).content.decode()

    session_at(day, (15,), (16,), title="Talk 5")
    html = main_html(client.get(recap_url(day)))
    assert "In this recap" in html
    assert html.count('href="#session-') == 6


def test_recap_shows_the_programme_note(client, day):
    day.event.programme_note = "Times are illustrative."
    day.event.save()

    assert "Times are illustrative." in client.get(recap_url(day)).content.decode()


def test_recap_page_has_seo_metadata(client, day):
    session_at(day, (10,), (11,))

    html = client.get(recap_url(day)).content.decode()

    assert f'<link rel="canonical" href="http://testserver{recap_url(day)}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<script type="application/ld+json">' in html
    assert '"subEvent"' in html


@pytest.mark.parametrize("size", ["small", "large"])
def test_recap_query_count_is_constant(client, day, size, django_assert_max_num_queries):
    if size == "small":
        session = session_at(day, (10,), (11,))
        ParticipationFactory(session=session)
        QuoteFactory(session=session)
    else:
        make_large_day(day)
    DayFactory(event=day.event, number=2)

    with django_assert_max_num_queries(RECAP_QUERY_BUDGET):
        response = client.get(recap_url(day))

    assert response.status_code == 200
    if size == "large":
        html = main_html(response)
        assert html.count('class="pull-quote"') == 200
        assert html.count('class="speaker-line"') == 200


# The people and quotes of the seed recap (../shared/seeds/soc24-day1-recap.txt), in its order.
SEED_SPEAKERS = [
    "Professor Tina Nabatchi",
    "Mario Calderini",
    "Russell Jones",
    "Dr Eleanor Carter",
    "Chih Hoong Sin",
    "Jacqui O’Hanlon",
    "Dr Patsy Kraeger",
    "Emily Hulse",
    "Ruben Koekoek",
    "Dr Serena Guarnaschelli",
    "Nnamdi Okolo",
    "Professor Carolyn Heinrich",
    "Dr Eleanor Carter",
    "Andrew Greenway",
    "Dr Joe Abah",
    "Dr Mekhala Krishnamurthy",
    "Alison Jeffrey",
    "Professor Ngaire Woods",
    "Andreea Anastasiu",
    "Nick Hurd",
    "James Magowan",
    "Michael Peoples",
]
SEED_QUOTES = [
    ("I believe we all have a responsibility to try to make things better", "Tina Nabatchi"),
    ("any outcomes framework needs to be relevant to the teacher", "Jacqui O’Hanlon"),
    ("this is deeper than the science; this is about community adoption", "Patsy Kraeger"),
    ("A successful intervention does not mean a successful impact bond", "Ruben Koekoek"),
    ("it is not about standardising the price, but standardising the method", "Guarnaschelli"),
    ("sustainability needs to be built from the voice of the people", "Nnamdi Okolo"),
    ("Governments that adhere to strict public procurement rules", "Carolyn Heinrich"),
    ("you can’t clever your way through complexity", "Andrew Greenway"),
    ("Whilst social outcomes partnerships teach us a lot", "Alison Jeffrey"),
]
SPEAKER_LINE = re.compile(r'class="speaker-line__name" href="[^"]*">([^<]+)</a>')
PULL_QUOTE = re.compile(
    r'<blockquote class="pull-quote__text"><p>“(.*?)”</p></blockquote>\s*'
    r'<figcaption class="pull-quote__attribution">\s*(?:<a href="[^"]*">)?([^<]+)',
    re.S,
)


def is_subsequence(expected, actual):
    remaining = iter(actual)
    return all(any(item == candidate for candidate in remaining) for item in expected)


@pytest.mark.django_db
def test_recap_of_demo_day_shows_every_seed_speaker_and_quote_in_order(client):
    call_command("load_demo", stdout=io.StringIO())

    response = client.get(reverse("conference:day-recap", kwargs={"event": "soc24", "number": 1}))

    html = main_html(response)
    speakers = [unescape(name) for name in SPEAKER_LINE.findall(html)]
    assert is_subsequence(SEED_SPEAKERS, speakers), speakers
    # Each quote once, in the recap's order: in the text, or set as a pull quote if the
    # text does not quote it.
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for quote, _who in SEED_QUOTES:
        assert text.count(quote) == 1, quote
    positions = [text.index(quote) for quote, _who in SEED_QUOTES]
    assert positions == sorted(positions)
    pulled = [(unescape(text), unescape(who)) for text, who in PULL_QUOTE.findall(html)]
    assert [who.strip(", ") for _text, who in pulled] == ["Professor Tina Nabatchi"]
    assert "The Evolution of Social Outcomes Partnerships in the UK" in html
    assert "26 contributors" in html
    # The recap's "Find the full report here." has no known target: the publisher's site.
    assert 'href="https://golab.bsg.ox.ac.uk/">Find the report at GO Lab' in html
    assert "Morning Deep Dives" in html and "Afternoon Deep Dives" in html


@pytest.mark.django_db
def test_recap_of_demo_day_stays_within_the_query_budget(client, django_assert_max_num_queries):
    call_command("load_demo", stdout=io.StringIO())

    with django_assert_max_num_queries(RECAP_QUERY_BUDGET):
        client.get(reverse("conference:day-recap", kwargs={"event": "soc24", "number": 1}))


def test_recap_report_without_link_sends_readers_to_its_publisher(client, day):
    session = session_at(day, (16,), (17,), kind=Session.Kind.REPORT_LAUNCH)
    publisher = OrganisationFactory(short_name="GO Lab", website="https://golab.example.org/")
    report = ReportFactory(event=day.event, launch_session=session, url="", publisher=publisher)

    html = main_html(client.get(recap_url(day)))

    assert 'href="https://golab.example.org/">Find the report at GO Lab' in html
    assert "the publisher’s website" in html
    assert f'href="{report.get_absolute_url()}">Find' not in html


def test_recap_report_without_link_or_publisher_website_goes_to_the_publisher_page(client, day):
    session = session_at(day, (16,), (17,), kind=Session.Kind.REPORT_LAUNCH)
    publisher = OrganisationFactory(name="Lab of Outcomes")
    ReportFactory(event=day.event, launch_session=session, url="", publisher=publisher)

    html = main_html(client.get(recap_url(day)))

    assert f'href="{publisher.get_absolute_url()}">Find the report at Lab of Outcomes' in html
