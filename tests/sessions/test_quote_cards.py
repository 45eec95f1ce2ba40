"""Quote cards: every text fits the 1200 × 630 card, drafts stay private, cards follow edits."""

import io
import itertools
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageChops

from cms.publishing import Status
from demo.loader import read_demo_data
from sessions import quote_cards
from sessions.quote_cards import (
    BAR_WIDTH,
    HEIGHT,
    MARGIN,
    PAPER,
    QUOTE_BOX,
    WIDTH,
    CardContent,
    card_content,
    card_quotes,
    draw_quote_card,
    layout_quote_card,
    og_image_url,
)
from tests.factories import (
    AffiliationFactory,
    OrganisationFactory,
    ParticipationFactory,
    QuoteFactory,
    SessionFactory,
    SpeakerFactory,
)

DEMO_QUOTES = sorted(
    (q["text"] for session in read_demo_data()["sessions"] for q in session.get("quotes", [])),
    key=len,
)
SHORTEST, LONGEST = DEMO_QUOTES[0], DEMO_QUOTES[-1]
WORDS = "accountability transparency and trust in cross-sector partnerships "
HUGE = (WORDS * 40)[:2000]


def _content(text, **overrides):
    return CardContent(
        text=text,
        name=overrides.get("name", "Professor Carolyn Heinrich"),
        organisation=overrides.get("organisation", "Vanderbilt University"),
        event=overrides.get("event", "Social Outcomes Conference 2024"),
    )


def _assert_layout_fits(layout):
    quote_lines = [line for line in layout.lines if line.font.path.endswith("DejaVuSerif.ttf")]
    assert quote_lines
    left, top, right, bottom = QUOTE_BOX
    for line in quote_lines:
        x0, y0, x1, y1 = line.bbox
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, line.text
    for line in layout.lines:
        x0, y0, x1, y1 = line.bbox
        assert x0 >= MARGIN and x1 <= WIDTH - MARGIN, line.text
        assert y0 >= MARGIN and y1 <= HEIGHT - MARGIN, line.text
    spans = sorted((line.bbox[1], line.bbox[3]) for line in layout.lines)
    for (_, previous_bottom), (next_top, _) in itertools.pairwise(spans):
        assert previous_bottom <= next_top + 2  # lines may touch by a descender, never overlap


def _ink_box(png):
    """The box around everything drawn on the card except the accent bar."""
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (WIDTH, HEIGHT)
        text_area = image.crop((BAR_WIDTH, 0, WIDTH, HEIGHT))
        paper = Image.new("RGB", text_area.size, PAPER)
        left, top, right, bottom = ImageChops.difference(text_area, paper).getbbox()
        return (left + BAR_WIDTH, top, right + BAR_WIDTH, bottom)


@pytest.fixture(autouse=True)
def _empty_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.parametrize("text", [SHORTEST, LONGEST, HUGE], ids=["shortest", "longest", "2000"])
def test_card_layout_text_fits_within_margins(text):
    layout = layout_quote_card(_content(text))

    _assert_layout_fits(layout)
    assert not layout.truncated
    drawn = " ".join(line.text for line in layout.lines)
    assert text.split()[-1] in drawn


@pytest.mark.parametrize("text", [SHORTEST, LONGEST, HUGE], ids=["shortest", "longest", "2000"])
def test_card_drawn_ink_stays_inside_margins(text):
    left, top, right, bottom = _ink_box(draw_quote_card(_content(text)))

    assert left >= MARGIN and right <= WIDTH - MARGIN
    assert top >= MARGIN and bottom <= HEIGHT - MARGIN


def test_card_long_quote_shrinks():
    short = layout_quote_card(_content(SHORTEST)).quote_size
    long = layout_quote_card(_content(LONGEST)).quote_size
    huge = layout_quote_card(_content(HUGE)).quote_size

    assert short > long > huge >= quote_cards.QUOTE_SIZES[0]
    assert short == quote_cards.QUOTE_SIZES[1]


def test_card_too_long_even_for_smallest_size_cut_with_ellipsis():
    layout = layout_quote_card(_content(WORDS * 200))

    _assert_layout_fits(layout)
    assert layout.truncated
    assert layout.quote_size == quote_cards.QUOTE_SIZES[0]
    quote_lines = [line for line in layout.lines if line.font.path.endswith("DejaVuSerif.ttf")]
    assert quote_lines[-1].text.endswith("…")


def test_card_unbroken_long_word_and_long_names_fit():
    layout = layout_quote_card(
        _content("https://example.org/" + "x" * 400, name="N" * 300, organisation="O" * 300)
    )

    _assert_layout_fits(layout)
    texts = [line.text for line in layout.lines]
    assert "N" * 300 not in texts and any(t.startswith("NNN") and t.endswith("…") for t in texts)


