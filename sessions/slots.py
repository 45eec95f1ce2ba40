"""Shapes of a day's timetable: parts of the day and runs of parallel sessions.

Shared by the day recap (conference/recap.py) and the programme (conference/selectors.py),
so that both pages group and name parallel sessions the same way.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

T = TypeVar("T")

MORNING, AFTERNOON, EVENING, NIGHT = "Morning", "Afternoon", "Evening", "Night"
PARTS_OF_DAY = (MORNING, AFTERNOON, EVENING, NIGHT)
# What pages show for each part (PARTS_OF_DAY stay English: they are keys).
PART_LABELS = {
    MORNING: pgettext_lazy("part of the day", "Morning"),
    AFTERNOON: pgettext_lazy("part of the day", "Afternoon"),
    EVENING: pgettext_lazy("part of the day", "Evening"),
    NIGHT: pgettext_lazy("part of the day", "Night"),
}


def part_of_day(
    moment: dt.datetime | None, tz: dt.tzinfo, day_date: dt.date | None = None
) -> str:
    """"Morning" before noon, "Afternoon" before 5 pm, else "Evening" (local time); "Night"
    after midnight of ``day_date``, for a day that runs into the next calendar date."""
    if moment is None:
        return MORNING
    local = moment.astimezone(tz)
    if day_date is not None and local.date() > day_date:
        return NIGHT
    hour = local.hour
    if hour < 12:
        return MORNING
    return AFTERNOON if hour < 17 else EVENING


def pluralise(label: str) -> str:
    """Title-case plural of a kind label: "Deep dive" -> "Deep Dives"."""
    words = label.split()
    last = words[-1]
    if last.endswith(("ch", "sh", "s", "x")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join(word.capitalize() for word in [*words[:-1], last])


def parallel_heading(
    sessions: Sequence, tz: dt.tzinfo, day_date: dt.date | None = None
) -> str:
    """Name a run of parallel sessions: "Morning Deep Dives", or "… Parallel Sessions", in
    the active language (``pluralise`` knows English only: other languages get the label)."""
    kinds = {str(session.get_kind_display()) for session in sessions}
    part = PART_LABELS[part_of_day(sessions[0].start, tz, day_date)]
    if len(kinds) == 1 and sessions[0].kind != "other":
        kind = kinds.pop()
        plural = pluralise(kind) if get_language().startswith("en") else kind
        # Translators: parallel sessions of one kind, "Morning Deep Dives".
        return _("%(part)s %(kinds)s") % {"part": part, "kinds": plural}
    return _("%(part)s Parallel Sessions") % {"part": part}


@dataclass(frozen=True)
class Slot(Generic[T]):
    """One place in the timetable: a single item, or items that run at the same time."""

    items: list[T]
    heading: str = ""

    @property
    def is_parallel(self) -> bool:
        return len(self.items) > 1


def group_parallel(
    items: Iterable[T], *, session_of=lambda item: item, tz, day_date: dt.date | None = None
) -> list[Slot[T]]:
    """Group items (in start order) whose sessions overlap in time into parallel slots.

    ``session_of`` maps an item to its Session, so callers can group their own wrappers;
    ``day_date``, the date of the day they belong to, names slots after its midnight.
    Sessions without times never run in parallel.
    """
    runs: list[list[T]] = []
    run_end = None
    for item in items:
        session = session_of(item)
        timed = session.start is not None and session.end is not None
        if runs and timed and run_end is not None and session.start < run_end:
            runs[-1].append(item)
            run_end = max(run_end, session.end)
        else:
            runs.append([item])
            run_end = session.end if timed else None
    return [
        Slot(
            items=run,
            heading=(
                parallel_heading([session_of(i) for i in run], tz, day_date)
                if len(run) > 1
                else ""
            ),
        )
        for run in runs
    ]
