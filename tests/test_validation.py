"""Input the editors' walk-through got accepted without a word: the same person twice in a
session, two days on one date, a 2.4 MB summary. Each is refused with a clear form error and
nothing is saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.richtext import LONG_TEXT, SHORT_TEXT
from conference.models import Day
from sessions.models import Participation, Session
from tests.admin_posts import browser_post_data, publish_pending_changes, session_change_data
from tests.factories import DayFactory, ParticipationFactory, SessionFactory, SpeakerFactory


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def session(day):
    return SessionFactory(day=day, code="1.4", title="Outcomes", slug="outcomes")


def post_session(client, session, **changes):
    page = client.get(change_url(session))
    return client.post(change_url(session), session_change_data(page, session, **changes))


def test_same_person_twice_in_one_session_is_refused(staff_client, session):
    person = SpeakerFactory(name="Tina Nabatchi")
    ParticipationFactory(session=session, speaker=person, role="keynote")
    editor = staff_client("Editor")
    page = editor.get(change_url(session))
    data = browser_post_data(page, "session_form") | {
        "participations-TOTAL_FORMS": "2",
        "participations-1-speaker": str(person.pk),
        "participations-1-role": "chair",
        "participations-1-order": "1",
    }

    response = editor.post(change_url(session), data)

    assert response.status_code == 200
    assert "Two rows have the same speaker “Tina Nabatchi”." in response.content.decode()
    assert Participation.objects.filter(session=session).count() == 1


def test_same_person_twice_in_two_new_rows_is_refused(staff_client, session):
    person = SpeakerFactory(name="Tina Nabatchi")
    editor = staff_client("Editor")
    page = editor.get(change_url(session))
    data = browser_post_data(page, "session_form") | {
        "participations-TOTAL_FORMS": "2",
        "participations-0-speaker": str(person.pk),
        "participations-0-role": "keynote",
        "participations-0-order": "0",
        "participations-1-speaker": str(person.pk),
        "participations-1-role": "chair",
        "participations-1-order": "1",
    }

    response = editor.post(change_url(session), data)

    assert response.status_code == 200
    assert "Two rows have the same speaker “Tina Nabatchi”." in response.content.decode()
    assert not Participation.objects.exists()


def test_participation_model_refuses_a_second_role(session):
    person = SpeakerFactory()
    ParticipationFactory(session=session, speaker=person, role="keynote")
    with pytest.raises(ValidationError, match="already in this session"):
        Participation(session=session, speaker=person, role="chair").full_clean()


def test_two_days_on_one_date_are_refused(staff_client, event, day):
    organiser = staff_client("Organiser")
    other = DayFactory(event=event, number=2, date=day.date + timedelta(days=1))
    page = organiser.get(change_url(other))
    data = browser_post_data(page, "day_form") | {"date": day.date.isoformat()}

    response = organiser.post(change_url(other), data)

    assert response.status_code == 200
    assert "This event already has a day on this date." in response.content.decode()
    other.refresh_from_db()
    assert other.date == day.date + timedelta(days=1)
    assert Day.objects.filter(event=event, date=day.date).count() == 1


@pytest.mark.parametrize(
    ("field", "limit"),
    [("summary", SHORT_TEXT), ("recap_text", LONG_TEXT)],
)
def test_oversized_session_text_is_refused(staff_client, session, field, limit):
    editor = staff_client("Editor")
    huge = "Outcomes matter. " * 150_000  # 2.5 MB, like the summary that went live

    response = post_session(editor, session, **{field: huge})

    assert response.status_code == 200
    assert f"Ensure this value has at most {limit} characters" in response.content.decode()
    assert getattr(Session.objects.get(pk=session.pk), field) == getattr(session, field)


def test_recap_text_of_twenty_thousand_characters_is_accepted(staff_client, session):
    response = post_session(staff_client("Editor"), session, recap_text="x" * LONG_TEXT)
    assert response.status_code == 302
    publish_pending_changes()  # a live session's edit waits as a pending change
    assert len(Session.objects.get(pk=session.pk).recap_text) == LONG_TEXT


@pytest.mark.parametrize(
    ("factory_name", "field", "limit"),
    [
        ("EventFactory", "summary", 10_000),
        ("DayFactory", "recap_intro", LONG_TEXT),
        ("SpeakerFactory", "bio", 10_000),
        ("OrganisationFactory", "description", 10_000),
        ("ReportFactory", "summary", 10_000),
        ("QuoteFactory", "text", SHORT_TEXT),
    ],
)
def test_long_text_fields_have_a_limit_on_every_path(db, factory_name, field, limit):
    """``full_clean`` (imports, the admin) refuses an oversized text, whatever the form."""
    from tests import factories

    obj = getattr(factories, factory_name).build(**{field: "x" * (limit + 1)})
    with pytest.raises(ValidationError) as refused:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    assert f"at most {limit} characters" in str(refused.value.message_dict[field])


def test_two_new_days_on_one_date_are_refused_on_the_event_page(staff_client, event, day):
    organiser = staff_client("Organiser")
    page = organiser.get(change_url(event))
    data = browser_post_data(page, "event_form")
    data |= {
        "days-TOTAL_FORMS": "3",
        "days-1-number": "2",
        "days-1-date": (day.date + timedelta(days=1)).isoformat(),
        "days-1-status": "draft",
        "days-2-number": "3",
        "days-2-date": (day.date + timedelta(days=1)).isoformat(),
        "days-2-status": "draft",
    }

    response = organiser.post(change_url(event), data)

    assert response.status_code == 200
    expected = f"Two rows have the same date “{day.date + timedelta(days=1)}”."
    assert expected in response.content.decode()
    assert list(Day.objects.filter(event=event)) == [day]
