"""Markdown to safe HTML, the one path every long text field takes to the page.

Rendering is markdown-it-py, whose parser is linear in the length of the text and bounds
nesting, so no paste (thousands of brackets, lists nested hundreds deep) can hang or crash a
page, as it could Python-Markdown's. Sanitising is nh3 (the Ammonia sanitiser), so no script,
event handler or ``javascript:`` link survives whatever an editor pastes in.
"""

from functools import lru_cache

import nh3
from django.core.validators import MaxLengthValidator
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Sane bounds of the long text fields: a recap text is a few paragraphs, never megabytes.
SHORT_TEXT = 2_000  # a session's summary for listings, a quote
MEDIUM_TEXT = 10_000  # an event's summary, a bio, a description, a report's summary
LONG_TEXT = 20_000  # a day's recap intro, a session's recap text


def text_limit(max_length: int) -> dict:
    """``max_length`` for a TextField, checked by forms and by ``full_clean`` alike.

    Django gives a TextField's ``max_length`` to its form field only; the validator makes
    imports and other ``full_clean`` callers refuse an oversized text too.
    """
    return {"max_length": max_length, "validators": [MaxLengthValidator(max_length)]}


ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6", "sup", "sub", "abbr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# CommonMark with tables, strikethrough and typographic quotes, dashes and ellipses. Every
# link is parsed as a link: nh3 alone decides which URLs survive, so a refused one keeps its
# text and loses its href.
MARKDOWN = MarkdownIt("commonmark", {"typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)
MARKDOWN.validateLink = lambda url: True


def markdown_to_html(text: str) -> SafeString:
    """Render editor Markdown to sanitised HTML; the admin's live preview calls this uncached."""
    if not text:
        return mark_safe("")
    html = MARKDOWN.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """``markdown_to_html``, cached for pages: the same stored text renders the same."""
    return markdown_to_html(text)
