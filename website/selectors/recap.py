"""The day recap: one selector that gathers a published day for every recap output.

The web page (website.views.event.day_recap) and the exports render the structure that
``build_day_recap`` returns; it owns all the eager loading, so the number of queries does
not grow with the number of sessions, people or quotes. A 100-session day loads a few
thousand rows, so the loading is lean: the day and event are the ones given, a quote's
speaker is the participant already loaded, and a speaker's affiliations are fetched only
for the people whose organisation is not chosen for the session.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from conference.models import Day, Event
from reports.models import Report
from sessions.models import Participation, Quote, Session
from sessions.querysets import load_primary_affiliations
from sessions.slots import Slot, group_parallel
from speakers.models import Affiliation, Speaker

# Days with more sessions than this get a table of contents.
CONTENTS_THRESHOLD = 5


@dataclass(frozen=True)
class RecapQuote:
    quote: Quote
    affiliation: Affiliation | None  # as shown for the speaker in this session


@dataclass(frozen=True)
class RecapSession:
    session: Session
    participations: list[Participation]
    quotes: list[RecapQuote]
    reports: list[Report] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"session-{self.session.slug}"

    @property
    def pull_quotes(self) -> list[RecapQuote]:
        """The quotes to set as pull quotes: those the recap text does not already quote,
        so that a reader meets each quote once."""
        text = _comparable(self.session.recap_text)
        return [q for q in self.quotes if _comparable(q.quote.text).strip(".,;:!? ") not in text]


_MARKUP = re.compile(r"[*_`\\]")
_SPACE = re.compile(r"\s+")
_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                              "„": '"', "‟": '"', "«": '"', "»": '"'})


def _comparable(text: str) -> str:
    """``text`` as compared for quoting: no Markdown emphasis, one kind of quotation mark,
    single spaces, no case."""
    return _SPACE.sub(" ", _MARKUP.sub("", text).translate(_QUOTE_MARKS)).casefold().strip()


@dataclass(frozen=True)
class DayRecap:
    event: Event
    day: Day
    slots: list[Slot[RecapSession]]
    previous_day: Day | None
    next_day: Day | None

    @property
    def sessions(self) -> list[RecapSession]:
        return [item for slot in self.slots for item in slot.items]

    @property
    def quotes(self) -> list[RecapQuote]:
        return [quote for item in self.sessions for quote in item.quotes]

    @property
    def has_contents(self) -> bool:
        return len(self.sessions) > CONTENTS_THRESHOLD


def _load_sessions(day: Day) -> list[Session]:
    """The day's published sessions with their people (``session.people``) and published
    quotes (``session.published_quotes``), as lists: five queries."""
    sessions = list(
        Session.objects.public()
        .for_day(day)
        .select_related("room")
        .with_people_list()
        .prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.public(), to_attr="published_quotes"),
        )
        .in_programme_order()
    )
    speakers: dict[int, Speaker] = {}
    for session in sessions:
        session.day = day  # the day (and its event) that the caller loaded
        for participation in session.people:
            speakers.setdefault(participation.speaker_id, participation.speaker)
    quoted = {
        quote.speaker_id
        for session in sessions
        for quote in session.published_quotes
        if quote.speaker_id and quote.speaker_id not in speakers
    }
    speakers.update(Speaker.objects.in_bulk(quoted))
    for session in sessions:
        for participation in session.people:
            participation.speaker = speakers[participation.speaker_id]
        for quote in session.published_quotes:
            quote.session = session
            if quote.speaker_id:
                quote.speaker = speakers[quote.speaker_id]
    # Primary affiliations, for participants without a chosen one and for quoted speakers.
    unaffiliated = {p.speaker_id for s in sessions for p in s.people if not p.affiliation_id}
    load_primary_affiliations(speakers[pk] for pk in unaffiliated | quoted)
    return sessions


def _recap_session(session: Session, reports: list[Report]) -> RecapSession:
    participations = session.people
    shown = {p.speaker_id: p.shown_affiliation for p in participations}
    quotes = [
        RecapQuote(
            quote=quote,
            affiliation=shown.get(quote.speaker_id)
            or (quote.speaker.primary_affiliation if quote.speaker_id else None),
        )
        for quote in session.published_quotes
    ]
    return RecapSession(
        session=session, participations=participations, quotes=quotes, reports=reports
    )


def build_day_recap(*, day: Day) -> DayRecap:
    """Everything a day recap shows; ``day`` must be published and come with its event."""
    event = day.event
    sessions = _load_sessions(day)
    reports_by_session: dict[int, list[Report]] = {}
    launched = Report.objects.public().with_editors().filter(launch_session__in=sessions)
    for report in launched:
        reports_by_session.setdefault(report.launch_session_id, []).append(report)
    items = [_recap_session(s, reports_by_session.get(s.pk, [])) for s in sessions]
    siblings = list(
        Day.objects.public().for_event(event).with_event().exclude(pk=day.pk).order_by("number")
    )
    return DayRecap(
        event=event,
        day=day,
        slots=group_parallel(
            items, session_of=lambda item: item.session, tz=event.tzinfo, day_date=day.date
        ),
        previous_day=next((d for d in reversed(siblings) if d.number < day.number), None),
        next_day=next((d for d in siblings if d.number > day.number), None),
    )
