"""The personal agenda: star links, the signed agenda address, its page and calendar feed."""

import re
import uuid

import pytest
from django.conf import settings

from cms.publishing import Status
from tests.factories import SessionFactory, _at
from tests.public_site import DRAFT_MARK, build_public_site, grow_programme
from website import agenda


@pytest.fixture
def site(db):
    return build_public_site()


def _id(session):
    return str(session.uuid)


def _token(site, *sessions):
    return agenda.make_token(site.event, [s.uuid for s in sessions])


def _star_links(html):
    return re.findall(r'href="(/tc24/agenda/\?add=[^"]+)"', html)


@pytest.mark.parametrize(
    "path", ["/tc24/programme/", "/tc24/day-1/", "/tc24/sessions/keynote/"]
)
def test_programme_recap_and_session_pages_have_star_links(client, site, path):
    html = client.get(path).content.decode()

    assert f"/tc24/agenda/?add={_id(site.keynote)}" in html
    assert "Add to my agenda" in html


def test_star_links_keep_pages_the_same_for_everyone(client, site):
    first = client.get("/tc24/programme/")
    client.cookies[f"agenda-{site.event.slug}"] = _token(site, site.keynote)
    second = client.get("/tc24/programme/")

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "cookie" not in first.get("Vary", "").lower()


def test_starring_without_a_cookie_gives_an_agenda_address(client, site):
    response = client.get(f"/tc24/agenda/?add={_id(site.keynote)}")
    token = _token(site, site.keynote)

    assert response.status_code == 302
    assert response["Location"] == f"/tc24/agenda/{token}/"
    cookie = response.cookies["agenda-tc24"]
    assert cookie.value == token
    assert cookie["path"] == "/tc24/"
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]
    page = client.get(response["Location"]).content.decode()
    assert "Of Clocks and Clouds" in page
    assert "Outcomes for health" not in page
    assert f"/tc24/agenda/{token}.ics" in page


def test_stars_add_up_through_the_cookie(client, site):
    client.get(f"/tc24/agenda/?add={_id(site.keynote)}")
    response = client.get(f"/tc24/agenda/?add={_id(site.deep_dive)}")

    assert response["Location"] == f"/tc24/agenda/{_token(site, site.keynote, site.deep_dive)}/"
    page = client.get(response["Location"]).content.decode()
    assert "Of Clocks and Clouds" in page and "Outcomes for health" in page


def test_agenda_without_changes_goes_to_the_remembered_address(client, site):
    token = _token(site, site.deep_dive)
    client.cookies["agenda-tc24"] = token

    response = client.get("/tc24/agenda/")

    assert response.status_code == 302
    assert response["Location"] == f"/tc24/agenda/{token}/"
    assert "private" in response["Cache-Control"]


def test_empty_agenda_is_never_cached_for_the_next_visitor(client, site):
    empty = client.get("/tc24/agenda/")
    client.cookies["agenda-tc24"] = _token(site, site.keynote)
    remembered = client.get("/tc24/agenda/")

    assert empty.status_code == 200
    assert "Your agenda is empty" in empty.content.decode()
    assert "no-store" in empty["Cache-Control"]
    assert remembered.status_code == 302


def test_remove_link_on_the_agenda_page_removes_the_session(client, site):
    token = _token(site, site.keynote, site.deep_dive)
    page = client.get(f"/tc24/agenda/{token}/").content.decode()
    pattern = r'href="(/tc24/agenda/\?t=[^"]+remove=' + _id(site.keynote) + ')"'
    remove = re.search(pattern, page)

    response = client.get(remove.group(1).replace("&amp;", "&"))

    assert response["Location"] == f"/tc24/agenda/{_token(site, site.deep_dive)}/"


def test_removing_the_last_session_forgets_the_agenda(client, site):
    client.cookies["agenda-tc24"] = _token(site, site.keynote)

    response = client.get(f"/tc24/agenda/?remove={_id(site.keynote)}")

    assert response.status_code == 200
    assert "Your agenda is empty" in response.content.decode()
    assert response.cookies["agenda-tc24"].value == ""


