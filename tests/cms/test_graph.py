"""The publishing graph: one declaration, from which every public rule is derived."""

import pytest

from cms import graph
from cms.publication import contents, publish_with_contents
from cms.publishing import Status
from conference.models import Day, Event, Organisation
from reports.models import Report, ReportEditor
from sessions.models import Quote, Session
from speakers.models import Speaker
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    QuoteFactory,
    ReportEditorFactory,
    ReportFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_each_domain_model_declares_its_place_once():
    assert graph.publishable_models() == [Event, Day, Session, Quote, Report]
    assert graph.ancestry(Quote) == [
        ("session", Session),
        ("session__day", Day),
        ("session__day__event", Event),
    ]
    assert graph.root_lookup(Report) == "event"
    assert graph.root_lookup(Event) == "pk"


def test_a_quote_is_public_only_under_a_public_session_day_and_event():
    quote = QuoteFactory()
    assert graph.is_public(quote)
    for parent in (quote.session, quote.session.day, quote.session.day.event):
        type(parent).objects.filter(pk=parent.pk).update(status=Status.DRAFT)
        assert not graph.is_public(quote)
        assert list(Quote.objects.public()) == []
        type(parent).objects.filter(pk=parent.pk).update(status=Status.PUBLISHED)
        assert graph.is_public(quote)


def test_a_person_is_public_through_what_shows_them_and_only_within_that_event():
    panellist = ParticipationFactory().speaker
    quoted = QuoteFactory().speaker
    editor = ReportEditorFactory().speaker
    SpeakerFactory(name="In nothing public")
    draft_session = SessionFactory(status=Status.DRAFT)
    ParticipationFactory(session=draft_session, speaker=SpeakerFactory(name="Only in a draft"))

    assert set(Speaker.objects.public()) == {panellist, quoted, editor}
    other_event = EventFactory()
    assert list(Speaker.objects.public(event=other_event)) == []
    event = editor.report_editorships.get().report.event
    assert list(Speaker.objects.public(event=event)) == [editor]


def test_an_organisation_is_public_through_people_events_reports_and_its_parts():
    school = OrganisationFactory(name="Blavatnik School of Government")
    lab = OrganisationFactory(name="Government Outcomes Lab", parent=school)
    AffiliationFactory(organisation=lab, speaker=ParticipationFactory().speaker)
    organiser = OrganisationFactory(name="Organiser")
    EventFactory(organiser=organiser)
    publisher = OrganisationFactory(name="Publisher")
    ReportFactory(publisher=publisher)
    hidden = OrganisationFactory(name="Only in a draft report")
    ReportFactory(publisher=hidden, status=Status.DRAFT)

    assert set(Organisation.objects.public()) == {school, lab, organiser, publisher}


def test_publishing_an_event_with_contents_reaches_days_sessions_quotes_and_reports():
    event = EventFactory(status=Status.DRAFT)
    day = DayFactory(event=event, status=Status.DRAFT)
    quote = QuoteFactory(session=SessionFactory(day=day, status=Status.DRAFT), status=Status.DRAFT)
    report = ReportFactory(event=event, status=Status.DRAFT)
    other = DayFactory(status=Status.DRAFT)

    models = [rows.model for rows in contents(Event.objects.filter(pk=event.pk))]
    assert models == [Event, Day, Report, Session, Quote]

    outcome = publish_with_contents(Event.objects.filter(pk=event.pk))

    assert len(outcome.changed) == 5
    assert graph.is_public(quote) and graph.is_public(report)
    other.refresh_from_db()
    assert other.status == Status.DRAFT


def test_preview_scope_of_a_person_is_what_shows_them_and_its_ancestors():
    speaker = SpeakerFactory()
    session = SessionFactory(status=Status.DRAFT)
    ParticipationFactory(session=session, speaker=speaker)
    unrelated = SessionFactory(day=session.day, status=Status.DRAFT)

    scope = {
        (rows.model, pk)
        for rows in graph.preview_scope(speaker)
        for pk in rows.values_list("pk", flat=True)
    }

    assert (Session, session.pk) in scope
    assert (Day, session.day_id) in scope
    assert (Event, session.day.event_id) in scope
    assert (Session, unrelated.pk) not in scope


def test_a_model_outside_the_graph_is_refused_clearly():
    with pytest.raises(LookupError, match=r"reports\.ReportEditor is not in the publishing graph"):
        graph.public_q(ReportEditor)
