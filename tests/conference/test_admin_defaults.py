"""Defaults that save editors' typing: a new event's days from its dates, and empty rows
enough for a new event's rooms and a new day's sessions."""

from django.urls import reverse

from cms.publishing import Status
from conference.models import Day, Event
from tests.admin_posts import change_form_data
from tests.factories import DayFactory, EventFactory, RoomFactory, SessionFactory

EVENT_ADD = reverse("admin:conference_event_add")


def event_data(**overrides):
    data = {
        "name": "Outcomes Forum 2025",
        "slug": "of25",
        "start_date": "2025-03-10",
        "end_date": "2025-03-11",
        "time_zone": "Europe/London",
        "format": Event.Format.IN_PERSON,
        "status": Status.DRAFT,
    }
    return data | overrides


def test_new_event_gets_a_draft_day_for_each_of_its_dates(admin_submit):
    response = admin_submit(EVENT_ADD, event_data())

    assert response.status_code == 302
    days = Day.objects.filter(event__slug="of25").order_by("number")
    assert [(d.number, d.date.isoformat(), d.status) for d in days] == [
        (1, "2025-03-10", Status.DRAFT),
        (2, "2025-03-11", Status.DRAFT),
    ]


def test_event_over_two_weeks_gets_no_days(admin_submit):
    admin_submit(EVENT_ADD, event_data(end_date="2025-06-30"))

    assert Event.objects.filter(slug="of25").exists()
    assert not Day.objects.exists()


def test_saving_an_event_again_adds_no_days(admin_submit, editor_client):
    event = EventFactory(status=Status.DRAFT)
    DayFactory(event=event, number=1, date=event.start_date)
    url = reverse("admin:conference_event_change", args=[event.pk])

    editor_client.post(url, change_form_data(editor_client.get(url)))

    assert list(event.days.values_list("number", flat=True)) == [1]


def test_new_event_offers_three_room_rows_and_one_more_once_it_has_rooms(editor_client):
    page = editor_client.get(EVENT_ADD)
    assert page.context["inline_admin_formsets"][0].formset.extra == 3

    event = EventFactory()
    RoomFactory(event=event)
    page = editor_client.get(reverse("admin:conference_event_change", args=[event.pk]))
    rooms = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "rooms")
    assert rooms.formset.extra == 1


def test_day_without_sessions_offers_three_session_rows(editor_client):
    day = DayFactory()
    url = reverse("admin:conference_day_change", args=[day.pk])
    html = editor_client.get(url).content.decode()
    assert 'name="sessions-2-title"' in html
    assert 'name="sessions-3-title"' not in html

    SessionFactory(day=day)
    html = editor_client.get(url).content.decode()
    assert 'name="sessions-1-title"' in html  # the session, then one empty row
    assert 'name="sessions-2-title"' not in html
