"""The recap as an A4 PDF, typeset by WeasyPrint from the standalone document's HTML.

WeasyPrint never goes to the network: its fetcher hands over the project's own font files
and data URIs (images are inlined before rendering) and refuses everything else. Links stay
live in the PDF; the print stylesheet adds running heads and page numbers.
"""

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import lxml.html
from django.contrib.staticfiles import finders

from cms.xmltext import xml_text
from website.exports.common import RecapDocument
from website.exports.standalone_html import document_html, static_text

# (family, file in static/, weight): DejaVu ships with the project (static/fonts/).
FONTS = (
    ("Recap Serif", "fonts/DejaVuSerif.ttf", "normal"),
    ("Recap Sans", "fonts/DejaVuSans.ttf", "normal"),
    ("Recap Sans", "fonts/DejaVuSans-Bold.ttf", "bold"),
)


@lru_cache
def font_files() -> dict[str, Path]:
    """Each font's file on disk, keyed by its static name."""
    found = {}
    for _family, name, _weight in FONTS:
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"The PDF font {name} is missing from static/.")
        found[name] = Path(path).resolve()
    return found


def font_faces() -> str:
    files = font_files()
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{files[name].as_uri()}"); }}'
        for family, name, weight in FONTS
    )


def _fetcher():
    from weasyprint.urls import URLFetcher  # imported on first use: WeasyPrint loads slowly

    allowed = set(font_files().values())

    class LocalFetcher(URLFetcher):
        """Only the shipped fonts and data URIs; no network, no other file."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data" or (
                parts.scheme == "file" and Path(url2pathname(parts.path)).resolve() in allowed
            ):
                return super().fetch(url, headers)
            raise ValueError(f"Recap PDFs use local files only; refused {url}")

    return LocalFetcher(allowed_protocols={"data", "file"})


# WeasyPrint's line breaking is quadratic in the length of an unbreakable run of text, so a
# pasted 100 KB "word" would hold a worker for minutes: give such runs break opportunities.
LONG_RUN = re.compile(r"(\S{40})(?=\S)")
ZERO_WIDTH_SPACE = "\u200b"


def with_break_opportunities(html: str) -> str:
    """``html`` with a zero-width space after every 40 characters of an unbroken run of
    text (text only: attributes such as link addresses are left as they are). Control
    characters, which print nothing and which lxml cannot hold, are dropped."""
    if not re.search(r"\S{41}", html):
        return html
    tree = lxml.html.document_fromstring(html)
    for element in tree.iter():
        if element.tag in {"style", "script"}:
            continue
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if value and len(value) > 40:
                broken = LONG_RUN.sub(rf"\1{ZERO_WIDTH_SPACE}", xml_text(value))
                setattr(element, attribute, broken)
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


TEMPLATE = "conference/exports/recap_pdf.html"
# A last page filled less than this is "nearly empty": the closing parts then follow on
# from the page before instead of each starting a page of their own.
MIN_LAST_PAGE_FILL = 0.3


def _last_page_fill(document) -> float:
    """How far down its content area the last page of a rendered document is filled: the
    bottom of its lowest line or image, running heads and page numbers left aside."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, ReplacedBox

    page = document.pages[-1]._page_box
    top = page.content_box_y()
    bottom = top

    def walk(box):
        nonlocal bottom
        if isinstance(box, MarginBox):
            return
        if isinstance(box, LineBox | ReplacedBox):
            bottom = max(bottom, box.position_y + box.height)
            return
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page)
    return (bottom - top) / page.height if page.height else 1.0


def render_pdf(document: RecapDocument) -> bytes:
    """The recap as a tagged A4 PDF (PDF/UA-1: structure, language and title for screen
    readers): cover, contents, the recap, key quotes and an index."""
    from weasyprint import HTML

    stylesheet = "\n".join(
        (font_faces(), static_text("css/recap-export.css"), static_text("css/recap-print.css"))
    )
    html = with_break_opportunities(
        document_html(document, stylesheet=stylesheet, images="inline", template=TEMPLATE)
    )
    rendered = HTML(string=html, url_fetcher=_fetcher()).render(pdf_variant="pdf/ua-1")
    if len(rendered.pages) > 2 and _last_page_fill(rendered) < MIN_LAST_PAGE_FILL:
        compact = html.replace('"recap-export recap-pdf"', '"recap-export recap-pdf compact"', 1)
        again = HTML(string=compact, url_fetcher=_fetcher()).render(pdf_variant="pdf/ua-1")
        if len(again.pages) < len(rendered.pages):
            rendered = again
    return rendered.write_pdf(pdf_variant="pdf/ua-1")
