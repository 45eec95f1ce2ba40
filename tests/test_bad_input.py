"""Bad input never gives a 500 on a public page: unknown slugs, odd page numbers, a huge or
NUL-byte search query and unknown filter values, on every paginated or filterable page."""

import pytest

# Each paginated or filterable page, a text its first page shows, and the filters it reads.
LISTS = {
    "/speakers/": ("Tina Nabatchi", ["letter"]),
    "/organisations/": ("Syracuse University", []),
    "/tc24/quotes/": ("more beautiful", ["topic", "session", "speaker"]),
    "/search/": ("/tc24/sessions/keynote/", []),
    "/tc24/programme/": ("Outcomes for health", ["topic", "kind", "room"]),
    "/topics/": ("Accountability", []),
    "/topics/trust/": ("Of Clocks and Clouds", []),
    "/reports/": ("The Evolution of Social Outcomes Partnerships", []),
}
BAD_PAGES = ["abc", "99999", "0", "-1", "1.5", "\x00", "9" * 400]
BAD_FILTER_VALUES = ["nope", "99999", "\x00", "x" * 10_000, "<script>", "secret-session"]


def _get(client, url, **params):
    if url == "/search/":
        params.setdefault("q", "clouds")
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", BAD_PAGES)
def test_list_with_bad_page_number_shows_a_page(client, public_site, url, page):
    expected, _ = LISTS[url]
    assert expected in _get(client, url, page=page)


@pytest.mark.parametrize(
    ("url", "name"), [(url, name) for url, (_, names) in LISTS.items() for name in names]
)
@pytest.mark.parametrize("value", BAD_FILTER_VALUES)
def test_list_with_unknown_filter_value_shows_every_item(client, public_site, url, name, value):
    html = _get(client, url, **{name: value})
    assert LISTS[url][0] in html
    assert "Secret" not in html


@pytest.mark.parametrize("query", ["trust " * 1700, "x" * 10_000, "tr\x00ust", "\x00"])
def test_search_with_huge_or_nul_byte_query_answers(client, public_site, query):
    html = _get(client, "/search/", q=query)
    assert "<h1" in html and "Secret" not in html


def test_search_with_nul_byte_still_finds_the_word(client, public_site):
    assert "/tc24/sessions/keynote/" in _get(client, "/search/", q="\x00clouds\x00")


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-event/",
        "/no-such-event/programme/",
        "/no-such-event/programme/now/",
        "/no-such-event/quotes/",
        "/tc24/day-99/",
        "/tc24/sessions/no-such-session/",
        "/tc24/quotes/99999/",
        "/speakers/no-such-person/",
        "/organisations/no-such-organisation/",
        "/reports/no-such-report/",
        "/topics/no-such-topic/",
        "/speakers/a%00b/",
        "/secret-conf/",
    ],
)
def test_unknown_slug_is_the_friendly_not_found_page(client, public_site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