def test_card_shows_name_organisation_and_event():
    layout = layout_quote_card(_content(SHORTEST))

    texts = [line.text for line in layout.lines]
    assert "Professor Carolyn Heinrich" in texts
    assert "Vanderbilt University" in texts
    assert "Social Outcomes Conference 2024" in texts
    assert texts[0].startswith("“")


@pytest.mark.django_db
def test_card_content_prefers_affiliation_shown_for_the_session():
    speaker = SpeakerFactory(name="Alison Jeffrey")
    AffiliationFactory(speaker=speaker, organisation=OrganisationFactory(name="First Employer"))
    shown = AffiliationFactory(speaker=speaker, organisation=OrganisationFactory(name="DCMS"))
    quote = QuoteFactory(speaker=speaker)
    ParticipationFactory(session=quote.session, speaker=speaker, affiliation=shown)

    content = card_content(card_quotes().get(pk=quote.pk))

    assert content.organisation == "DCMS"
    assert content.name == "Alison Jeffrey"
    assert content.event == quote.session.day.event.name


@pytest.mark.django_db
def test_card_content_free_text_attribution():
    quote = QuoteFactory(speaker=None, attribution="A participant")

    content = card_content(card_quotes().get(pk=quote.pk))

    assert (content.name, content.organisation) == ("A participant", "")


def _card_url(quote):
    return reverse(
        "programme:quote-card", kwargs={"event": quote.session.day.event.slug, "pk": quote.pk}
    )


@pytest.mark.django_db
def test_card_view_published_quote_png(client, django_assert_max_num_queries):
    speaker = SpeakerFactory()
    AffiliationFactory(speaker=speaker)
    quote = QuoteFactory(speaker=speaker, text=LONGEST)

    with django_assert_max_num_queries(5):  # quote with joins, two prefetches, a savepoint pair
        response = client.get(_card_url(quote))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "draft", ["quote", "session", "day", "event"], ids=lambda d: f"draft {d}"
)
def test_card_view_draft_not_found(client, draft):
    quote = QuoteFactory()
    owner = {
        "quote": quote,
        "session": quote.session,
        "day": quote.session.day,
        "event": quote.session.day.event,
    }[draft]
    owner.status = Status.DRAFT
    owner.save()

    assert client.get(_card_url(quote)).status_code == 404
    assert not (Path(settings.MEDIA_ROOT) / "quote-cards").exists()


@pytest.mark.django_db
def test_card_view_other_event_not_found(client):
    quote = QuoteFactory()
    other = SessionFactory().day.event

    url = reverse("programme:quote-card", kwargs={"event": other.slug, "pk": quote.pk})

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_card_view_download_is_attachment(client):
    quote = QuoteFactory()

    response = client.get(_card_url(quote) + "?download")

    assert response["Content-Disposition"] == f'attachment; filename="quote-{quote.pk}.png"'


@pytest.mark.django_db
def test_card_admin_view_draft_for_staff_only(client, editor_client):
    quote = QuoteFactory(status=Status.DRAFT)
    url = reverse("quote-card-admin", kwargs={"pk": quote.pk})

    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_card_admin_view_refuses_staff_who_may_not_view_quotes(client, staff_client):
    """A staff account in no group sees no draft quote, not even as a share card."""
    from django.contrib.auth import get_user_model

    quote = QuoteFactory(status=Status.DRAFT, text="Embargoed until the launch.")
    url = reverse("quote-card-admin", kwargs={"pk": quote.pk})
    client.force_login(
        get_user_model().objects.create_user(username="no-group", password="x", is_staff=True)
    )

    response = client.get(url)

    assert response.status_code == 403
    assert response.get("Content-Type") != "image/png"
    assert staff_client("Editor").get(url).status_code == 200


@pytest.mark.django_db
def test_card_drawn_once_then_served_from_storage(client, monkeypatch):
    quote = QuoteFactory()
    first = client.get(_card_url(quote)).content

    def must_not_draw(content):
        raise AssertionError("the card was drawn again although nothing changed")

    monkeypatch.setattr(quote_cards, "draw_quote_card", must_not_draw)

    assert client.get(_card_url(quote)).content == first


@pytest.mark.django_db
def test_card_redrawn_when_quote_changes_and_old_card_removed(client):
    quote = QuoteFactory(text="First words.")
    first = client.get(_card_url(quote)).content
    folder = Path(settings.MEDIA_ROOT) / "quote-cards" / str(quote.pk)
    (old_file,) = folder.iterdir()

    quote.text = "Second, different words."
    quote.save()
    second = client.get(_card_url(quote)).content

    assert second != first
    (new_file,) = folder.iterdir()
    assert new_file != old_file


@pytest.mark.django_db
def test_og_image_url_absolute_with_request(rf):
    quote = QuoteFactory()
    request = rf.get("/")

    assert og_image_url(quote) == _card_url(quote)
    assert og_image_url(quote, request) == f"http://testserver{_card_url(quote)}"
