"""Editor admin for days, sessions and quotes: pages, validation as form errors, query counts."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from reversion.models import Version

from cms.publishing import Status
from conference.models import Day
from sessions.models import Link, Participation, Quote, Session
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    ParticipationFactory,
    QuoteFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)

SESSION_ADD = reverse("admin:programme_session_add")
SESSION_LIST = reverse("admin:programme_session_changelist")
QUOTE_ADD = reverse("admin:programme_quote_add")
QUOTE_LIST = reverse("admin:programme_quote_changelist")
DAY_ADD = reverse("admin:conference_day_add")

# Measured at 1 and 100 rows: login session, user, filter choices, counts, rows, date
# hierarchy, the savepoint pair of the revision block; none of them per row.
SESSION_CHANGELIST_QUERIES = 14
QUOTE_CHANGELIST_QUERIES = 11


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def session_data(day, **overrides):
    data = {
        "day": day.pk,
        "code": "1.4",
        "title": "Outcomes that matter",
        "slug": "outcomes-that-matter",
        "kind": Session.Kind.PANEL,
        "languages": "en",
        "start_0": day.date.isoformat(),
        "start_1": "10:00",
        "end_0": day.date.isoformat(),
        "end_1": "11:00",
        "order": 0,
        "status": Status.DRAFT,
    }
    return data | overrides


def test_session_admin_add_form_saves_valid_session(admin_submit, day):
    response = admin_submit(SESSION_ADD, session_data(day))

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.code == "1.4"
    assert session.start.astimezone(day.event.tzinfo).hour == 10


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_1": "09:00"}, "The session must end after it starts."),
        ({"start_0": "2024-09-06", "end_0": "2024-09-06"}, "must fall within the day"),
    ],
)
def test_session_admin_add_form_rejects_bad_times(admin_submit, day, overrides, message):
    response = admin_submit(SESSION_ADD, session_data(day, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("code", "Another session of this event has this code."),
        ("slug", "Another session of this event has this slug."),
    ],
)
def test_session_admin_add_form_rejects_duplicate_in_event(admin_submit, day, field, message):
    other_day = DayFactory(event=day.event, number=2)
    SessionFactory(day=other_day, code="1.4", slug="outcomes-that-matter")

    data = session_data(day)
    data["code" if field == "slug" else "slug"] = "something-else"
    response = admin_submit(SESSION_ADD, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Session.objects.count() == 1


def test_session_admin_add_form_rejects_room_of_other_event(admin_submit, day):
    room = RoomFactory()

    response = admin_submit(SESSION_ADD, session_data(day, room=room.pk))

    assert "This room belongs to another event." in response.content.decode()
    assert not Session.objects.exists()


def test_session_admin_change_form_lists_only_rooms_of_its_event(editor_client, day):
    own = RoomFactory(event=day.event, name="Lecture theatre")
    RoomFactory(name="Somewhere else")
    session = SessionFactory(day=day, room=own)

    content = editor_client.get(change_url(session)).content.decode()

    assert "Lecture theatre" in content
    assert "Somewhere else" not in content


def test_participation_inline_rejects_affiliation_of_another_person(admin_submit, day):
    session = SessionFactory(day=day, code="2.1")
    speaker = SpeakerFactory(name="Ada Example")
    someone_elses = AffiliationFactory(role="Dean")

    data = session_data(day, code="2.1", title=session.title, slug=session.slug) | {
        "participations-TOTAL_FORMS": 1,
        "participations-0-speaker": speaker.pk,
        "participations-0-role": Participation.Role.CHAIR,
        "participations-0-affiliation": someone_elses.pk,
        "participations-0-order": 0,
    }
    response = admin_submit(change_url(session), data)

    assert response.status_code == 200
    assert "This affiliation belongs to another person." in response.content.decode()
    assert not Participation.objects.exists()


def test_participation_inline_saves_speaker_with_own_affiliation(admin_submit, day):
    session = SessionFactory(day=day, code="2.1", status=Status.DRAFT)  # saved directly
    affiliation = AffiliationFactory(role="Dean")

    data = session_data(day, code="2.1", title=session.title, slug=session.slug) | {
        "participations-TOTAL_FORMS": 1,
        "participations-0-speaker": affiliation.speaker.pk,
        "participations-0-role": Participation.Role.CHAIR,
        "participations-0-affiliation": affiliation.pk,
        "participations-0-order": 0,
    }
    response = admin_submit(change_url(session), data)

    assert response.status_code == 302
    assert Participation.objects.get().affiliation == affiliation


def test_participant_row_lists_only_its_persons_affiliations(editor_client, day):
    session = SessionFactory(day=day)
    ada = AffiliationFactory(speaker__name="Ada Example", organisation__name="Ada's Lab")
    AffiliationFactory(speaker=ada.speaker, organisation__name="Ada's Council", role="Chair")
    AffiliationFactory(speaker__name="Bo Other", organisation__name="Bo's Bank")
    ParticipationFactory(session=session, speaker=ada.speaker)

    html = editor_client.get(change_url(session)).content.decode()

    saved_row = re.search(r'<select name="participations-0-affiliation".*?</select>', html, re.S)
    assert "Ada's Lab" in unescape(saved_row.group(0))
    assert "Ada's Council" in unescape(saved_row.group(0))
    assert "Bo's Bank" not in unescape(saved_row.group(0))
    # The empty row keeps every option, each saying whose it is, for the script to limit.
    new_row = re.search(r'<select name="participations-1-affiliation".*?</select>', html, re.S)
    assert f'data-speaker="{ada.speaker_id}"' in new_row.group(0)
    assert "Bo's Bank" in unescape(new_row.group(0))
    assert "js/affiliation-select.js" in html


def quote_data(session, **overrides):
    data = {
        "session": session.pk,
        "text": "Outcomes are about people.",
        "order": 0,
        "status": Status.DRAFT,
    }
    return data | overrides


def test_quote_admin_add_form_rejects_quote_without_speaker_or_attribution(
    admin_submit, day
):
    session = SessionFactory(day=day)

    response = admin_submit(QUOTE_ADD, quote_data(session))

    assert response.status_code == 200
    assert "A quote needs a speaker or an attribution." in response.content.decode()
    assert not Quote.objects.exists()


def test_quote_admin_add_form_saves_quote_with_attribution(admin_submit, day):
    session = SessionFactory(day=day)

    response = admin_submit(QUOTE_ADD, quote_data(session, attribution="A delegate"))

    assert response.status_code == 302
    assert Quote.objects.get().attributed_to == "A delegate"


def test_quote_inline_rejects_quote_without_speaker_or_attribution(admin_submit, day):
    session = SessionFactory(day=day, code="3.1")

    data = session_data(day, code="3.1", title=session.title, slug=session.slug) | {
        "quotes-TOTAL_FORMS": 1,
        "quotes-0-text": "Nobody said this.",
        "quotes-0-order": 0,
        "quotes-0-status": Status.DRAFT,
    }
    response = admin_submit(change_url(session), data)

    assert "A quote needs a speaker or an attribution." in response.content.decode()
    assert not Quote.objects.exists()


def day_data(event, **overrides):
    data = {"event": event.pk, "number": 1, "date": "2024-09-05", "status": Status.DRAFT}
    return data | overrides


def test_day_admin_add_form_rejects_date_outside_event(admin_submit, event):
    response = admin_submit(DAY_ADD, day_data(event, date="2024-10-01"))

    assert response.status_code == 200
    assert "The date must lie within the event" in response.content.decode()
    assert not Day.objects.exists()


def test_day_admin_add_form_rejects_duplicate_number(admin_submit, day):
    response = admin_submit(DAY_ADD, day_data(day.event, date="2024-09-06"))

    assert response.status_code == 200
    assert "This event already has a day with this number." in response.content.decode()
    assert Day.objects.count() == 1


def test_day_admin_add_page_asks_to_save_before_adding_sessions(editor_client, event):
    content = editor_client.get(DAY_ADD).content.decode()

    assert "sessions-TOTAL_FORMS" not in content


def session_row(index, **values):
    row = {
        "code": f"1.{index}",
        "title": f"Row {index}",
        "slug": f"row-{index}",
        "kind": Session.Kind.PANEL,
        "start": "10:00",
        "end": "11:00",
        "order": 0,
        "status": Status.DRAFT,
    } | values
    return {f"sessions-{index}-{key}": value for key, value in row.items()}


def day_change_data(day, *rows):
    data = day_data(day.event, number=day.number, date=day.date.isoformat())
    data["sessions-TOTAL_FORMS"] = len(rows)
    for row in rows:
        data |= row
    return data


def test_day_sessions_inline_saves_sessions(admin_submit, day):
    Day.objects.filter(pk=day.pk).update(status=Status.DRAFT)  # saved directly
    response = admin_submit(change_url(day), day_change_data(day, session_row(0), session_row(1)))

    assert response.status_code == 302
    assert list(day.sessions.values_list("code", flat=True)) == ["1.0", "1.1"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"end": "09:00"}, "The session must end after it starts."),
        (
            {"start": "08:00"},
            "The start must fall within the day (5 September 2024, 09:00 to 18:00).",
        ),
        ({"start": "nine"}, "Enter a valid time."),
    ],
)
def test_day_sessions_inline_rejects_bad_times(admin_submit, day, values, message):
    day.start, day.end = dt.time(9), dt.time(18)
    day.save()
    data = day_change_data(day, session_row(0, **values)) | {"start": "09:00", "end": "18:00"}
    response = admin_submit(change_url(day), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_day_sessions_inline_rejects_code_used_elsewhere_in_event(admin_submit, day):
    SessionFactory(day=DayFactory(event=day.event, number=2), code="1.0")

    response = admin_submit(change_url(day), day_change_data(day, session_row(0)))

    assert "Another session of this event has this code." in response.content.decode()
    assert Session.objects.count() == 1


def test_day_sessions_inline_rejects_two_rows_with_one_code(admin_submit, day):
    rows = session_row(0), session_row(1, code="1.0")

    response = admin_submit(change_url(day), day_change_data(day, *rows))

    assert "Two rows have the same code “1.0”." in response.content.decode()
    assert not Session.objects.exists()


def test_day_change_page_lists_sessions_with_change_links(editor_client, day):
    session = SessionFactory(day=day, code="1.4", title="Deep dive into outcomes")

    content = editor_client.get(change_url(day)).content.decode()

    assert "Deep dive into outcomes" in content
    assert change_url(session) in content


def test_session_changelist_filters_by_topic(editor_client, day):
    tagged = SessionFactory(day=day, title="Tagged with outcomes")
    tagged.topics.add("outcomes")
    SessionFactory(day=day, title="Not tagged")

    content = editor_client.get(SESSION_LIST, {"topics__id__exact": tagged.topics.get().pk})

    assert "Tagged with outcomes" in content.content.decode()
    assert "Not tagged" not in content.content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [("Lovelace", "Analytical engines"), ("1.9", "Analytical engines"), ("Zebra", None)],
)
def test_session_changelist_searches_codes_and_speaker_names(editor_client, day, query, found):
    session = SessionFactory(day=day, code="1.9", title="Analytical engines")
    ParticipationFactory(session=session, speaker=SpeakerFactory(name="Ada Lovelace"))

    content = editor_client.get(SESSION_LIST, {"q": query}).content.decode()

    assert ("Analytical engines" in content) == (found is not None)


def test_quote_changelist_searches_quote_text(editor_client, day):
    QuoteFactory(session=SessionFactory(day=day), text="Measure what matters to people.")
    QuoteFactory(session=SessionFactory(day=day), text="Something else entirely.")

    content = editor_client.get(QUOTE_LIST, {"q": "matters"}).content.decode()

    assert "Measure what matters to people." in content
    assert "Something else entirely." not in content


def test_session_autocomplete_finds_sessions_by_title(editor_client, day):
    SessionFactory(day=day, code="1.2", title="Place-based partnerships")
    url = reverse("admin:autocomplete")
    params = {"app_label": "programme", "model_name": "quote", "field_name": "session"}

    response = editor_client.get(url, params | {"term": "place"})

    assert [result["text"] for result in response.json()["results"]] == [
        "1.2 Place-based partnerships"
    ]


def make_sessions(count):
    """Sessions spread over several days, each with speakers, a room and topics."""
    days = [DayFactory(number=1) for _ in range(3)]
    for index in range(count):
        day = days[index % len(days)]
        session = SessionFactory(day=day, room=RoomFactory(event=day.event))
        ParticipationFactory.create_batch(2, session=session)
        QuoteFactory(session=session)
        session.topics.add("outcomes", f"topic {index % 5}")


@pytest.mark.parametrize("rows", [1, 100])
def test_session_changelist_query_count_does_not_grow(
    editor_client, django_assert_max_num_queries, rows
):
    make_sessions(rows)

    with django_assert_max_num_queries(SESSION_CHANGELIST_QUERIES):
        response = editor_client.get(SESSION_LIST)

    assert response.context["cl"].result_count == rows
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_quote_changelist_query_count_does_not_grow(
    editor_client, django_assert_max_num_queries, rows
):
    make_sessions(rows)

    with django_assert_max_num_queries(QUOTE_CHANGELIST_QUERIES):
        response = editor_client.get(QUOTE_LIST)

    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("admin:programme_session_changelist", "Outcomes that matter"),
        ("admin:programme_quote_changelist", "Outcomes are about people."),
        ("admin:conference_day_changelist", "Test Conference 2024 – Day 1"),
        ("admin:programme_session_add", "Add session"),
        ("admin:programme_quote_add", "Add quote"),
        ("admin:conference_day_add", "Add day"),
    ],
)
def test_programme_admin_list_and_add_pages_load(editor_client, day, url_name, expected):
    session = SessionFactory(day=day, title="Outcomes that matter")
    QuoteFactory(session=session, text="Outcomes are about people.")

    response = editor_client.get(reverse(url_name))

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_programme_admin_change_pages_load(editor_client, day):
    session = SessionFactory(day=day, code="1.4", title="Outcomes that matter")
    speaker = SpeakerFactory(name="Ada Lovelace")
    ParticipationFactory(session=session, speaker=speaker)
    quote = QuoteFactory(session=session, speaker=speaker, text="Outcomes are about people.")

    pages = {
        change_url(session): ["Outcomes that matter", "Ada Lovelace", "View on site"],
        change_url(quote): ["Outcomes are about people.", "View on site"],
        change_url(day): ["Outcomes that matter", "View on site"],
    }
    for url, expected in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        for text in expected:
            assert text in response.content.decode(), (url, text)


def test_session_changelist_shows_columns_editors_need(editor_client, day):
    session = SessionFactory(
        day=day,
        code="1.4",
        title="Outcomes that matter",
        start=dt.datetime(2024, 9, 5, 9, 30, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 5, 10, 30, tzinfo=dt.UTC),
    )
    ParticipationFactory.create_batch(3, session=session)

    response = editor_client.get(SESSION_LIST)
    row = response.context["cl"].result_list[0]

    assert row.speaker_count == 3
    content = response.content.decode()
    assert "Test Conference 2024 – Day 1" in content
    assert 'name="form-0-status"' in content
    assert 'name="form-0-order"' in content


def test_links_are_edited_with_the_session_and_kept_in_its_history(admin_submit, day):
    session = SessionFactory(day=day, code="2.1", status=Status.DRAFT)  # edited directly
    data = session_data(day, code="2.1", title=session.title, slug=session.slug) | {
        "links-TOTAL_FORMS": 1,
        "links-0-kind": Link.Kind.SLIDES,
        "links-0-title": "Slides",
        "links-0-url": "https://example.org/slides.pdf",
        "links-0-order": 0,
    }
    response = admin_submit(change_url(session), data)

    assert response.status_code == 302
    link = session.links.get()
    assert (link.kind, link.url) == ("slides", "https://example.org/slides.pdf")
    assert Version.objects.get_for_object(link).count() == 1


def test_change_page_shows_the_identity_and_what_an_import_kept(editor_client, day):
    session = SessionFactory(day=day, external_id="1001", extra={"answers": "<answers/>"})
    page = editor_client.get(change_url(session)).content.decode()
    assert str(session.uuid) in page
    assert "1001" in page
    assert "&lt;answers/&gt;" in page
