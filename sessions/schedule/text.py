"""Text between the programme and schedule files: Markdown fields as plain text for formats
that cannot carry HTML (iCalendar, CSV), and imported text as the Markdown fields hold it."""

import html
import re

import nh3
from django.utils.html import strip_tags
from markdownify import markdownify

from cms.richtext import render_markdown

HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def plain_text(markdown: str) -> str:
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


def normalise(value) -> str:
    """A value from a file as text, without the line endings and surrounding white space in
    which files of one programme differ (pretalx's JSON and XML say the same thing)."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def import_text(value) -> str:
    """Imported abstracts, descriptions and biographies as Markdown: HTML is sanitised
    (scripts and styles go with their content) and converted; plain text stays as it is."""
    text = normalise(value)
    if not HTML_TAG.search(text):
        return text
    return normalise(markdownify(nh3.clean(text), heading_style="ATX", bullets="-"))
