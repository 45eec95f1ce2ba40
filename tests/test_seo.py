"""Every public page of the site has its own title, description, canonical URL, social
cards and safe schema.org JSON-LD; robots.txt points to the sitemap."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "/tc24/sessions/keynote/": "Event",
    "/tc24/quotes/": "CollectionPage",
    "/speakers/": "CollectionPage",
    "/speakers/tina-nabatchi/": "Person",
    "/organisations/": "CollectionPage",
    "/organisations/go-lab/": "Organization",
    "/reports/": "CollectionPage",
    "/reports/evolution/": "Report",
    "/topics/": "CollectionPage",
    "/topics/trust/": "CollectionPage",
}


def _head(html, pattern):
    found = re.search(pattern, html, re.S)
    return found.group(1) if found else None


@pytest.mark.parametrize(("url", "schema_type"), PAGES.items())
def test_page_has_its_own_head_metadata(client, public_site, url, schema_type):
    html = client.get(url).content.decode()
    title = _head(html, r"<title>(.*?)</title>")
    assert title and title != "Conference programmes"
    assert _head(html, r'<meta name="description" content="([^"]+)">')
    assert _head(html, r'<link rel="canonical" href="([^"]+)">') == f"http://testserver{url}"
    assert _head(html, r'<meta property="og:title" content="([^"]+)">')
    assert _head(html, r'<meta name="twitter:card" content="([^"]+)">')
    assert html.count("<h1") == 1
    data = json.loads(_head(html, r'<script type="application/ld\+json">(.*?)</script>'))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type


def test_titles_differ_between_pages(client, public_site):
    titles = {_head(client.get(url).content.decode(), r"<title>(.*?)</title>") for url in PAGES}
    assert len(titles) == len(PAGES)


def test_json_ld_cannot_close_its_script_element(client, public_site):
    public_site.tina.name = "</script><script>alert('x')</script>"
    public_site.tina.save()
    html = client.get(public_site.tina.get_absolute_url()).content.decode()
    script = _head(html, r'<script type="application/ld\+json">(.*?)</script>')
    assert "<" not in script and ">" not in script
    assert json.loads(script)["name"].endswith("</script><script>alert('x')</script>")


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
