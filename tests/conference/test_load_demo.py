"""The SOC24 demo: `load_demo` reproduces the Day 1 recap faithfully and idempotently."""

import copy
import datetime as dt
import zoneinfo
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from taggit.models import TaggedItem

from cms.publishing import Status
from conference.models import Day, Event, Organisation
from demo.loader import load_demo, read_demo_data
from reports.models import Report, ReportEditor
from sessions.models import Participation, Quote, Session
from speakers.models import Affiliation, Speaker
from tests.factories import QuoteFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")

# Everyone the recap names, with (organisation, role) exactly as the recap gives them.
PEOPLE = {
    "Professor Tina Nabatchi": [("Syracuse University", "")],
    "Mario Calderini": [],
    "Russell Jones": [],
    "Dr Eleanor Carter": [("Government Outcomes Lab", "")],
    "Chih Hoong Sin": [],
    "Jacqui O’Hanlon": [("Royal Shakespeare Company", "")],
    "Dr Patsy Kraeger": [("Chatham University", "")],
    "Emily Hulse": [],
    "Ruben Koekoek": [("Social Finance NL", "")],
    "Dr Serena Guarnaschelli": [("KOIS", "")],
    "Nnamdi Okolo": [("University of Sheffield", "")],
    "Professor Carolyn Heinrich": [("Vanderbilt University", "")],
    "Andrew Greenway": [("Public Digital", "")],
    "Dr Joe Abah": [("DAI Global", "")],
    "Dr Mekhala Krishnamurthy": [("Ashoka University", "")],
    "Alison Jeffrey": [("Department for Culture, Media and Sport", "")],
    "Professor Ngaire Woods": [("Blavatnik School of Government", "Dean")],
    "Andreea Anastasiu": [("Government Outcomes Lab", "Executive Director")],
    "Nick Hurd": [("GSG Impact", "Global Ambassador")],
    "James Magowan": [
        ("Department for Culture, Media and Sport", "Head of VCSE Public Service Partnerships Team")
    ],
    "Michael Peoples": [("Kirklees Better Outcomes Partnership", "")],
    "Mara Airoldi": [],
}

# (session code or slug, speaker, verbatim text) in programme order.
QUOTES = [
    (
        "keynote",
        "Professor Tina Nabatchi",
        "I believe we all have a responsibility to try to make things better – to build the "
        "mosaic of solutions needed to leave our world more beautiful, more graceful, and more "
        "kind than it was left to us",
    ),
    ("1.1", "Jacqui O’Hanlon", "any outcomes framework needs to be relevant to the teacher."),
    (
        "1.2",
        "Dr Patsy Kraeger",
        "this is deeper than the science; this is about community adoption.",
    ),
    (
        "1.3",
        "Ruben Koekoek",
        "A successful intervention does not mean a successful impact bond. We need to ask, does "
        "it work better than when we contracted in a traditional way?",
    ),
    (
        "1.4",
        "Dr Serena Guarnaschelli",
        "it is not about standardising the price, but standardising the method",
    ),
    ("1.5", "Nnamdi Okolo", "sustainability needs to be built from the voice of the people."),
    (
        "1.6",
        "Professor Carolyn Heinrich",
        "Governments that adhere to strict public procurement rules may discourage discretion "
        "and miss out on benefits that could enhance contract efficiencies.",
    ),
    (
        "big-picture-restoring-trust",
        "Andrew Greenway",
        "you can’t clever your way through complexity.",
    ),
    (
        "big-picture-restoring-trust",
        "Alison Jeffrey",
        "Whilst social outcomes partnerships teach us a lot, we still have a while to go until we "
        "have that triangle of adaptability, transparency, and relationality right.",
    ),
]

