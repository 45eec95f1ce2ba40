"""What every recap export renders: the day recaps of one day or of a whole event.

The documents hold ``DayRecap`` structures from ``website.selectors.recap.build_day_recap``, the
selector the recap page uses, so the page, the PDF, the standalone HTML and the Markdown
show the same sessions, people and quotes. Links in exports are absolute: an exported file
is read away from the site (on disk, in an email, in another CMS).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.utils.translation import gettext as _

from cms.collation import sort_key
from conference.models import Day, Event, Organisation
from speakers.models import Speaker
from website.selectors.recap import DayRecap, RecapQuote, RecapSession, build_day_recap
from website.templatetags.conference_tags import british_date

IMAGE_MODES = ("inline", "absolute")


@dataclass(frozen=True)
class RecapDocument:
    event: Event
    recaps: list[DayRecap]
    base_url: str  # scheme and host of the public site, e.g. "https://example.org"
    event_wide: bool = False
    images: str = "inline"  # standalone HTML: images as data URIs, or "absolute" URLs

    def __post_init__(self):
        if self.images not in IMAGE_MODES:
            raise ValueError(f"images must be one of {', '.join(IMAGE_MODES)}, not {self.images!r}")

    @property
    def title(self) -> str:
        if self.event_wide:
            return _("%(event)s: recap") % {"event": self.event.name}
        day = self.recaps[0].day
        return _("%(event)s: %(day)s recap, %(date)s") % {
            "event": self.event.name,
            "day": day.label,
            "date": british_date(day.date),
        }

    @property
    def path(self) -> str:
        """The page this document exports."""
        if self.event_wide:
            return self.event.get_absolute_url()
        return self.recaps[0].day.get_absolute_url()

    @property
    def url(self) -> str:
        return self.absolute(self.path)

    @property
    def filename_stem(self) -> str:
        if self.event_wide:
            return f"{self.event.slug}-recap"
        return f"{self.event.slug}-day-{self.recaps[0].day.number}-recap"

    def absolute(self, url: str) -> str:
        """``url`` made absolute against the site; absolute URLs pass unchanged."""
        return urljoin(f"{self.base_url.rstrip('/')}/", url)

    @property
    def sessions(self) -> list[RecapSession]:
        return [item for recap in self.recaps for item in recap.sessions]

    @property
    def key_quotes(self) -> list[tuple[RecapQuote, RecapSession]]:
        """The featured quotes, in programme order, each with its session."""
        return [(q, item) for item in self.sessions for q in item.quotes if q.quote.featured]

    def people_index(self) -> list["IndexEntry"]:
        """Everyone the recap names (speakers, the quoted, report editors) by surname, each
        with the sessions where they appear."""
        entries: dict[int, IndexEntry] = {}
        for item in self.sessions:
            people = [p.speaker for p in item.participations]
            people += [q.quote.speaker for q in item.quotes if q.quote.speaker_id]
            people += [e.speaker for report in item.reports for e in report.report_editors.all()]
            for person in people:
                entries.setdefault(person.pk, IndexEntry(person)).add(item)
        return sorted(entries.values(), key=lambda entry: entry.subject.sort_key)

    def organisation_index(self) -> list["IndexEntry"]:
        """The organisations shown beside people in the recap, and reports' publishers,
        alphabetical, each with the sessions where they appear."""
        entries: dict[int, IndexEntry] = {}
        for item in self.sessions:
            shown = [p.shown_affiliation for p in item.participations]
            shown += [q.affiliation for q in item.quotes]
            organisations = [a.organisation for a in shown if a is not None]
            organisations += [r.publisher for r in item.reports if r.publisher_id]
            for organisation in organisations:
                entries.setdefault(organisation.pk, IndexEntry(organisation)).add(item)
        return sorted(entries.values(), key=lambda entry: sort_key(entry.subject.name))


@dataclass
class IndexEntry:
    """A person or organisation in the PDF's index, with the sessions that name them."""

    subject: Speaker | Organisation
    sessions: list[RecapSession] = field(default_factory=list)

    def add(self, item: RecapSession) -> None:
        if all(known.session.pk != item.session.pk for known in self.sessions):
            self.sessions.append(item)


def day_document(*, day: Day, base_url: str, images: str = "inline") -> RecapDocument:
    """The recap of one published day (loaded with ``Day.objects.with_event()``)."""
    return RecapDocument(
        event=day.event, recaps=[build_day_recap(day=day)], base_url=base_url, images=images
    )


def event_days(*, event: Event) -> list[Day]:
    """The event's published days, in order: the days an event-wide export holds."""
    return list(Day.objects.public().for_event(event).with_event().order_by("number"))


def event_document(
    *,
    event: Event,
    base_url: str,
    images: str = "inline",
    on_day: Callable[[DayRecap], None] | None = None,
) -> RecapDocument:
    """All published days of ``event`` in one document; ``on_day`` hears of each day built."""
    recaps = []
    for day in event_days(event=event):
        recaps.append(build_day_recap(day=day))
        if on_day is not None:
            on_day(recaps[-1])
    return RecapDocument(
        event=event, recaps=recaps, base_url=base_url, event_wide=True, images=images
    )
