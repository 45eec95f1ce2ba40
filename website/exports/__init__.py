"""Recap exports: a day's or an event's recap as PDF, standalone HTML or Markdown.

Callers (the download views, the admin actions, the ``export_recap`` command) build a
``RecapDocument`` with ``day_document``/``event_document`` and render it with ``FORMATS``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from website.exports.common import RecapDocument, day_document, event_document
from website.exports.markdown import render_markdown_document
from website.exports.pdf import render_pdf
from website.exports.standalone_html import render_standalone_html


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    content_type: str
    renderer: Callable[[RecapDocument], bytes]

    def render(self, document: RecapDocument) -> bytes:
        """The file, made with the event's time zone active (every caller gets local times)."""
        with timezone.override(document.event.tzinfo):
            return self.renderer(document)

    def filename(self, document: RecapDocument) -> str:
        return f"{document.filename_stem}.{self.key}"


FORMATS = {
    export.key: export
    for export in (
        ExportFormat("pdf", "PDF", "application/pdf", render_pdf),
        ExportFormat("html", "HTML", "text/html; charset=utf-8", render_standalone_html),
        ExportFormat("md", "Markdown", "text/markdown; charset=utf-8", render_markdown_document),
    )
}

__all__ = ["FORMATS", "ExportFormat", "RecapDocument", "day_document", "event_document"]
