"""sitemap.xml lists every published page and no draft; the Atom feed has published recaps."""

import pytest
from lxml import etree

from tests.public_site import grow_programme

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


def _sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return {loc.text for loc in tree.findall(".//s:loc", SITEMAP_NS)}


def test_sitemap_lists_published_pages(client, public_site):
    urls = _sitemap_urls(client)
    base = "http://testserver"
    for path in [
        "/",
        "/tc24/",
        "/tc24/day-1/",
        "/tc24/sessions/keynote/",
        public_site.quote.get_absolute_url(),
        "/speakers/tina-nabatchi/",
        "/organisations/go-lab/",
        "/organisations/bsg/",
        "/reports/evolution/",
        "/topics/trust/",
    ]:
        assert base + path in urls


def test_sitemap_leaves_out_drafts(client, public_site):
    urls = " ".join(_sitemap_urls(client))
    for draft in ["secret", "/tc24/day-2/", "/speakers/secret-person/", "/topics/secret-topic/"]:
        assert draft not in urls


@pytest.mark.parametrize("extra", [0, 30])
def test_sitemap_query_count_is_constant(client, public_site, extra, django_assert_max_num_queries):
    grow_programme(public_site, extra)
    # A count and a read for each of the eight sections from the database, one for topics.
    with django_assert_max_num_queries(17):
        assert client.get("/sitemap.xml").status_code == 200


def test_feed_lists_published_day_recaps(client, public_site):
    response = client.get("/feeds/recaps.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    tree = etree.fromstring(response.content)
    entries = tree.findall("a:entry", ATOM_NS)
    assert [entry.findtext("a:title", namespaces=ATOM_NS) for entry in entries] == [
        "Test Conference 2024: Day 1"
    ]
    entry = entries[0]
    assert entry.find("a:link", ATOM_NS).get("href") == "http://testserver/tc24/day-1/"
    assert "<em>trust</em>" in entry.findtext("a:summary", namespaces=ATOM_NS)
    assert entry.findtext("a:updated", namespaces=ATOM_NS).startswith("2024-09-05T18:00")
    assert b"Secret" not in response.content


@pytest.mark.parametrize("extra", [0, 30])
def test_feed_query_count_is_constant(client, public_site, extra, django_assert_max_num_queries):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(4):  # 3 + the site identity (title)
        assert client.get("/feeds/recaps.atom").status_code == 200
