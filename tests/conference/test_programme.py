"""The programme page, its filters, and the "now and next" view."""

import datetime as dt

import pytest
from django.urls import reverse

from cms.publishing import Status
from sessions.models import Session
from tests.factories import (
    LONDON,
    DayFactory,
    ParticipationFactory,
    RoomFactory,
    SessionFactory,
)

# Each with one query for the site identity, which a cold cache has not kept yet.
PROGRAMME_QUERY_BUDGET = 11
NOW_QUERY_BUDGET = 8


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def at(day, hour, minute=0):
    return dt.datetime.combine(day.date, dt.time(hour, minute), tzinfo=LONDON)


def programme_url(event, **query):
    url = reverse("conference:programme", args=[event.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def session_at(day, start, end, **kwargs):
    return SessionFactory(day=day, start=at(day, *start), end=at(day, *end), **kwargs)


def day_url(event, number):
    return reverse("conference:programme-day", args=[event.slug, number])


def test_programme_shows_one_day_at_a_time_with_links_to_every_published_day(client, event):
    event.end_date = event.start_date + dt.timedelta(days=2)  # one date per day
    event.save()
    first = DayFactory(event=event, number=1)
    second = DayFactory(event=event, number=2)
    DayFactory(event=event, number=3, date=event.end_date, status=Status.DRAFT)
    session_at(first, (14,), (15,), title="After lunch")
    session_at(first, (9,), (10,), title="Opening")
    session_at(second, (9,), (10,), title="Second morning")

    html = main_html(client.get(programme_url(event)))
    second_html = main_html(client.get(day_url(event, 2)))

    assert html.index("Opening") < html.index("After lunch")
    assert "Second morning" not in html and "Opening" not in second_html
    assert "Second morning" in second_html and "Friday 6 September 2024" in second_html
    assert html.count('class="programme-day"') == 1
    assert f'href="{day_url(event, 1)}" aria-current="page"' in html
    assert f'href="{day_url(event, 2)}">' in html and day_url(event, 3) not in html
    assert reverse("conference:day-recap", args=[event.slug, 1]) in html
    assert client.get(day_url(event, 3)).status_code == 404


def test_programme_opens_on_the_running_day(client, event, frozen_now):
    DayFactory(event=event, number=1)
    second = DayFactory(event=event, number=2, date=event.end_date)
    session_at(second, (9,), (10,), title="Second morning")
    frozen_now(at(second, 8))

    html = main_html(client.get(programme_url(event)))

    assert "Second morning" in html
    assert f'href="{day_url(event, 2)}" aria-current="page"' in html


def test_programme_groups_by_part_of_day_and_sets_parallel_sessions_side_by_side(client, day):
    session_at(day, (9,), (10,), title="Keynote")
    for n in range(3):
        session_at(day, (14,), (15,), title=f"Dive {n}", kind=Session.Kind.DEEP_DIVE)
    session_at(day, (18,), (19,), title="Reception")

    html = main_html(client.get(programme_url(day.event)))

    parts = [html.index(f'<h3 class="part-of-day">{p}</h3>') for p in ("Morning", "Afternoon")]
    assert parts[0] < html.index("Keynote") < parts[1] < html.index("Dive 0")
    assert html.index("Dive 2") < html.index('<h3 class="part-of-day">Evening</h3>')
    parallel = html.split('<div class="slot slot--parallel">')[1].split("Evening")[0]
    assert "Afternoon Deep Dives, from 14:00" in html
    assert all(f"Dive {n}" in parallel for n in range(3))


def test_programme_names_the_time_zone_and_shows_local_times(client, day):
    day.event.time_zone = "Asia/Tokyo"
    day.event.save()
    SessionFactory(
        day=day,
        start=dt.datetime(2024, 9, 5, 1, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 5, 2, 0, tzinfo=dt.UTC),
    )

    html = main_html(client.get(programme_url(day.event)))

    assert "JST, Asia/Tokyo" in html
    assert ">10:00</time>–<time" in html


def test_programme_shows_the_room_where_known(client, day):
    room = RoomFactory(event=day.event, name="Lecture Theatre")
    session_at(day, (9,), (10,), room=room)

    assert "Lecture Theatre" in main_html(client.get(programme_url(day.event)))


def test_programme_leaves_out_drafts(client, day):
    session_at(day, (9,), (10,), title="Public talk")
    session_at(day, (11,), (12,), title="Secret talk", status=Status.DRAFT)

    html = client.get(programme_url(day.event)).content.decode()

    assert "Public talk" in html
    assert "Secret talk" not in html


def test_programme_of_draft_or_unknown_event_is_not_found(client, day):
    assert client.get("/unknown/programme/").status_code == 404
    day.event.status = Status.DRAFT
    day.event.save()
    assert client.get(programme_url(day.event)).status_code == 404


def make_filterable_day(day):
    main = RoomFactory(event=day.event, name="Main hall")
    side = RoomFactory(event=day.event, name="Side room")
    health = session_at(
        day, (9,), (10,), title="Health dive", kind=Session.Kind.DEEP_DIVE, room=side
    )
    health.topics.add("health")
    climate = session_at(day, (11,), (12,), title="Climate panel", room=main)
    climate.topics.add("climate")
    return main


def test_programme_filters_by_topic_kind_and_room(client, day):
    main = make_filterable_day(day)

    by_topic = main_html(client.get(programme_url(day.event, topic="health")))
    by_kind = main_html(client.get(programme_url(day.event, kind="panel")))
    by_room = main_html(client.get(programme_url(day.event, room=main.pk)))

    assert "Health dive" in by_topic and "Climate panel" not in by_topic
    assert "Climate panel" in by_kind and "Health dive" not in by_kind
    assert "Climate panel" in by_room and "Health dive" not in by_room
    assert "1 session on this day matches your filters (1 across all days)." in by_topic


def test_programme_filters_count_matches_on_every_day_and_day_links_keep_them(client, event):
    first = DayFactory(event=event, number=1)
    second = DayFactory(event=event, number=2, date=event.end_date)
    for day, hours in ((first, (9, 11)), (second, (9, 11, 14))):
        for hour in hours:
            session_at(day, (hour,), (hour + 1,)).topics.add("health")
    session_at(second, (16,), (17,), title="Untagged")

    html = main_html(client.get(programme_url(event, topic="health")))

    assert "2 sessions on this day match your filters (5 across all days)." in html
    assert f'href="{day_url(event, 2)}?topic=health">Day 2' in html
    assert "(3<span class=\"visually-hidden\"> matching sessions</span>)" in html
    assert f'action="{day_url(event, 1)}"' in html
    assert "Untagged" not in main_html(client.get(day_url(event, 2) + "?topic=health"))


def test_programme_filter_form_keeps_its_state_and_labels_its_controls(client, day):
    make_filterable_day(day)

    html = main_html(client.get(programme_url(day.event, topic="health", kind="deep_dive")))

    assert '<form class="filters" method="get"' in html
    for name in ("topic", "kind", "room"):
        assert f'<label for="id_{name}">' in html and f'id="id_{name}"' in html
    assert '<option value="health" selected>health</option>' in html
    assert '<option value="deep_dive" selected>Deep dive</option>' in html
    assert "Clear filters" in html


@pytest.mark.parametrize("query", [{"topic": "nope"}, {"kind": "x" * 500}, {"room": "abc"},
                                   {"room": "999999"}, {"kind": "%00"}])
def test_programme_ignores_unknown_filter_values(client, day, query):
    make_filterable_day(day)

    response = client.get(programme_url(day.event, **query))

    assert response.status_code == 200
    html = main_html(response)
    assert "Health dive" in html and "Climate panel" in html
    assert 'class="form-error"' in html


def test_programme_view_now_parameter_goes_to_now_and_next(client, day):
    response = client.get(programme_url(day.event, view="now"))

    assert response.status_code == 302
    assert response["Location"] == reverse("conference:programme-now", args=[day.event.slug])


def make_programme(event, days=1, sessions_per_day=6, speakers_per_session=2):
    for number in range(1, days + 1):
        day = DayFactory(event=event, number=number, date=event.start_date)
        rooms = [RoomFactory(event=event) for _ in range(3)]
        for n in range(sessions_per_day):
            hour, track = divmod(n, 3)
            start = at(day, 8) + dt.timedelta(minutes=20 * hour)
            session = SessionFactory(
                day=day, start=start, end=start + dt.timedelta(minutes=20),
                room=rooms[track], order=track,
            )
            session.topics.add(f"topic {n % 7}")
            for m in range(speakers_per_session):
                ParticipationFactory(session=session, order=m)


@pytest.mark.parametrize("size", [(1, 6, 2), (1, 300, 2)])
def test_programme_query_count_is_constant(client, event, size, django_assert_max_num_queries):
    event.end_date = event.start_date  # one long day: 300 sessions, 600 speakers at most
    event.save()
    make_programme(event, *size)

    with django_assert_max_num_queries(PROGRAMME_QUERY_BUDGET):
        response = client.get(programme_url(event))

    assert main_html(response).count('class="session-card"') == size[1]


# ---------- Now and next ----------


def now_url(event):
    return reverse("conference:programme-now", args=[event.slug])


@pytest.fixture
def frozen_now(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


def test_now_and_next_shows_running_and_following_sessions(client, day, frozen_now):
    session_at(day, (9,), (10,), title="Done already")
    session_at(day, (10,), (11,), title="Running A")
    session_at(day, (10,), (11,), title="Running B")
    session_at(day, (11,), (12,), title="Next up")
    session_at(day, (13,), (14,), title="Much later")
    frozen_now(at(day, 10, 30))

    html = main_html(client.get(now_url(day.event)))

    on_now = html.split('id="now-title"')[1].split('id="next-title"')[0]
    up_next = html.split('id="next-title"')[1]
    assert "Running A" in on_now and "Running B" in on_now
    assert "Next up" in up_next and "from 11:00" in up_next
    assert "Done already" not in html and "Much later" not in html
    assert ">10:30</time>" in html and "BST, Europe/London" in html


def test_now_and_next_after_the_last_session_says_so(client, day, frozen_now):
    session_at(day, (9,), (10,), title="Morning talk")
    frozen_now(at(day, 20))

    html = main_html(client.get(now_url(day.event)))

    assert "No session is running at the moment." in html
    assert "No more sessions today." in html


def test_now_and_next_when_the_event_is_not_running_links_the_programme(client, day, frozen_now):
    session_at(day, (9,), (10,), title="Morning talk")
    frozen_now(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC))

    html = main_html(client.get(now_url(day.event)))

    assert "is not running today" in html
    assert f'href="{programme_url(day.event)}"' in html
    assert "Morning talk" not in html


def test_now_and_next_hides_draft_sessions(client, day, frozen_now):
    session_at(day, (10,), (11,), title="Secret", status=Status.DRAFT)
    frozen_now(at(day, 10, 30))

    assert "Secret" not in main_html(client.get(now_url(day.event)))


@pytest.mark.parametrize("sessions", [6, 300])
def test_now_and_next_query_count_is_constant(
    client, event, frozen_now, sessions, django_assert_max_num_queries
):
    make_programme(event, 1, sessions, 2)
    frozen_now(at(event.days.get(), 8, 10))

    with django_assert_max_num_queries(NOW_QUERY_BUDGET):
        response = client.get(now_url(event))

    html = main_html(response)
    assert html.count('class="session-card"') == 6  # three running, three next
