"""Reading frab/c3voc schedules (XML or JSON) as pretalx, frab, the CCC hub and pentabarf
write them, into plain data the import (sessions/services.py) can apply.

Real files are looser than the schema, so this reads what they contain rather than
validating against the XSD: ids that are not UUIDs, `code` as element or attribute, no
`<date>` in old pentabarf files, optional parts missing. What is wrong (a file that is not
a schedule, impossible times, missing required fields) raises `ScheduleError` naming the
place; what cannot be kept is listed in `Schedule.skipped`.
"""

import datetime as dt
import json
import re
import zoneinfo
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException

DURATION = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")
START = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?")
RECORDING_LINK_TYPES = {"media", "video", "recording"}
# Far above any real programme (FOSDEM's, about 1,000 talks, is under 5 MB).
MAX_SCHEDULE_BYTES = 10 * 2**20
TOO_LARGE = "The file is larger than 10 MB, more than any schedule needs; it is refused."


class ScheduleError(ValueError):
    """A schedule file that cannot be imported; the message names the place in the file."""


@dataclass
class Person:
    name: str
    guid: str = ""
    biography: str = ""


@dataclass
class Talk:
    where: str
    title: str
    start: dt.datetime
    end: dt.datetime
    room: str
    day_index: int
    guid: str = ""
    slug: str = ""
    kind: str = ""
    track: str = ""
    abstract: str = ""
    description: str = ""
    recording_url: str = ""
    recording_title: str = ""
    persons: list[Person] = field(default_factory=list)


@dataclass
class ScheduleDay:
    index: int
    date: dt.date


@dataclass
class Schedule:
    acronym: str
    title: str
    time_zone: str
    days: list[ScheduleDay]
    rooms: list[str]
    talks: list[Talk]
    skipped: list[str] = field(default_factory=list)
    slug: str = ""
    url: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def read_schedule(data: bytes) -> Schedule:
    """Detect the format by content and read the schedule."""
    if len(data) > MAX_SCHEDULE_BYTES:
        raise ScheduleError(TOO_LARGE)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return _Reader(_xml_to_dict(data)).read()
    if head == b"{":
        try:
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise ScheduleError(f"The file is not valid JSON: {error}.") from error
        except RecursionError as error:
            raise ScheduleError("The JSON is nested too deeply to be a schedule.") from error
        return _Reader(document).read()
    raise ScheduleError("The file is neither a frab XML nor a frab JSON schedule.")


# XML: turned into the JSON layout, so that one reader checks both formats.


def _text(element, tag: str) -> str | None:
    child = element.find(tag)
    return None if child is None else (child.text or "").strip()


def _xml_event(element) -> dict:
    event = {
        tag: _text(element, tag)
        for tag in (
            "date", "start", "duration", "room", "slug", "title", "subtitle", "track",
            "type", "abstract", "description",
        )
        if element.find(tag) is not None
    }  # fmt: skip
    event["guid"] = element.get("guid") or _text(element, "guid") or ""
    event["persons"] = [
        {"name": (person.text or "").strip(), "guid": person.get("guid", "")}
        for person in element.iterfind("persons/person")
    ]
    event["links"] = [
        {"url": link.get("href", ""), "type": link.get("type", ""), "title": link.text or ""}
        for link in element.iterfind("links/link")
    ]
    recording = element.find("recording")
    if recording is not None and (_text(recording, "link") or _text(recording, "url")):
        url = _text(recording, "link") or _text(recording, "url")
        event["links"].append({"url": url, "type": "media", "title": ""})
    event["attachments"] = list(element.iterfind("attachments/attachment"))
    return event


def _xml_to_dict(data: bytes) -> dict:
    try:
        root = SafeXML.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ScheduleError(
            "The XML declares a DTD or entities, which a schedule never needs; it is refused "
            f"to protect the server ({type(error).__name__})."
        ) from error
    except ParseError as error:
        line, column = error.position
        message = f"The XML is not well formed (line {line}, column {column})."
        raise ScheduleError(message) from error
    if root.tag != "schedule":
        raise ScheduleError(f"The XML root is <{root.tag}>, not <schedule>.")
    conference = root.find("conference")
    if conference is None:
        raise ScheduleError("The schedule has no <conference>.")
    days = []
    for day in root.iterfind("day"):
        rooms = {}
        for room in day.iterfind("room"):
            rooms.setdefault(room.get("name", ""), []).extend(
                _xml_event(event) for event in room.iterfind("event")
            )
        days.append({"index": day.get("index"), "date": day.get("date"), "rooms": rooms})
    return {
        "schedule": {
            "version": _text(root, "version"),
            "conference": {
                **{
                    tag: _text(conference, tag)
                    for tag in ("acronym", "title", "time_zone_name", "start", "end", "url")
                },
                "days": days,
            },
        }
    }


