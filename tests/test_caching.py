"""The public page cache: hits cost no query, any content change shows at once, editors and
previews never pass through it, and conditional GETs are answered with 304."""

from uuid import uuid4

import pytest
from django.conf import settings as django_settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from cms import caching
from cms.caching import bump_content_version, content_version, page_cache_key
from cms.publishing import Status
from sessions.models import Participation, Session
from tests.factories import ParticipationFactory, SessionFactory, SpeakerFactory, _at


@pytest.fixture
def site(public_site):
    return public_site


def recap_url(site):
    return reverse("conference:day-recap", args=[site.event.slug, site.day.number])


def session_url(session):
    return session.get_absolute_url()


def public_urls(site):
    return [
        reverse("conference:home"),
        reverse("conference:event-detail", args=[site.event.slug]),
        reverse("conference:programme", args=[site.event.slug]),
        recap_url(site),
        session_url(site.keynote),
        reverse("speakers:speaker-list"),
        site.tina.get_absolute_url(),
        site.report.get_absolute_url(),
        reverse("search:results") + "?q=trust",
    ]


def test_public_pages_second_hit_makes_no_queries(client, site, django_assert_num_queries):
    for url in public_urls(site):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss", url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content, url


def test_head_request_is_answered_from_the_cache(client, site, django_assert_num_queries):
    client.get(recap_url(site))
    with django_assert_num_queries(0):
        response = client.head(recap_url(site))
    assert response["X-Page-Cache"] == "hit"


def test_cached_page_keeps_the_security_headers(client, site):
    client.get(recap_url(site))
    hit = client.get(recap_url(site))
    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "script-src 'self'" in hit["Content-Security-Policy"]


def test_saving_a_session_changes_the_cached_recap(client, site):
    assert "Of Clocks and Clouds" in client.get(recap_url(site)).content.decode()
    site.keynote.title = "Of Weather and Watches"
    site.keynote.save()
    assert "Of Weather and Watches" in client.get(recap_url(site)).content.decode()


def test_unpublishing_a_session_removes_it_from_the_cached_programme(client, site):
    url = reverse("conference:programme", args=[site.event.slug])
    assert "Outcomes for health" in client.get(url).content.decode()
    site.deep_dive.status = Status.DRAFT
    site.deep_dive.save()
    assert "Outcomes for health" not in client.get(url).content.decode()
    assert client.get(session_url(site.deep_dive)).status_code == 404


def test_publishing_a_draft_session_shows_it_on_the_cached_recap(client, site):
    assert "Secret session" not in client.get(recap_url(site)).content.decode()
    site.draft_session.status = Status.PUBLISHED
    site.draft_session.save()
    assert "Secret session" in client.get(recap_url(site)).content.decode()


def test_renaming_a_speaker_changes_the_cached_session_page(client, site):
    url = session_url(site.keynote)
    assert "Tina Nabatchi" in client.get(url).content.decode()
    site.tina.name = "Christina Nabatchi"
    site.tina.save()
    assert "Christina Nabatchi" in client.get(url).content.decode()


def test_adding_a_participation_changes_the_cached_session_page(client, site):
    url = session_url(site.deep_dive)
    client.get(url)
    ParticipationFactory(
        session=site.deep_dive,
        speaker=SpeakerFactory(name="Newly Added Panellist"),
        role=Participation.Role.PANELLIST,
        order=5,
    )
    assert "Newly Added Panellist" in client.get(url).content.decode()


def test_deleting_a_participation_changes_the_cached_session_page(client, site):
    url = session_url(site.keynote)
    assert "Eleanor Carter" in client.get(url).content.decode()
    site.keynote.participations.filter(speaker=site.eleanor).delete()
    assert "Eleanor Carter" not in client.get(url).content.decode()


def test_tagging_a_session_changes_the_cached_session_page(client, site):
    url = session_url(site.keynote)
    assert "Collaborative governance" not in client.get(url).content.decode()
    site.keynote.topics.add("Collaborative governance")
    assert "Collaborative governance" in client.get(url).content.decode()


def test_bulk_update_shows_after_bump_content_version(client, site):
    url = recap_url(site)
    client.get(url)
    Session.objects.filter(pk=site.keynote.pk).update(title="Changed in bulk")
    assert "Changed in bulk" not in client.get(url).content.decode()  # update() sends no signal
    bump_content_version()
    assert "Changed in bulk" in client.get(url).content.decode()


