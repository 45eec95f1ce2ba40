"""Quote cards: a 1200 × 630 PNG per quote for social media previews (``og:image``).

The quote is set in the serif the project ships (static/fonts, DejaVu), as large as fits:
a binary search on the font size finds the largest size whose wrapped lines fit the box, and
a quote too long even for the smallest size is cut with an ellipsis, so nothing overflows.
Cards are kept in media storage under a hash of what they show, so an edited quote, speaker
or event gets a new card and the old one is removed.
"""

import hashlib
import io
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from sessions.models import Participation, Quote
from speakers.models import Affiliation

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
TEXT_LEFT = MARGIN + 24  # clear of the accent bar
BAR_WIDTH = 16
QUOTE_BOX = (TEXT_LEFT, 124, WIDTH - MARGIN, 452)  # left, top, right, bottom
QUOTE_SIZES = (12, 60)  # smallest and largest quote font size, in pixels
LINE_SPACING = 1.3
PAPER, INK, INK_SOFT, ACCENT = "#fdfcf9", "#1c1c1e", "#4a4a50", "#9b2c1f"
FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONTS = {"quote": "DejaVuSerif.ttf", "name": "DejaVuSans-Bold.ttf", "plain": "DejaVuSans.ttf"}
FOLDER = "quote-cards"
DESIGN_VERSION = "1"  # bump when the drawing changes, so every card is redrawn


@dataclass(frozen=True)
class CardContent:
    text: str
    name: str
    organisation: str
    event: str

    @property
    def key(self) -> str:
        parts = (DESIGN_VERSION, self.text, self.name, self.organisation, self.event)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TextLine:
    text: str
    font: ImageFont.FreeTypeFont
    xy: tuple[int, int]
    fill: str

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        """The box the drawn text covers on the card."""
        left, top, right, bottom = self.font.getbbox(self.text)
        x, y = self.xy
        return (x + left, y + top, x + right, y + bottom)


@dataclass(frozen=True)
class CardLayout:
    quote_size: int
    lines: tuple[TextLine, ...]
    truncated: bool


@cache
def font(role: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONTS[role]), size)


def _pieces(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word split where it must be to fit the line (a long URL); usually the word itself."""
    pieces = []
    while face.getlength(word) > width:
        cut = 1
        while face.getlength(word[: cut + 1]) <= width:
            cut += 1
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels."""
    lines, line = [], ""
    for word in text.split():
        for piece in _pieces(word, face, width):
            candidate = f"{line} {piece}" if line else piece
            if face.getlength(candidate) <= width:
                line = candidate
            else:
                lines.append(line)
                line = piece
    return [*lines, line] if line else lines


def _line_height(face: ImageFont.FreeTypeFont) -> int:
    return round(face.size * LINE_SPACING)


def _fits(lines: list[str], face: ImageFont.FreeTypeFont, height: int) -> bool:
    ascent, descent = face.getmetrics()
    return (len(lines) - 1) * _line_height(face) + ascent + descent <= height


def _ellipsised(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` on one line, cut with an ellipsis when it is too wide."""
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def layout_quote_card(content: CardContent) -> CardLayout:
    """Where every piece of text goes: the largest quote size that fits, or a cut quote."""
    left, top, right, bottom = QUOTE_BOX
    width, height = right - left, bottom - top
    quoted = f"“{content.text.strip()}”"

    def wrapped(size):
        return _wrap(quoted, font("quote", size), width)

    low, high = QUOTE_SIZES
    while low < high:  # the largest size that fits, or the smallest size
        middle = (low + high + 1) // 2
        if _fits(wrapped(middle), font("quote", middle), height):
            low = middle
        else:
            high = middle - 1
    face = font("quote", low)
    lines = wrapped(low)
    truncated = not _fits(lines, face, height)
    while not _fits(lines, face, height):
        lines.pop()
    if truncated:
        lines[-1] = _ellipsised(lines[-1] + "…", face, width)
    text_lines = [
        TextLine(line, face, (left, top + i * _line_height(face)), INK)
        for i, line in enumerate(lines)
    ]
    full_width = WIDTH - MARGIN - TEXT_LEFT
    footer = [
        ("plain", 26, content.event, MARGIN, ACCENT),
        ("name", 34, content.name, 480, INK),
        ("plain", 26, content.organisation, 530, INK_SOFT),
    ]
    for role, font_size, text, y, fill in footer:
        if text:
            face = font(role, font_size)
            text_lines.append(
                TextLine(_ellipsised(text, face, full_width), face, (TEXT_LEFT, y), fill)
            )
    return CardLayout(quote_size=low, lines=tuple(text_lines), truncated=truncated)


def draw_quote_card(content: CardContent) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAR_WIDTH - 1, HEIGHT), fill=ACCENT)
    for line in layout_quote_card(content).lines:
        draw.text(line.xy, line.text, font=line.font, fill=line.fill)
    buffer = io.BytesIO()
    # Pillow's default compression: "optimize" saves 3% of the bytes at 4x the time.
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def card_quotes():
    """Quotes with everything a card shows, in three queries."""
    return Quote.objects.select_related("session__day__event", "speaker").prefetch_related(
        Prefetch(
            "speaker__affiliations", queryset=Affiliation.objects.select_related("organisation")
        ),
        Prefetch(
            "session__participations",
            queryset=Participation.objects.filter(affiliation__isnull=False).select_related(
                "affiliation__organisation"
            ),
        ),
    )


def card_content(quote: Quote) -> CardContent:
    """What the card of a quote (loaded through ``card_quotes``) shows."""
    organisation = ""
    if quote.speaker:
        shown_for_session = (
            p.affiliation
            for p in quote.session.participations.all()
            if p.speaker_id == quote.speaker_id
        )
        affiliation = next(shown_for_session, quote.speaker.primary_affiliation)
        organisation = affiliation.organisation.name if affiliation else ""
    return CardContent(
        text=quote.text,
        name=quote.attributed_to,
        organisation=organisation,
        event=quote.session.day.event.name,
    )


def quote_card_png(quote: Quote) -> bytes:
    """The card's PNG, drawn once per content and kept in media storage."""
    content = card_content(quote)
    folder = f"{FOLDER}/{quote.pk}"
    name = f"{folder}/{content.key}.png"
    if default_storage.exists(name):
        with default_storage.open(name) as stored:
            return stored.read()
    png = draw_quote_card(content)
    if default_storage.exists(folder):
        for old in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{old}")
    default_storage.save(name, ContentFile(png))
    return png


def og_image_url(quote: Quote, request=None) -> str:
    """The public URL of a published quote's card, absolute when ``request`` is given."""
    path = reverse(
        "programme:quote-card", kwargs={"event": quote.session.day.event.slug, "pk": quote.pk}
    )
    return request.build_absolute_uri(path) if request else path
