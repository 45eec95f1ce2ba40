"""Drag-and-drop order (django-admin-sortable2) of a session's people and quotes and of a
day's sessions: the pages offer it, and the order the rows were dragged into is saved."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from cms.publishing import Status
from sessions.models import Participation, Quote
from tests.admin_posts import change_form_data
from tests.factories import (
    DayFactory,
    ParticipationFactory,
    QuoteFactory,
    SessionFactory,
    SpeakerFactory,
)


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def sortable_fieldset(html: str, prefix: str) -> str:
    """The opening tag of the inline group ``prefix``'s fieldset."""
    group = html.split(f'id="{prefix}-group"', 1)[1]
    return re.search(r"<fieldset[^>]*>", group).group(0)


def test_session_page_lets_people_and_quotes_be_dragged_into_order(editor_client, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    ParticipationFactory(session=session, speaker=SpeakerFactory(name="Ada Lovelace"))
    QuoteFactory(session=session, text="Outcomes, not outputs.")

    html = editor_client.get(change_url(session)).content.decode()

    assert "sortable" in sortable_fieldset(html, "participations")
    assert "sortable" in sortable_fieldset(html, "quotes")
    assert "adminsortable2/js/adminsortable2" in html
    # The order is set by dragging, not typed: a hidden input that the script fills.
    assert re.search(r'<input type="hidden" name="participations-0-order"[^>]*_reorder_', html)
    assert re.search(r'<input type="hidden" name="quotes-0-order"[^>]*_reorder_', html)


def test_day_page_lets_its_sessions_be_dragged_into_order(editor_client, day):
    SessionFactory(day=day, code="1.1", status=Status.DRAFT)

    html = editor_client.get(change_url(day)).content.decode()

    assert "sortable" in sortable_fieldset(html, "sessions")
    assert re.search(r'<input type="hidden" name="sessions-0-order"[^>]*_reorder_', html)


def test_dragged_order_of_people_is_saved(editor_client, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    ada = ParticipationFactory(session=session, speaker=SpeakerFactory(name="Ada"), order=1)
    grace = ParticipationFactory(session=session, speaker=SpeakerFactory(name="Grace"), order=2)
    page = editor_client.get(change_url(session))
    rows = {
        f"participations-{index}-order": str(order)
        for index, order in ((0, 2), (1, 1))  # what the script writes after the drag
    }

    response = editor_client.post(change_url(session), change_form_data(page, **rows))

    assert response.status_code == 302
    ada.refresh_from_db()
    grace.refresh_from_db()
    assert (grace.order, ada.order) == (1, 2)
    assert [p.speaker.name for p in session.participations.all()] == ["Grace", "Ada"]


def test_person_added_without_dragging_goes_after_the_others(editor_client, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    ParticipationFactory(session=session, speaker=SpeakerFactory(name="Ada"), order=1)
    ParticipationFactory(session=session, speaker=SpeakerFactory(name="Grace"), order=2)
    newcomer = SpeakerFactory(name="Katherine")
    page = editor_client.get(change_url(session))
    data = change_form_data(
        page,
        **{
            "participations-TOTAL_FORMS": "3",
            "participations-2-speaker": str(newcomer.pk),
            "participations-2-role": Participation.Role.PANELLIST,
            "participations-2-order": "",
        },
    )

    response = editor_client.post(change_url(session), data)

    assert response.status_code == 302
    assert [p.speaker.name for p in session.participations.all()] == ["Ada", "Grace", "Katherine"]
    assert session.participations.get(speaker=newcomer).order == 3


def test_dragged_order_of_quotes_is_saved(editor_client, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    first = QuoteFactory(session=session, text="First said.", order=1, status=Status.DRAFT)
    second = QuoteFactory(session=session, text="Then said.", order=2, status=Status.DRAFT)
    page = editor_client.get(change_url(session))

    response = editor_client.post(
        change_url(session),
        change_form_data(page, **{"quotes-0-order": "2", "quotes-1-order": "1"}),
    )

    assert response.status_code == 302
    assert list(Quote.objects.filter(session=session)) == [second, first]


def test_parallel_sessions_keep_the_dragged_order(editor_client):
    day = DayFactory(status=Status.DRAFT)
    left = SessionFactory(day=day, code="2.1", title="Left room", status=Status.DRAFT, order=1)
    right = SessionFactory(
        day=day, code="2.2", title="Right room", status=Status.DRAFT, order=2,
        start=left.start, end=left.end,
    )  # fmt: skip
    page = editor_client.get(change_url(day))

    response = editor_client.post(
        change_url(day),
        change_form_data(page, **{"sessions-0-order": "2", "sessions-1-order": "1"}),
    )

    assert response.status_code == 302
    assert list(day.sessions.all()) == [right, left]


def test_sortable_scripts_are_served_by_the_project():
    """Collected with the project's static files: no other host serves them."""
    assert finders.find("adminsortable2/js/adminsortable2.min.js")
    assert finders.find("adminsortable2/css/sortable.css")
