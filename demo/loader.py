"""Builds the SOC24 demo programme from soc24.toml, idempotently.

Called by ``manage.py load_demo`` (and so by ``make run``). Every row is found by its natural
key (slugs, day numbers, unique pairs), created if missing, and saved only when a value
differs, so a second run changes nothing and reports so. Rows of other events are never
touched. The whole load is one transaction: invalid data leaves the database as it was.
"""

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from cms.publishing import Status
from conference.models import Day, Event, Organisation, SiteIdentity
from reports.models import Report, ReportEditor
from sessions.models import Participation, Quote, Session
from speakers.models import Affiliation, Speaker

DATA_FILE = Path(__file__).with_name("soc24.toml")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    def __str__(self):
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        return ", ".join(f"{n} {state}" for state, n in counts.items() if n) or "none"


Progress = Callable[[str, Tally], None]


def read_demo_data(path: Path = DATA_FILE) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def load_demo(*, data: dict | None = None, progress: Progress | None = None) -> dict[str, Tally]:
    """Create or update the demo event; return a tally per kind of row, in loading order."""
    loader = _Loader(read_demo_data() if data is None else data, progress)
    with transaction.atomic():
        loader.run()
    return loader.tallies


class _Loader:
    def __init__(self, data: dict, progress: Progress | None):
        self.data = data
        self.progress = progress
        self.tallies: dict[str, Tally] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Speaker] = {}
        self.days: dict[int, Day] = {}
        self.sessions: dict[str, Session] = {}

    def run(self) -> None:
        self._step("Site identity", self._identity)
        self._step("Organisations", self._organisations)
        self._step("Events", self._event)
        self._step("Days", self._days)
        self._step("People", self._people)
        self._step("Affiliations", self._affiliations)
        self._step("Sessions", self._sessions)
        self._step("Participations", self._participations)
        self._step("Quotes", self._quotes)
        self._step("Reports", self._report)
        self._step("Report editors", self._report_editors)

    def _step(self, label: str, build: Callable[[Tally], None]) -> None:
        tally = self.tallies[label] = Tally()
        build(tally)
        if self.progress:
            self.progress(label, tally)

    def _identity(self, tally: Tally) -> None:
        _sync(
            tally,
            SiteIdentity,
            {"singleton": True},
            **_pick(self.data["identity"], "name accent_colour typeface"),
        )

    def _organisations(self, tally: Tally) -> None:
        for item in self.data["organisations"]:  # parents come first in the data
            parent = self.organisations[item["parent"]] if "parent" in item else None
            self.organisations[item["slug"]] = _sync(
                tally,
                Organisation,
                {"slug": item["slug"]},
                name=item["name"],
                short_name=item.get("short_name", ""),
                kind=item["kind"],
                website=item.get("website", ""),
                parent=parent,
            )

    def _event(self, tally: Tally) -> None:
        item = self.data["event"]
        self.event = _sync(
            tally,
            Event,
            {"slug": item["slug"]},
            organiser=self.organisations[item["organiser"]],
            status=item["status"],
            summary=item["summary"].strip(),
            **_pick(
                item,
                "name short_name theme start_date end_date time_zone venue format programme_note",
            ),
        )

    def _days(self, tally: Tally) -> None:
        for item in self.data["days"]:
            self.days[item["number"]] = _sync(
                tally,
                Day,
                {"event": self.event, "number": item["number"]},
                date=item["date"],
                status=item["status"],
                recap_intro=item.get("recap_intro", "").strip(),
            )

    def _people(self, tally: Tally) -> None:
        for item in self.data["people"]:
            self.people[item["slug"]] = _sync(
                tally,
                Speaker,
                {"slug": item["slug"]},
                name=item["name"],
                honorific=item.get("honorific", ""),
            )

    def _affiliations(self, tally: Tally) -> None:
        for item in self.data["people"]:
            for order, affiliation in enumerate(item.get("affiliations", [])):
                _sync(
                    tally,
                    Affiliation,
                    {
                        "speaker": self.people[item["slug"]],
                        "organisation": self.organisations[affiliation["organisation"]],
                        "role": affiliation.get("role", ""),
                    },
                    order=order,
                )

    def _sessions(self, tally: Tally) -> None:
        tz = self.event.tzinfo
        for item in self.data["sessions"]:
            day = self.days[item["day"]]
            session = _sync(
                tally,
                Session,
                {"day": day, "slug": item["slug"]},
                code=item.get("code", ""),
                kind=item["kind"],
                title=item["title"],
                start=dt.datetime.combine(day.date, item["start"], tzinfo=tz),
                end=dt.datetime.combine(day.date, item["end"], tzinfo=tz),
                order=item["order"],
                summary=item["summary"],
                recap_text=item.get("recap_text", "").strip(),
                recording_title=item.get("recording_title", ""),
                status=item.get("status", Status.PUBLISHED),
                topics=item["topics"],
            )
            self.sessions[item["slug"]] = session

    def _participations(self, tally: Tally) -> None:
        for item in self.data["sessions"]:
            for order, participant in enumerate(item.get("participants", [])):
                _sync(
                    tally,
                    Participation,
                    {
                        "session": self.sessions[item["slug"]],
                        "speaker": self.people[participant["person"]],
                        "role": participant["role"],
                    },
                    order=order,
                )

    def _quotes(self, tally: Tally) -> None:
        for item in self.data["sessions"]:
            for order, quote in enumerate(item.get("quotes", [])):
                _sync(
                    tally,
                    Quote,
                    {
                        "session": self.sessions[item["slug"]],
                        "speaker": self.people[quote["person"]],
                    },
                    text=quote["text"],
                    featured=quote.get("featured", False),
                    order=order,
                    status=quote.get("status", Status.PUBLISHED),
                )

    def _report(self, tally: Tally) -> None:
        item = self.data["report"]
        self.report = _sync(
            tally,
            Report,
            {"slug": item["slug"]},
            event=self.event,
            publisher=self.organisations[item["publisher"]],
            launch_session=self.sessions[item["launch_session"]],
            summary=item["summary"].strip(),
            topics=item["topics"],
            **_pick(item, "title subtitle contributors_count publication_date url status"),
        )

    def _report_editors(self, tally: Tally) -> None:
        for order, slug in enumerate(self.data["report"]["editors"]):
            _sync(
                tally,
                ReportEditor,
                {"report": self.report, "speaker": self.people[slug]},
                order=order,
            )


def _sync(tally: Tally, model: type[models.Model], lookup: dict, *, topics=None, **values):
    """Find the row by its natural key; create it, or save only the values that differ.

    ``topics`` (for models with taggit topics) are set when they differ, which counts as an
    update of the row.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj, changed, state = model(**lookup, **values), None, "created"
    else:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        state = "updated" if changed else "unchanged"
    if state != "unchanged":
        obj.full_clean()
        obj.save(update_fields=changed)
    if topics is not None and set(obj.topics.names()) != set(topics):
        obj.topics.set(topics)
        if state == "unchanged":
            state = "updated"
    tally.add(state)
    return obj


def _pick(item: dict, names: str) -> dict:
    return {name: item[name] for name in names.split()}
