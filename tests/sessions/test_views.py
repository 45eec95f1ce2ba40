"""The session, quote list and quote pages."""

import json
import re
from html import unescape
from urllib.parse import quote as quote_plus_url

import pytest
from django.urls import reverse

from tests.factories import QuoteFactory
from tests.public_site import grow_programme

pytestmark = pytest.mark.django_db


def _session_url(site, session):
    kwargs = {"event": site.event.slug, "slug": session.slug}
    return reverse("programme:session-detail", kwargs=kwargs)


def test_session_page_shows_people_times_quotes_and_topics(client, public_site):
    response = client.get(_session_url(public_site, public_site.keynote))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>1.0 Of Clocks and Clouds · Test Conference 2024</title>" in html
    assert "Thursday 5 September 2024" in html
    assert "09:30</time>–<time" in html and "BST, Europe/London" in html
    assert "Lecture Theatre" in html
    assert "Professor Tina Nabatchi" in html and "Syracuse University" in html
    assert 'speaker-line__role speaker-line__role--chair">Chair' in html
    assert html.index("Tina Nabatchi") < html.index("Eleanor Carter")
    assert "<strong>accountability</strong>" in html
    assert "Leave our world more beautiful" in html
    assert reverse("topics:topic-detail", kwargs={"slug": "trust"}) in html
    assert _session_url(public_site, public_site.deep_dive) in html  # next session


def test_session_page_has_safe_structured_data(client, public_site):
    public_site.keynote.summary = "</script><script>alert(1)</script>"
    public_site.keynote.save()
    html = client.get(_session_url(public_site, public_site.keynote)).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script
    data = json.loads(script)
    assert data["@type"] == "Event"
    assert data["superEvent"]["name"] == "Test Conference 2024"
    performers = [performer["name"] for performer in data["performer"]]
    assert performers == ["Professor Tina Nabatchi", "Dr Eleanor Carter"]
    assert 'rel="canonical"' in html and 'property="og:title"' in html
    assert 'name="twitter:card"' in html


def test_session_page_drafts_are_not_found(client, public_site):
    assert client.get(_session_url(public_site, public_site.draft_session)).status_code == 404
    assert client.get("/tc24/sessions/secret-day-session/").status_code == 404
    assert client.get("/tc24/sessions/no-such-session/").status_code == 404


def test_session_page_hides_draft_quotes_and_neighbours(client, public_site):
    html = client.get(_session_url(public_site, public_site.keynote)).content.decode()
    assert "Secret" not in html


@pytest.mark.parametrize("extra", [0, 30])
def test_session_page_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    # 10 reads (links, attachments and photos among them), the site identity, and the
    # savepoint and release of ATOMIC_REQUESTS.
    with django_assert_max_num_queries(13):
        assert client.get(_session_url(public_site, public_site.keynote)).status_code == 200


def test_quote_list_filters_by_topic_session_and_speaker(client, public_site):
    url = reverse("programme:quote-list", kwargs={"event": "tc24"})
    html = client.get(url).content.decode()
    assert "Leave our world more beautiful" in html
    assert "Secret" not in html
    assert 'value="health"' not in html  # no quotes on this topic yet: not offered
    QuoteFactory(session=public_site.deep_dive, speaker=public_site.eleanor, text="Health first")

    def shown(**params):
        page = client.get(url, params).context["page"].page
        return {quote.text[:12] for quote in page}

    assert shown() == {"Leave our wo", "Health first"}
    assert shown(topic="health") == {"Health first"}
    assert shown(topic="trust") == {"Leave our wo"}
    assert shown(session="keynote") == {"Leave our wo"}
    assert shown(speaker="eleanor-carter") == {"Health first"}
    assert shown(speaker="tina-nabatchi", topic="health") == set()


@pytest.mark.parametrize(
    "params", [{"topic": "nope"}, {"session": "secret-session"}, {"page": "abc"}, {"page": "99999"}]
)
def test_quote_list_ignores_bad_input(client, public_site, params):
    response = client.get(reverse("programme:quote-list", kwargs={"event": "tc24"}), params)
    assert response.status_code == 200
    assert "more beautiful" in response.content.decode()


