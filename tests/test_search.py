"""Site search: ranked, highlighted, paginated, drafts never found, bad input harmless."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import SessionFactory
from tests.public_site import grow_programme
from website.search import clean_query, highlight, query_terms, search

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def _kinds_and_urls(results):
    return [(hit.kind, hit.url) for hit in results.page]


def test_search_finds_every_kind_of_content(public_site):
    assert ("Session", "/tc24/sessions/keynote/") in _kinds_and_urls(search("clouds"))
    assert ("Day recap", "/tc24/day-1/") in _kinds_and_urls(search("trust"))
    assert ("Person", "/speakers/tina-nabatchi/") in _kinds_and_urls(search("nabatchi"))
    assert ("Organisation", "/organisations/go-lab/") in _kinds_and_urls(search("GO Lab"))
    assert ("Quote", public_site.quote.get_absolute_url()) in _kinds_and_urls(search("beautiful"))
    assert ("Report", "/reports/evolution/") in _kinds_and_urls(search("fifteen years"))


def test_search_ranks_title_matches_above_body_matches(public_site):
    SessionFactory(day=public_site.day, title="Partnerships", slug="partnerships", recap_text="")
    urls = [hit.url for hit in search("partnerships").page]
    assert urls.index("/tc24/sessions/partnerships/") < urls.index("/tc24/sessions/keynote/")


def test_search_never_finds_drafts(client, public_site):
    assert search("secret").total == 0
    html = client.get(URL, {"q": "secret"}).content.decode()
    assert "Nothing matches" in html


def test_search_highlights_matches_and_escapes_content(client, public_site):
    public_site.keynote.title = "Clouds <script>alert(1)</script>"
    public_site.keynote.save()
    html = client.get(URL, {"q": "clouds <script>"}).content.decode()
    assert "<mark>Clouds</mark> <mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_highlight_escapes_before_marking():
    assert highlight("a & b <i>", ["amp", "b"]) == "a &amp; <mark>b</mark> &lt;i&gt;"


def test_search_paginates(client, public_site):
    grow_programme(public_site, 25)  # each new session has the topic but not the word; quotes do
    results = search("memorable")
    assert results.total == 25
    assert len(results.page) == 20
    second = client.get(URL, {"q": "memorable", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "clouds\x00", "\x00", "", "   ", "%", "_", "'\"; DROP TABLE"]
)
def test_search_survives_bad_queries(client, public_site, query):
    response = client.get(URL, {"q": query, "page": "abc"})
    assert response.status_code == 200


def test_search_query_is_cleaned():
    assert clean_query("clouds\x00 and\tclocks ") == "clouds and clocks"
    assert len(clean_query("x" * 10_000)) == 200


@pytest.mark.parametrize("page", ["abc", "99999", "-1"])
def test_search_bad_page_shows_a_page(client, public_site, page):
    response = client.get(URL, {"q": "trust", "page": page})
    assert response.status_code == 200
    assert "/tc24/day-1/" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_search_query_count_is_constant(client, public_site, extra, django_assert_max_num_queries):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(9):  # with the site identity, read once
        assert client.get(URL, {"q": "trust memorable"}).status_code == 200


def test_search_ignores_little_words_unless_alone():
    assert query_terms("the mosaic of solutions") == ["mosaic", "solutions"]
    assert query_terms("of") == ["of"]


def test_search_matches_the_beginning_of_a_word(public_site):
    assert "/tc24/sessions/keynote/" in [hit.url for hit in search("partner").page]


def test_search_uses_full_text_search_on_postgresql(public_site):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; CI runs the suite on both databases")
    with CaptureQueriesContext(connection) as queries:
        results = search("accountability")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "to_tsvector" in sql
    assert "ts_rank" in sql
    assert results.page[0].url == "/tc24/sessions/keynote/"
    assert "<mark>accountability</mark>" in results.page[0].snippet