# (code, kind, title, recording title, illustrative start) in the recap's order.
SESSIONS = [
    ("", "welcome", "Social Outcomes Conference 2024 Welcome",
     "Social Outcomes Conference 2024 Welcome", (9, 0)),
    ("", "keynote", "Keynote: accountability, transparency, and trust in cross-sector partnerships",
     "", (9, 15)),
    ("", "panel", "Keynote panel discussion",
     "Of Clocks and Clouds: Addressing Public Problems in the 21st Century", (10, 0)),
    ("1.1", "deep_dive", "Strengthening partnerships for collaborative learning in "
     "outcomes-based financing for education projects", "Deep Dive 1.1 Strengthening "
     "partnerships for collaborative learning in outcomes-based financing for education projects",
     (11, 0)),
    ("1.2", "deep_dive", "Thinking big, thinking little: partnerships for climate and "
     "environmental impact at multiple scales", "Deep Dive 1.2 Thinking big, thinking little: "
     "partnerships for climate and environmental impact at multiple scales", (11, 0)),
    ("1.3", "deep_dive", "Benefits and challenges to outcome-based financing for health",
     "Deep Dive 1.3 Benefits and challenges to outcome-based financing for health", (11, 0)),
    ("1.4", "deep_dive", "Beyond impact bonds: exploring new (and not-so-new) uses of "
     "outcomes-based contracting and impact investing", "Deep Dive 1.4 Beyond impact bonds: "
     "exploring new (and not-so-new) uses of outcomes-based contracting and impact investing",
     (13, 30)),
    ("1.5", "deep_dive", "Reaching marginalised communities and enhancing inclusion in "
     "outcomes-based service provision", "Deep Dive 1.5 Reaching marginalised communities and "
     "enhancing inclusion in outcomes-based service provision", (13, 30)),
    ("1.6", "deep_dive", "Revolutionary, responsible, and responsive relationalism in public "
     "procurement", "Deep Dive 1.6 Revolutionary, responsible, and responsive relationalism in "
     "public procurement", (13, 30)),
    ("", "plenary", "Big Picture: Restoring trust in the public sector through outcome-based "
     "partnerships: transparency, relationality and adaptation", "Restoring trust in the public "
     "sector through outcome-based partnerships: transparency, relationality and adaptation",
     (15, 15)),
    ("", "report_launch", "Report Launch - The evolution of social outcomes partnerships in the "
     "UK: Distilling fifteen years of experience from Peterborough to Kirklees", "", (16, 45)),
]

DEMO_MODELS = [
    Organisation, Event, Day, Speaker, Affiliation, Session, Participation, Quote, Report,
    ReportEditor, TaggedItem,
]


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in DEMO_MODELS}


@pytest.fixture
def demo(db):
    run_load_demo()
    return Event.objects.get(slug="soc24")


def demo_sessions(event):
    return list(Session.objects.for_event(event).in_programme_order())


def test_load_demo_counts_people_organisations_sessions_and_quotes(demo):
    assert Speaker.objects.count() == len(PEOPLE) == 22
    assert Organisation.objects.count() == 16
    assert Session.objects.for_event(demo).count() == 11
    assert Quote.objects.filter(session__day__event=demo).count() == 9
    assert Participation.objects.count() == 22
    assert Report.objects.filter(event=demo).count() == 1


def test_load_demo_event_says_times_are_illustrative(demo):
    assert demo.name == "Social Outcomes Conference 2024"
    assert demo.short_name == "SOC24"
    assert demo.theme == "Accountability, transparency and trust in cross-sector partnerships"
    assert demo.organiser.short_name == "GO Lab"
    assert (demo.start_date, demo.end_date) == (dt.date(2024, 9, 5), dt.date(2024, 9, 6))
    assert demo.time_zone == "Europe/London"
    assert demo.venue == "Blavatnik School of Government, Oxford"
    assert demo.format == Event.Format.HYBRID
    assert "Zoom" in demo.summary and demo.summary == demo.summary.strip()
    assert "illustrative" in demo.programme_note
    assert demo.status == Status.PUBLISHED


def test_load_demo_day_one_published_with_intro_and_day_two_draft(demo):
    day1, day2 = Day.objects.filter(event=demo).order_by("number")
    assert (day1.date, day1.status) == (dt.date(2024, 9, 5), Status.PUBLISHED)
    paragraphs = day1.recap_intro.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Day 1 of SOC24 brought together thought leaders")
    assert paragraphs[3] == (
        "We concluded with a session on restoring public sector trust through outcome-based "
        "partnerships and launched our new report, “The Evolution of Social Outcomes "
        "Partnerships in the UK.\""
    )
    assert (day2.date, day2.status, day2.recap_intro) == (dt.date(2024, 9, 6), Status.DRAFT, "")
    assert list(Day.objects.public().filter(event=demo)) == [day1]