class _Reader:
    """Checks the JSON layout and builds the `Schedule`, remembering where each part was."""

    def __init__(self, document):
        self.document = document
        self.skipped = []

    def read(self) -> Schedule:
        if not isinstance(self.document, dict) or not isinstance(
            self.document.get("schedule"), dict
        ):
            raise ScheduleError("The file has no “schedule” object: it is not a frab schedule.")
        conference = self.document["schedule"].get("conference")
        if not isinstance(conference, dict):
            raise ScheduleError("The schedule has no conference.")
        title = self._required(conference, "title", "conference")
        time_zone = conference.get("time_zone_name") or ""
        if time_zone and time_zone not in zoneinfo.available_timezones():
            raise ScheduleError(f"conference: “{time_zone}” is not a known time zone.")
        tz = zoneinfo.ZoneInfo(time_zone) if time_zone else None
        start, end = self._date(conference, "start"), self._date(conference, "end")
        days, talks, rooms = [], [], []
        raw_days = conference.get("days")
        if not isinstance(raw_days, list) or not raw_days:
            raise ScheduleError("conference: the schedule has no days.")
        for position, raw_day in enumerate(raw_days, start=1):
            day = self._day(raw_day, f"day {position}")
            if any(other.index == day.index for other in days):
                raise ScheduleError(f"day {position}: a second day with index {day.index}.")
            days.append(day)
            day_rooms = raw_day.get("rooms") or {}
            if not isinstance(day_rooms, dict):
                raise ScheduleError(f"day {day.index}: “rooms” must map room names to events.")
            for room, events in day_rooms.items():
                if not room:
                    raise ScheduleError(f"day {day.index}: a room without a name.")
                if room not in rooms:
                    rooms.append(room)
                if not isinstance(events, list):
                    raise ScheduleError(f"day {day.index}, room “{room}”: not a list of events.")
                for number, raw in enumerate(events, start=1):
                    where = f"day {day.index}, room “{room}”, event {number}"
                    talks.append(self._talk(raw, where, day, room, tz))
        for extra in conference.get("rooms") or []:
            if isinstance(extra, dict) and extra.get("name") and extra["name"] not in rooms:
                rooms.append(extra["name"])
        return Schedule(
            acronym=str(conference.get("acronym") or "").strip(),
            title=title,
            time_zone=time_zone,
            days=days,
            rooms=rooms,
            talks=talks,
            skipped=self.skipped,
            slug=str(conference.get("slug") or "").strip(),
            url=str(conference.get("url") or "").strip(),
            start=start,
            end=end,
        )

    def _required(self, mapping, key: str, where: str) -> str:
        value = mapping.get(key)
        if value is None or not str(value).strip():
            raise ScheduleError(f"{where}: “{key}” is missing.")
        return str(value).strip()

    def _date(self, conference: dict, key: str) -> dt.date | None:
        """The conference's optional `start` or `end`, a date or a date-time."""
        value = str(conference.get(key) or "").strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError as error:
            raise ScheduleError(f"conference: the {key} “{value}” is not a date.") from error

    def _day(self, raw, where: str) -> ScheduleDay:
        if not isinstance(raw, dict):
            raise ScheduleError(f"{where}: not a day.")
        try:
            index = int(self._required(raw, "index", where))
            date = dt.date.fromisoformat(self._required(raw, "date", where)[:10])
        except ValueError as error:
            raise ScheduleError(f"{where}: {error}.") from error
        if index < 1:
            raise ScheduleError(f"{where}: the index must be 1 or more.")
        return ScheduleDay(index=index, date=date)

    def _talk(self, raw, where: str, day: ScheduleDay, room: str, tz) -> Talk:
        if not isinstance(raw, dict):
            raise ScheduleError(f"{where}: not an event.")
        title = self._required(raw, "title", where)
        where = f"{where} (“{title}”)"
        start = self._start(raw, where, day, tz)
        duration = DURATION.fullmatch(self._required(raw, "duration", where))
        if not duration:
            raise ScheduleError(f"{where}: the duration “{raw['duration']}” is not HH:MM.")
        hours, minutes, seconds = (int(part or 0) for part in duration.groups())
        length = dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
        if length <= dt.timedelta(0):
            raise ScheduleError(f"{where}: the duration must be longer than zero.")
        talk = Talk(
            where=where,
            title=title,
            start=start,
            end=start + length,
            room=str(raw.get("room") or room),
            day_index=day.index,
            guid=str(raw.get("guid") or ""),
            slug=str(raw.get("slug") or ""),
            kind=str(raw.get("type") or ""),
            track=str(raw.get("track") or ""),
            abstract=str(raw.get("abstract") or ""),
            description=str(raw.get("description") or ""),
        )
        persons, links = raw.get("persons") or [], raw.get("links") or []
        if not all(isinstance(item, dict) for item in [*persons, *links]):
            raise ScheduleError(f"{where}: persons and links must be objects.")
        for person in persons:
            name = (person.get("name") or person.get("public_name") or "").strip()
            if not name:
                self.skipped.append(f"{where}: a person without a name.")
                continue
            talk.persons.append(
                Person(name=name, guid=str(person.get("guid") or ""),
                       biography=str(person.get("biography") or ""))
            )  # fmt: skip
        for link in links:
            if link.get("type") in RECORDING_LINK_TYPES and not talk.recording_url:
                talk.recording_url = link.get("url") or ""
                talk.recording_title = (link.get("title") or "").strip()
            else:
                self.skipped.append(f"{where}: the link {link.get('url')!r}.")
        for _ in raw.get("attachments") or []:
            self.skipped.append(f"{where}: an attachment.")
        return talk

    def _start(self, raw, where: str, day: ScheduleDay, tz) -> dt.datetime:
        """The start from `date` (date-time with offset) or, in old files, day + `start`."""
        if raw.get("date"):
            try:
                start = dt.datetime.fromisoformat(str(raw["date"]))
            except ValueError as error:
                message = f"{where}: the date “{raw['date']}” is not a date-time."
                raise ScheduleError(message) from error
            if start.tzinfo is None:
                if tz is None:
                    raise ScheduleError(f"{where}: the date has no offset and no time zone.")
                start = start.replace(tzinfo=tz)
            return start
        match = START.fullmatch(self._required(raw, "start", where))
        if not match:
            raise ScheduleError(f"{where}: the start “{raw['start']}” is not a time of day.")
        if tz is None:
            raise ScheduleError(f"{where}: no date with an offset, and no time zone is given.")
        time = dt.time(int(match[1]), int(match[2]))
        return dt.datetime.combine(day.date, time, tzinfo=tz)