def test_new_session_appears_on_the_cached_programme(client, site):
    url = reverse("conference:programme", args=[site.event.slug])
    client.get(url)
    SessionFactory(
        day=site.day,
        code="1.5",
        title="A session added later",
        start=_at(site.day, 15),
        end=_at(site.day, 16),
    )
    assert "A session added later" in client.get(url).content.decode()


def test_matching_etag_is_answered_with_not_modified(client, site):
    first = client.get(recap_url(site))
    assert first["ETag"]
    for _ in range(2):  # after a miss and after a hit
        again = client.get(recap_url(site), headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""


def test_etag_changes_when_the_content_changes(client, site):
    etag = client.get(recap_url(site))["ETag"]
    site.keynote.title = "A new title"
    site.keynote.save()
    response = client.get(recap_url(site), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_cached_page_asks_browsers_to_revalidate(client, site):
    cache_control = client.get(recap_url(site))["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=0" in cache_control
    assert "must-revalidate" in cache_control


def test_editor_request_bypasses_the_cache_and_is_private(editor_client, site):
    url = recap_url(site)
    public = Client().get(url)
    assert public["X-Page-Cache"] == "miss"
    for _ in range(2):
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_editor_request_does_not_poison_the_public_cache(editor_client, site):
    editor_client.get(recap_url(site))
    editor_client.logout()
    editor_client.cookies.clear()
    public = editor_client.get(recap_url(site))
    assert public["X-Page-Cache"] == "miss"
    assert "private" not in public["Cache-Control"]


def test_preview_of_a_draft_is_private_and_never_reaches_the_public(editor_client, site):
    client = Client()
    public_url = session_url(site.draft_session)
    assert client.get(public_url).status_code == 404
    preview = editor_client.get(
        reverse("admin-preview", args=["programme", "session", site.draft_session.pk])
    )
    assert preview.status_code == 200
    assert "Secret session" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert "private" in preview["Cache-Control"]
    assert "X-Page-Cache" not in preview
    assert client.get(public_url).status_code == 404
    recap = client.get(recap_url(site)).content.decode()
    assert "Secret session" not in recap


def test_pending_message_cookie_does_not_bypass_the_cache(client, site):
    client.get(recap_url(site))
    client.cookies[CookieStorage.cookie_name] = "pending"
    assert client.get(recap_url(site))["X-Page-Cache"] == "hit"


def test_made_up_session_cookie_does_not_bypass_the_cache(
    client, site, django_assert_max_num_queries
):
    first = client.get(recap_url(site))
    for attempt in range(3):
        client.cookies[django_settings.SESSION_COOKIE_NAME] = f"made-up-{attempt}-{uuid4().hex}"
        with django_assert_max_num_queries(1):  # the session lookup, nothing rendered
            response = client.get(recap_url(site))
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content


def test_unknown_query_parameters_are_served_from_the_same_entry(
    client, site, django_assert_num_queries
):
    first = client.get(recap_url(site))
    for _ in range(3):
        with django_assert_num_queries(0):
            response = client.get(recap_url(site), {"x": uuid4().hex})
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content


def test_unknown_query_parameters_never_reach_the_view(client, site):
    url = reverse("conference:programme", args=[site.event.slug])
    response = client.get(url, {"x": "marker-7f3a", "kind": "keynote"})
    assert response["X-Page-Cache"] == "miss"
    assert "marker-7f3a" not in response.content.decode()
    assert response.wsgi_request.GET.dict() == {"kind": "keynote"}


def test_understood_query_parameters_keep_their_own_entries(client, site):
    url = reverse("conference:programme", args=[site.event.slug])
    client.get(url)
    assert client.get(url, {"kind": "keynote"})["X-Page-Cache"] == "miss"
    assert client.get(f"{url}?x=1&kind=keynote")["X-Page-Cache"] == "hit"


def test_recap_pdf_renders_once_whatever_the_query(client, site, django_assert_num_queries):
    url = reverse("conference:day-recap-pdf", args=[site.event.slug, site.day.number])
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert first.content.startswith(b"%PDF-")
    for _ in range(2):
        with django_assert_num_queries(0):
            response = client.get(url, {"x": uuid4().hex})
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content


def test_expensive_page_waits_for_the_render_already_running(client, site, monkeypatch):
    """A second miss while another worker renders the PDF waits for its stored result."""
    url = reverse("conference:day-recap-md", args=[site.event.slug, site.day.number])
    rendered = client.get(url)
    stored = cache.get(page_cache_key(rendered.wsgi_request, event=site.event.slug))
    bump_content_version()
    key = page_cache_key(RequestFactory().get(url), event=site.event.slug)
    cache.add(f"{key}:rendering", 1)

    def other_worker_finishes(seconds):
        cache.set(key, stored)

    monkeypatch.setattr(caching.time, "sleep", other_worker_finishes)
    response = client.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert response.content == rendered.content


def test_search_renders_are_rate_limited_per_address(client, site, settings):
    settings.RATE_LIMITS = {"search": 2, "export": 0}
    url = reverse("search:results")
    assert client.get(url, {"q": "trust"}).status_code == 200
    assert client.get(url, {"q": "health"}).status_code == 200
    assert client.get(url, {"q": "trust"})["X-Page-Cache"] == "hit"  # a hit costs nothing

    refused = client.get(url, {"q": f"word {uuid4().hex}"})

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    assert "X-Page-Cache" not in refused
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert other.get(url, {"q": "another"}).status_code == 200


def test_recap_downloads_are_rate_limited_per_address(client, site, settings):
    settings.RATE_LIMITS = {"search": 0, "export": 1}
    day_md = reverse("conference:day-recap-md", args=[site.event.slug, site.day.number])
    event_md = reverse("conference:event-recap-md", args=[site.event.slug])
    assert client.get(day_md).status_code == 200
    refused = client.get(event_md)
    assert refused.status_code == 429
    assert refused.has_header("Retry-After")
    assert client.get(day_md).status_code == 200  # from the cache


def test_rate_limit_holds_with_the_page_cache_off(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.RATE_LIMITS = {"search": 1, "export": 0}
    url = reverse("search:results")
    assert client.get(url, {"q": "trust"}).status_code == 200
    assert client.get(url, {"q": "trust"}).status_code == 429


def test_forged_forwarded_address_does_not_dodge_the_rate_limit(client, site, settings):
    settings.RATE_LIMITS = {"search": 1, "export": 0}
    url = reverse("search:results")
    client.get(url, {"q": "trust"}, HTTP_X_FORWARDED_FOR="203.0.113.1")
    response = client.get(url, {"q": "health"}, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert response.status_code == 429


def test_local_cache_has_a_size_bound():
    cache_settings = django_settings.CACHES["default"]
    if not cache_settings["BACKEND"].endswith("LocMemCache"):
        pytest.skip("Redis is bounded by its maxmemory (README)")
    assert cache_settings["OPTIONS"]["MAX_ENTRIES"] == 2000


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/"])
def test_admin_pages_are_never_cached(client, db, path):
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(path)


def test_now_and_next_page_is_not_cached(client, site):
    url = reverse("conference:programme-now", args=[site.event.slug])
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_missing_page_is_not_cached(client, site):
    url = reverse("conference:event-detail", args=["no-such-event"])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


def test_cache_key_holds_event_and_version_not_the_user(site, editor_user):
    request = RequestFactory().get(recap_url(site))
    anonymous_key = page_cache_key(request, event=site.event.slug)
    request.user = editor_user
    assert page_cache_key(request, event=site.event.slug) == anonymous_key
    assert f":{site.event.slug}:" in anonymous_key
    assert content_version() in anonymous_key
    assert "editor" not in anonymous_key
    bump_content_version()
    assert page_cache_key(request, event=site.event.slug) != anonymous_key


def test_cache_key_differs_by_query_and_host(site, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    factory = RequestFactory()
    keys = {
        page_cache_key(factory.get("/search/", {"q": "trust"}, HTTP_HOST="a.example"), event=""),
        page_cache_key(factory.get("/search/", {"q": "health"}, HTTP_HOST="a.example"), event=""),
        page_cache_key(factory.get("/search/", {"q": "trust"}, HTTP_HOST="b.example"), event=""),
    }
    assert len(keys) == 3


def test_page_cache_off_serves_every_request_fresh(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(recap_url(site))
    assert "X-Page-Cache" not in client.get(recap_url(site))


def test_site_export_is_not_rate_limited(site, settings):
    """The static export renders every download of an event from one address."""
    from cms.static_site.render import Renderer

    settings.RATE_LIMITS = {"search": 1, "export": 1}
    renderer = Renderer()
    paths = [
        reverse("conference:day-recap-md", args=[site.event.slug, site.day.number]),
        reverse("conference:event-recap-md", args=[site.event.slug]),
        reverse("conference:day-recap-html", args=[site.event.slug, site.day.number]),
    ]
    with renderer.serving():
        assert [renderer.get(path).status for path in paths] == [200, 200, 200]


def test_production_settings_limit_search_and_downloads():
    from config import settings as production

    assert production.RATE_LIMITS == {"search": 30, "export": 10}
