"""Page metadata shared by the public views of every app."""

import html

from django.utils.html import strip_tags
from django.utils.text import Truncator

from cms.richtext import render_markdown


def description(markdown_text: str, fallback: str) -> str:
    """A meta description: the text's first 160 visible characters, or the fallback."""
    plain = " ".join(html.unescape(strip_tags(render_markdown(markdown_text or ""))).split())
    return Truncator(plain).chars(160) if plain else fallback