def test_load_demo_people_have_honorific_organisation_and_role_as_in_recap(demo):
    people = Speaker.objects.prefetch_related("affiliations__organisation")
    found = {
        person.full_name: [(a.organisation.name, a.role) for a in person.affiliations.all()]
        for person in people
    }
    assert found == PEOPLE


def test_load_demo_organisations_have_short_names_and_parents(demo):
    go_lab = Organisation.objects.get(short_name="GO Lab")
    assert go_lab.name == "Government Outcomes Lab"
    assert go_lab.parent.name == "Blavatnik School of Government"
    assert go_lab.parent.parent.name == "University of Oxford"
    assert go_lab.kind == Organisation.Kind.RESEARCH  # part of a school, not a university
    dcms = Organisation.objects.get(short_name="DCMS")
    assert (dcms.name, dcms.kind) == (
        "Department for Culture, Media and Sport", Organisation.Kind.GOVERNMENT
    )
    # The one website the sources give (FACTS.md); no invented URLs.
    assert dict(Organisation.objects.exclude(website="").values_list("short_name", "website")) == {
        "GO Lab": "https://golab.bsg.ox.ac.uk/"
    }


def test_load_demo_sessions_follow_recap_order_with_illustrative_times(demo):
    sessions = demo_sessions(demo)
    found = [
        (s.code, s.kind, s.title, s.recording_title, s.start.astimezone(LONDON).timetuple()[3:5])
        for s in sessions
    ]
    assert found == SESSIONS
    assert all(s.end > s.start and s.status == Status.PUBLISHED for s in sessions)
    assert all(s.room is None and s.recording_url == "" for s in sessions)
    assert all(s.summary for s in sessions)
    assert Session.objects.public().for_event(demo).count() == 11


def test_load_demo_session_speakers_and_roles(demo):
    roles = {
        s.slug: [(p.speaker.full_name, p.role) for p in s.participations.all()]
        for s in Session.objects.for_event(demo).with_people()
    }
    assert roles["welcome"] == []
    assert roles["keynote"] == [("Professor Tina Nabatchi", "keynote")]
    assert roles["keynote-panel"] == [
        ("Mario Calderini", "panellist"),
        ("Russell Jones", "panellist"),
        ("Dr Eleanor Carter", "panellist"),
        ("Chih Hoong Sin", "panellist"),
    ]
    assert roles["outcome-based-financing-for-health"] == [
        ("Emily Hulse", "chair"),
        ("Ruben Koekoek", "panellist"),
    ]
    assert roles["big-picture-restoring-trust"] == [
        ("Dr Eleanor Carter", "chair"),
        ("Andrew Greenway", "speaker"),
        ("Dr Joe Abah", "speaker"),
        ("Dr Mekhala Krishnamurthy", "speaker"),
        ("Alison Jeffrey", "speaker"),
    ]
    assert [name for name, _ in roles["report-launch"]] == [
        "Professor Ngaire Woods",
        "Andreea Anastasiu",
        "Nick Hurd",
        "James Magowan",
        "Michael Peoples",
    ]


def test_load_demo_quotes_are_verbatim_and_attributed(demo):
    quotes = Quote.objects.filter(session__day__event=demo).select_related("session", "speaker")
    found = [
        (q.session.code or q.session.slug, q.speaker.full_name, q.text)
        for q in quotes.order_by("session__start", "session__order", "order")
    ]
    assert found == QUOTES
    assert all(q.status == Status.PUBLISHED for q in quotes)


def test_load_demo_deep_dive_quotes_stay_in_recap_text(demo):
    for session in Session.objects.for_event(demo).filter(kind=Session.Kind.DEEP_DIVE):
        quote = session.quotes.get()
        assert f"“{quote.text}”" in session.recap_text


