"""A small public site with a draft of everything, for the page, search and SEO tests.

Every draft carries "Secret" in its text, so a test can assert that the word appears
nowhere public.
"""

from types import SimpleNamespace

from cms.publishing import Status
from sessions.models import Participation
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    QuoteFactory,
    ReportEditorFactory,
    ReportFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    _at,
)

DRAFT = Status.DRAFT
DRAFT_MARK = "Secret"


def build_public_site() -> SimpleNamespace:
    event = EventFactory(
        name="Test Conference 2024", short_name="TC24", slug="tc24", venue="Oxford"
    )
    day = DayFactory(event=event, number=1, title="Day 1", recap_intro="A day on *trust*.")
    room = RoomFactory(event=event, name="Lecture Theatre")
    school = OrganisationFactory(name="Blavatnik School of Government", slug="bsg")
    golab = OrganisationFactory(
        name="Government Outcomes Lab", short_name="GO Lab", slug="go-lab", parent=school
    )
    syracuse = OrganisationFactory(name="Syracuse University", slug="syracuse")
    tina = SpeakerFactory(
        name="Tina Nabatchi", honorific="Professor", slug="tina-nabatchi", bio="Studies *trust*."
    )
    tina_aff = AffiliationFactory(speaker=tina, organisation=syracuse, role="Professor")
    eleanor = SpeakerFactory(name="Eleanor Carter", honorific="Dr", slug="eleanor-carter")
    AffiliationFactory(speaker=eleanor, organisation=golab, role="Research Director")
    keynote = SessionFactory(
        day=day,
        code="1.0",
        title="Of Clocks and Clouds",
        slug="keynote",
        kind="keynote",
        room=room,
        start=_at(day, 9, 30),
        end=_at(day, 10, 30),
        summary="Clock problems and cloud problems.",
        recap_text="Prof Nabatchi explored **accountability** in partnerships.",
        recording_title="Of Clocks and Clouds: the recording",
        recording_url="https://www.youtube.com/watch?v=abcDEF12345",
    )
    keynote.topics.add("Accountability", "Trust")
    ParticipationFactory(
        session=keynote, speaker=tina, role=Participation.Role.KEYNOTE, affiliation=tina_aff
    )
    ParticipationFactory(session=keynote, speaker=eleanor, role=Participation.Role.CHAIR, order=1)
    quote = QuoteFactory(
        session=keynote, speaker=tina, text="Leave our world more beautiful than it was left to us"
    )
    deep_dive = SessionFactory(
        day=day,
        code="1.1",
        title="Outcomes for health",
        slug="health",
        kind="deep_dive",
        start=_at(day, 11),
        end=_at(day, 12),
    )
    deep_dive.topics.add("Health")
    ParticipationFactory(session=deep_dive, speaker=eleanor, role=Participation.Role.PANELLIST)
    report = ReportFactory(
        title="The Evolution of Social Outcomes Partnerships in the UK",
        subtitle="Distilling fifteen years of experience",
        slug="evolution",
        event=event,
        publisher=golab,
        contributors_count=26,
        summary="What fifteen years taught us.",
        launch_session=deep_dive,
    )
    report.topics.add("Trust")
    ReportEditorFactory(report=report, speaker=eleanor)

    # Drafts: none of these may reach the public.
    hidden_org = OrganisationFactory(name="Secret Organisation", slug="secret-org")
    hidden = SpeakerFactory(name="Secret Person", slug="secret-person")
    AffiliationFactory(speaker=hidden, organisation=hidden_org)
    draft_session = SessionFactory(
        day=day, code="1.9", title="Secret session", slug="secret-session", status=DRAFT
    )
    draft_session.topics.add("Secret topic")
    ParticipationFactory(session=draft_session, speaker=hidden)
    QuoteFactory(session=draft_session, speaker=hidden, text="Secret words in a draft session")
    QuoteFactory(session=keynote, speaker=tina, text="Secret words in a draft quote", status=DRAFT)
    draft_report = ReportFactory(title="Secret report", slug="secret-report", status=DRAFT)
    ReportEditorFactory(report=draft_report, speaker=hidden)
    draft_day = DayFactory(
        event=event, number=2, title="Secret day", recap_intro="Secret recap.", status=DRAFT
    )
    SessionFactory(day=draft_day, title="Secret session on a draft day", slug="secret-day-session")
    draft_event = EventFactory(name="Secret Conference", slug="secret-conf", status=DRAFT)
    SessionFactory(day=DayFactory(event=draft_event), title="Secret event session")
    return SimpleNamespace(
        event=event,
        day=day,
        room=room,
        school=school,
        golab=golab,
        syracuse=syracuse,
        tina=tina,
        eleanor=eleanor,
        keynote=keynote,
        deep_dive=deep_dive,
        quote=quote,
        report=report,
        hidden=hidden,
        hidden_org=hidden_org,
        draft_session=draft_session,
        draft_report=draft_report,
    )


def grow_programme(site: SimpleNamespace, sessions: int) -> None:
    """Add sessions with two speakers (each with an organisation), a quote and a topic."""
    for n in range(sessions):
        session = SessionFactory(
            day=site.day,
            code=f"2.{n}",
            start=_at(site.day, 13 + n % 5),
            end=_at(site.day, 14 + n % 5),
            room=site.room,
        )
        session.topics.add(f"Topic {n % 7}", "Trust")
        for order in range(2):
            speaker = SpeakerFactory()
            AffiliationFactory(speaker=speaker)
            ParticipationFactory(session=session, speaker=speaker, order=order)
        QuoteFactory(session=session, speaker=speaker)
        report = ReportFactory(event=site.event, publisher=site.golab, launch_session=session)
        ReportEditorFactory(report=report, speaker=speaker)
