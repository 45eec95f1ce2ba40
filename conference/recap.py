"""The day recap: one selector that gathers a published day for every recap output.

The web page (conference.views.day_recap) and the exports render the structure that
``build_day_recap`` returns; it owns all the eager loading, so the number of queries does
not grow with the number of sessions, people or quotes.
"""

from dataclasses import dataclass, field

from conference.models import Day, Event
from conference.schedule import Slot, group_parallel
from reports.models import Report
from sessions.models import Participation, Quote, Session
from speakers.models import Affiliation

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


def _recap_session(session: Session, reports: list[Report]) -> RecapSession:
    participations = list(session.participations.all())
    shown = {p.speaker_id: p.shown_affiliation for p in participations}
    quotes = [
        RecapQuote(
            quote=quote,
            affiliation=shown.get(quote.speaker_id)
            or (quote.speaker.primary_affiliation if quote.speaker_id else None),
        )
        for quote in session.quotes.all()
    ]
    return RecapSession(
        session=session, participations=participations, quotes=quotes, reports=reports
    )


def build_day_recap(*, day: Day) -> DayRecap:
    """Everything a day recap shows; ``day`` must be published and come with its event."""
    event = day.event
    sessions = list(Session.objects.for_day(day).for_recap())
    reports_by_session: dict[int, list[Report]] = {}
    for report in Report.objects.published().with_editors().filter(launch_session__in=sessions):
        reports_by_session.setdefault(report.launch_session_id, []).append(report)
    items = [_recap_session(s, reports_by_session.get(s.pk, [])) for s in sessions]
    siblings = list(
        Day.objects.published().for_event(event).with_event().exclude(pk=day.pk).order_by("number")
    )
    return DayRecap(
        event=event,
        day=day,
        slots=group_parallel(items, session_of=lambda item: item.session, tz=event.tzinfo),
        previous_day=next((d for d in reversed(siblings) if d.number < day.number), None),
        next_day=next((d for d in siblings if d.number > day.number), None),
    )
