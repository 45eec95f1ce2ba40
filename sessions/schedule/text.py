"""Markdown fields as plain text, for formats that cannot carry HTML (iCalendar, CSV)."""

import html

from django.utils.html import strip_tags

from cms.richtext import render_markdown


def plain_text(markdown: str) -> str:
    return html.unescape(strip_tags(render_markdown(markdown))).strip()
