"""Page metadata shared by the public views of every app."""

import html
from collections.abc import Callable

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from cms.richtext import render_markdown


def description(markdown_text: str, fallback: str) -> str:
    """A meta description: the text's first 160 visible characters, or the fallback."""
    plain = " ".join(html.unescape(strip_tags(render_markdown(markdown_text or ""))).split())
    return Truncator(plain).chars(160) if plain else fallback


def absolute_builder(request) -> Callable[[str], str]:
    """``request.build_absolute_uri`` for root-relative paths, with the scheme and host
    worked out once: pages that give hundreds of absolute URLs (JSON-LD) use it."""
    origin = request.build_absolute_uri("/")[:-1]

    def absolute(path: str) -> str:
        return origin + path if path.startswith("/") else request.build_absolute_uri(path)

    return absolute


def public_origin(request) -> str:
    """Scheme and host of the public site: ``PUBLIC_BASE_URL`` when set, else the
    request's. Links that travel (share images, recap files) use it, so they never name a
    development or internal host when the public address is known."""
    return settings.PUBLIC_BASE_URL or request.build_absolute_uri("/").rstrip("/")