def test_load_demo_recap_texts_are_verbatim(demo):
    sessions = {s.slug: s for s in demo_sessions(demo)}
    assert sessions["welcome"].recap_text == ""
    assert sessions["keynote"].recap_text.startswith(
        "We were joined by our keynote speaker, Professor Tina Nabatchi from Syracuse University"
    )
    assert sessions["keynote"].recap_text.endswith("and “action from all angles”.")
    big_picture = sessions["big-picture-restoring-trust"].recap_text.split("\n\n")
    assert len(big_picture) == 7
    assert big_picture[1] == (
        "Chaired by GO Lab’s Dr Eleanor Carter, the session focused on restoring trust in "
        "government through adaptation, transparency, and relationality in public services."
    )
    launch = sessions["report-launch"].recap_text.split("\n\n")
    assert len(launch) == 3
    assert launch[0].startswith(
        "We wrapped up the day with the exciting launch of our latest report, *“The Evolution"
    )
    assert (
        "James Magowan (Head of VCSE Public Service Partnerships Team, UK Department for "
        "Culture, Media and Sport)" in launch[2]
    )
    assert "Find the full report here." not in sessions["report-launch"].recap_text


def test_load_demo_sessions_have_topics(demo):
    health = Session.objects.get(slug="outcome-based-financing-for-health")
    assert "health" in health.topics.names()
    procurement = Session.objects.get(slug="relationalism-in-public-procurement")
    assert "procurement" in procurement.topics.names()


def test_load_demo_report_has_editors_in_order_and_contributors(demo):
    report = Report.objects.get(event=demo)
    assert report.title == "The Evolution of Social Outcomes Partnerships in the UK"
    assert report.subtitle == "Distilling fifteen years of experience from Peterborough to Kirklees"
    assert report.publisher.short_name == "GO Lab"
    assert report.contributors_count == 26
    assert report.launch_session.slug == "report-launch"
    assert report.publication_date == dt.date(2024, 9, 5)
    assert report.status == Status.PUBLISHED
    assert report.url == ""  # the recap does not give the link
    assert report.full_report == ("publisher", "https://golab.bsg.ox.ac.uk/")
    editors = [e.speaker for e in ReportEditor.objects.filter(report=report).order_by("order")]
    assert [e.name for e in editors] == ["Andreea Anastasiu", "Eleanor Carter", "Mara Airoldi"]
    assert editors[1] == Speaker.objects.get(honorific="Dr", name="Eleanor Carter")


def test_load_demo_prints_a_line_per_step(db):
    output = run_load_demo()
    assert "Organisations: 16 created" in output
    assert "Sessions: 11 created" in output
    assert "Quotes: 9 created" in output
    assert "Report editors: 3 created" in output


def test_load_demo_second_run_changes_nothing(demo):
    before = snapshot()
    output = run_load_demo()
    assert "Nothing changed" in output
    assert "created" not in output and "updated" not in output
    assert snapshot() == before


def test_load_demo_restores_an_edited_row(demo):
    quote = Quote.objects.get(speaker__name="Andrew Greenway")
    quote.text = "Something else."
    quote.save()
    output = run_load_demo()
    assert "Quotes: 1 updated, 8 unchanged" in output
    quote.refresh_from_db()
    assert quote.text == "you can’t clever your way through complexity."


def test_load_demo_leaves_other_events_untouched(db):
    QuoteFactory.create_batch(2)  # another event with its day, sessions and speakers
    before = snapshot()
    run_load_demo()
    after = snapshot()
    for name, rows in before.items():
        for row in rows:
            assert row in after[name]
    assert Event.objects.count() == 3  # the factories' events and SOC24


def test_load_demo_invalid_data_changes_nothing(db):
    data = copy.deepcopy(read_demo_data())
    data["sessions"][-1]["end"] = dt.time(8, 0)  # ends before it starts
    with pytest.raises(ValidationError):
        load_demo(data=data)
    assert not Event.objects.exists()
    assert not Organisation.objects.exists()


def test_load_demo_command_reports_bad_data_clearly(db, monkeypatch):
    data = copy.deepcopy(read_demo_data())
    data["days"][0]["date"] = dt.date(2024, 9, 9)  # outside the event
    monkeypatch.setattr("demo.loader.read_demo_data", lambda: data)
    with pytest.raises(CommandError, match="nothing was changed"):
        run_load_demo()
    assert not Speaker.objects.exists()