@pytest.mark.parametrize(
    "value",
    ["not-an-id", str(uuid.uuid4()), ""],
)
def test_unknown_sessions_are_refused_and_change_nothing(client, site, value):
    token = _token(site, site.keynote)
    client.cookies["agenda-tc24"] = token

    response = client.get(f"/tc24/agenda/?add={value}")

    assert response.status_code == 400
    assert "There is no such session in this programme." in response.content.decode()
    assert "agenda-tc24" not in response.cookies


def test_draft_sessions_cannot_be_starred(client, site):
    draft_day_session = SessionFactory(day=site.day, slug="later", status=Status.DRAFT)
    for session in (site.draft_session, draft_day_session):
        response = client.get(f"/tc24/agenda/?add={_id(session)}")
        assert response.status_code == 400


def test_a_tampered_or_foreign_token_is_not_found(client, site):
    token = _token(site, site.keynote)
    payload, signature = token.rsplit(":", 1)
    forged = agenda.make_token(site.event, [site.deep_dive.uuid])
    tampered = f"{forged.rsplit(':', 1)[0]}:{signature}"
    other_event = SessionFactory(slug="elsewhere").day.event
    foreign = agenda.make_token(other_event, [site.keynote.uuid])

    for bad in (tampered, f"{payload}:x", "nonsense", foreign):
        assert client.get(f"/tc24/agenda/{bad}/").status_code == 404, bad
        assert client.get(f"/tc24/agenda/{bad}.ics").status_code == 404, bad
        assert client.get(f"/tc24/agenda/?t={bad}&add={_id(site.keynote)}").status_code == (
            404
        )


def test_an_edited_cookie_is_forgotten_not_trusted(client, site):
    client.cookies["agenda-tc24"] = "edited:by-hand"

    response = client.get(f"/tc24/agenda/?add={_id(site.deep_dive)}")

    assert response["Location"] == f"/tc24/agenda/{_token(site, site.deep_dive)}/"


def test_calendar_feed_follows_later_changes(client, site):
    token = _token(site, site.keynote, site.deep_dive)
    site.keynote.title = "Of Clocks and Clouds, moved"
    site.keynote.start, site.keynote.end = _at(site.day, 15), _at(site.day, 16)
    site.keynote.save()
    site.deep_dive.status = Status.DRAFT
    site.deep_dive.save()

    response = client.get(f"/tc24/agenda/{token}.ics")
    body = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "Of Clocks and Clouds\\, moved" in body or "Of Clocks and Clouds, moved" in body
    assert "DTSTART;TZID=Europe/London:20240905T150000" in body
    assert "Outcomes for health" not in body
    assert body.count("BEGIN:VEVENT") == 1
    again = client.get(f"/tc24/agenda/{token}.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_agenda_page_leaves_out_sessions_that_became_drafts(client, site):
    token = _token(site, site.keynote, site.deep_dive)
    site.day.status = Status.DRAFT
    site.day.save()

    assert client.get(f"/tc24/agenda/{token}/").status_code == 200
    page = client.get(f"/tc24/agenda/{token}/").content.decode()
    assert "Of Clocks and Clouds" not in page
    assert DRAFT_MARK not in page


def test_agenda_pages_are_not_indexed_and_run_no_inline_script(client, site):
    html = client.get(f"/tc24/agenda/{_token(site, site.keynote)}/").content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html) == []
    assert f'src="{settings.STATIC_URL}js/agenda.js"' in html


def test_tokens_ignore_order_and_repeats(site):
    a, b = site.keynote.uuid, site.deep_dive.uuid

    assert agenda.make_token(site.event, [a, b, a]) == agenda.make_token(site.event, [b, a])
    assert agenda.read_token(site.event, agenda.make_token(site.event, [b, a])) == sorted([a, b])
    assert agenda.make_token(site.event, []) == ""


def test_agenda_page_query_count_is_fixed(client, site, django_assert_max_num_queries):
    grow_programme(site, 3)
    small = agenda.make_token(site.event, agenda.public_session_ids(site.event))
    with django_assert_max_num_queries(9):
        assert client.get(f"/tc24/agenda/{small}/").status_code == 200
    grow_programme(site, 30)
    large = agenda.make_token(site.event, agenda.public_session_ids(site.event))
    with django_assert_max_num_queries(9):
        response = client.get(f"/tc24/agenda/{large}/")
    assert response.content.decode().count(">Remove from my agenda<") == 35