def test_quote_list_of_draft_event_is_not_found(client, public_site):
    assert client.get("/secret-conf/quotes/").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_quote_list_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    url = reverse("programme:quote-list", kwargs={"event": "tc24"})
    with django_assert_max_num_queries(9):
        assert client.get(url, {"topic": "trust"}).status_code == 200


def test_quote_page_shows_quote_speaker_and_session(client, public_site):
    html = client.get(public_site.quote.get_absolute_url()).content.decode()
    assert "Leave our world more beautiful" in html
    assert "Syracuse University" in html
    assert _session_url(public_site, public_site.keynote) in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Quotation"
    assert data["creator"]["name"] == "Professor Tina Nabatchi"


def test_quote_page_of_draft_is_not_found(client, public_site):
    from sessions.models import Quote

    for quote in Quote.objects.filter(text__startswith="Secret"):
        assert client.get(f"/tc24/quotes/{quote.pk}/").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_quote_page_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(7):  # with the site identity, read once
        assert client.get(public_site.quote.get_absolute_url()).status_code == 200


def test_session_page_flags_illustrative_times_with_the_programme_note(client, public_site):
    url = _session_url(public_site, public_site.keynote)
    assert "illustrative" not in client.get(url).content.decode()
    public_site.event.programme_note = "Session times are illustrative."
    public_site.event.save()

    html = client.get(url).content.decode()

    assert '<p class="note">Session times are illustrative.</p>' in html
    assert html.index("09:30") < html.index("Session times are illustrative.")


def test_session_page_shows_a_recording_only_with_a_url(client, public_site):
    session = public_site.deep_dive
    session.recording_title = "Outcomes for health: the recording"
    session.save()

    html = client.get(_session_url(public_site, session)).content.decode()

    assert "Outcomes for health: the recording" not in html
    assert 'id="recording-title"' not in html


def _meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found and unescape(found.group(1))


def test_quote_page_declares_its_card_as_a_large_share_image(client, public_site, settings):
    settings.PUBLIC_BASE_URL = "https://conference.example"
    quote = public_site.quote

    html = client.get(quote.get_absolute_url()).content.decode()

    card = f"https://conference.example/tc24/quotes/{quote.pk}/card.png"
    assert _meta(html, "property", "og:image") == card
    assert _meta(html, "property", "og:image:width") == "1200"
    assert _meta(html, "property", "og:image:height") == "630"
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
    assert _meta(html, "name", "twitter:image") == card
    assert client.get(card.removeprefix("https://conference.example"))["Content-Type"] == (
        "image/png"
    )


def test_quote_page_offers_share_links_and_a_card_download_without_scripts(client, public_site):
    quote = public_site.quote

    html = client.get(quote.get_absolute_url()).content.decode()

    start = html.index('<nav class="share"')
    assert "data-share" in html[start:start + 80]
    share = html[start:html.index("</nav>", start)]
    page_url = quote_plus_url(f"http://testserver{quote.get_absolute_url()}", safe="")
    assert f'href="https://www.linkedin.com/sharing/share-offsite/?url={page_url}"' in share
    assert 'href="mailto:?subject=' in share and page_url in share
    assert "<script" not in share
    download = f'href="/tc24/quotes/{quote.pk}/card.png" download="quote-{quote.pk}.png">'
    assert download in html
    response = client.get(f"/tc24/quotes/{quote.pk}/card.png", {"download": ""})
    assert response["Content-Disposition"] == f'attachment; filename="quote-{quote.pk}.png"'


def test_session_page_shares_its_first_quote_card(client, public_site):
    html = client.get(_session_url(public_site, public_site.keynote)).content.decode()

    card = f"http://testserver/tc24/quotes/{public_site.quote.pk}/card.png"
    assert _meta(html, "property", "og:image") == card
    assert _meta(html, "name", "twitter:card") == "summary_large_image"


def test_session_page_without_quotes_shares_the_event_banner(client, public_site):
    from tests.factories import image_upload

    public_site.event.banner = image_upload("banner.jpg")
    public_site.event.save()

    html = client.get(_session_url(public_site, public_site.deep_dive)).content.decode()

    image = _meta(html, "property", "og:image")
    assert image == f"http://testserver{public_site.event.banner.url}"
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
