"""Markdown to safe HTML, the one path every long text field takes to the page.

Rendering is Python-Markdown; sanitising is nh3 (the Ammonia sanitiser), so no script,
event handler or ``javascript:`` link survives whatever an editor pastes in.
"""

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6", "sup", "sub", "abbr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]


def markdown_to_html(text: str) -> SafeString:
    """Render editor Markdown to sanitised HTML; the admin's live preview calls this uncached."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
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
