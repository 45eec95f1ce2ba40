"""The recap as CommonMark: headings, quotes as block quotes with attribution, links.

The output holds no raw HTML: editor text goes Markdown -> sanitised HTML (the page's own
renderer) -> Markdown, and every plain string (titles, names, quotes) is escaped, so a
``<script>`` typed anywhere arrives as text.
"""

import re
from urllib.parse import quote

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdownify import MarkdownConverter

from cms.richtext import render_markdown
from website.exports.common import RecapDocument
from website.selectors.recap import DayRecap, RecapQuote, RecapSession
from website.templatetags.conference_tags import british_date, date_range, local_time

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
URL_SAFE = ":/?#@!$&'*+,;=%~"
_BLOCK_START = re.compile(r"^(\s*)([-+#>=|]|\d+[.)])", re.MULTILINE)


def escape(text: str, *, line_start: bool = True) -> str:
    """Plain text made literal in Markdown: no emphasis, link, HTML or entity, and (when
    the text may begin a line) no block marker such as "#", ">" or "1."."""
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if not line_start:
        return text
    return _BLOCK_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)


class _Converter(MarkdownConverter):
    """markdownify with this module's escaping of text."""

    def escape(self, text, parent_tags):
        return escape(text) if text else ""


def rich_text(markdown_text: str) -> str:
    """Editor Markdown, sanitised the way the page shows it, back as clean Markdown."""
    html = render_markdown(markdown_text or "")
    return _Converter(heading_style="ATX", bullets="-").convert(html).strip()


def link(text: str, url: str) -> str:
    """A Markdown link; the URL is percent-encoded so that spaces or brackets cannot end it."""
    return f"[{escape(text, line_start=False)}]({quote(url, safe=URL_SAFE)})"


class _Writer:
    def __init__(self, document: RecapDocument):
        self.document = document
        self.blocks: list[str] = []

    def add(self, *blocks: str) -> None:
        self.blocks.extend(block for block in blocks if block)

    def url(self, obj) -> str:
        return self.document.absolute(obj.get_absolute_url())

    def heading(self, level: int, text: str) -> None:
        self.add(f"{'#' * level} {text}")

    def person(self, participation) -> str:
        line = f"{participation.get_role_display()}: "
        line += link(participation.speaker.full_name, self.url(participation.speaker))
        if affiliation := participation.shown_affiliation:
            if affiliation.role:
                line += f", {escape(affiliation.role)}"
            line += ", " + link(affiliation.organisation.name, self.url(affiliation.organisation))
        return f"- {line}"

    def quote(self, recap_quote: RecapQuote) -> None:
        quote = recap_quote.quote
        attribution = quote.attributed_to
        if recap_quote.affiliation:
            attribution += f", {recap_quote.affiliation.organisation.name}"
        lines = [f"> {line}" if line else ">" for line in escape(f"“{quote.text}”").splitlines()]
        self.add("\n".join([*lines, ">", f"> — {escape(attribution)}"]))

    def report(self, report, level: int) -> None:
        self.add(f"*{_('Report launched')}*")
        self.heading(level, link(report.full_title, self.url(report)))
        editors = [editor.speaker for editor in report.report_editors.all()]
        if editors:
            names = [link(e.full_name, self.url(e)) for e in editors]
            line = f"{_('Edited by')} " + (
                f"{', '.join(names[:-1])} {_('and')} {names[-1]}" if len(names) > 1 else names[0]
            )
            if report.contributors_count:
                count = report.contributors_count
                line += ngettext(
                    ", with %(counter)s contributor", ", with %(counter)s contributors", count
                ) % {"counter": count}
            self.add(f"{line}.")
        kind, full = report.full_report
        if kind in {"link", "pdf"}:
            self.add(link(_("Find the full report"), self.document.absolute(full)))
        elif kind:
            where = (
                _("the publisher’s website") if kind == "publisher" else _("the publisher’s page")
            )
            label = _("Find the report at %(publisher)s") % {
                "publisher": report.publisher.display_name
            }
            self.add(f"{link(label, self.document.absolute(full))} ({where})")

    def session(self, item: RecapSession, level: int) -> None:
        session, event = item.session, item.session.day.event
        title = f"{session.code} {session.title}" if session.code else session.title
        self.heading(level, link(title, self.url(session)))
        meta = [session.get_kind_display()]
        if session.start:
            times = local_time(session.start, event)
            meta.append(f"{times}–{local_time(session.end, event)}" if session.end else times)
        if session.room:
            meta.append(session.room.name)
        self.add(escape(" · ".join(meta)))
        self.add(rich_text(session.recap_text))
        self.add("\n".join(self.person(p) for p in item.participations))
        for recap_quote in item.pull_quotes:
            self.quote(recap_quote)
        for report in item.reports:
            self.report(report, level + 1)
        if session.recording_url:
            label = session.recording_title or _("Watch the recording")
            self.add(f"{_('Recording:')} {link(label, session.recording_url)}")

    def day(self, recap: DayRecap, level: int) -> None:
        event, day = recap.event, recap.day
        name = event.short_name or event.name
        title = _("%(event)s %(day)s recap") % {"event": name, "day": day.label}
        self.heading(level, escape(title))
        if level == 1:
            self.add(f"{link(event.name, self.url(event))} · {british_date(day.date)}")
        else:
            self.add(british_date(day.date))
        self.add(rich_text(day.recap_intro))
        if event.programme_note:
            self.add(f"*{escape(event.programme_note)}*")
        for slot in recap.slots:
            if slot.is_parallel:
                self.heading(level + 1, escape(slot.heading))
            for item in slot.items:
                self.session(item, level + 2 if slot.is_parallel else level + 1)

    def write(self) -> str:
        document, event = self.document, self.document.event
        if document.event_wide:
            self.heading(1, escape(_("%(event)s recap") % {"event": event.name}))
            self.add(f"{link(event.name, self.url(event))} · {date_range(event)}")
            for recap in document.recaps:
                self.day(recap, 2)
        else:
            self.day(document.recaps[0], 1)
        self.add(_("Exported from %(link)s") % {"link": link(document.url, document.url)})
        return "\n\n".join(self.blocks) + "\n"


def render_markdown_document(document: RecapDocument) -> bytes:
    return _Writer(document).write().encode("utf-8")
