"""Reading frab/c3voc schedules (XML or JSON) as pretalx, frab, the CCC hub and pentabarf
write them, into plain data the import (importer.py) can apply.

Real files are looser than the schema, so this reads what they contain rather than
validating against the XSD: ids that are not UUIDs, `code` as element or attribute, no
`<date>` in old pentabarf files, optional parts missing. A file that is not a schedule at
all raises `ScheduleError` at once; problems in its events (impossible times, missing
titles) are gathered, and all of them are raised together. What an event carries that no
field holds is kept verbatim in `Talk.extra`; what cannot be kept at all is listed in
`Schedule.skipped`.
"""

import datetime as dt
import json
import re
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import urljoin
from xml.etree.ElementTree import ParseError, tostring

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from sessions.schedule.text import import_text, normalise

DURATION = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")
START = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?")
RECORDING_LINK_TYPES = {"media", "video", "recording"}
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
# Far above any real programme (FOSDEM's, about 1,000 talks, is under 5 MB).
MAX_SCHEDULE_BYTES = 10 * 2**20
TOO_LARGE = "The file is larger than 10 MB, more than any schedule needs; it is refused."
# The keys of a frab event that the import reads into fields; all others go to `extra`.
READ_KEYS = frozenset(
    {
        "guid", "id", "code", "date", "start", "end", "duration", "room", "slug", "url",
        "title", "subtitle", "track", "type", "language", "abstract", "description",
        "recording_license", "do_not_record", "persons", "links", "attachments",
        "feedback_url", "origin_url", "recording",
    }
)  # fmt: skip
PERSON_KEYS = frozenset({"guid", "id", "code", "name", "public_name", "full_name", "biography"})
# Legacy names (tzdata's "backward" links) that files still carry, as their canonical zones.
LEGACY_ZONES = {
    "US/Eastern": "America/New_York", "US/Central": "America/Chicago",
    "US/Mountain": "America/Denver", "US/Pacific": "America/Los_Angeles",
    "US/Alaska": "America/Anchorage", "US/Hawaii": "Pacific/Honolulu",
    "US/Arizona": "America/Phoenix", "US/East-Indiana": "America/Indiana/Indianapolis",
    "Canada/Eastern": "America/Toronto", "Canada/Central": "America/Winnipeg",
    "Canada/Mountain": "America/Edmonton", "Canada/Pacific": "America/Vancouver",
    "Canada/Atlantic": "America/Halifax", "Canada/Newfoundland": "America/St_Johns",
    "GB": "Europe/London", "GB-Eire": "Europe/London", "Eire": "Europe/Dublin",
    "Europe/Kiev": "Europe/Kyiv", "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Saigon": "Asia/Ho_Chi_Minh", "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon", "Australia/ACT": "Australia/Sydney",
    "Australia/NSW": "Australia/Sydney", "Australia/Victoria": "Australia/Melbourne",
    "Australia/Queensland": "Australia/Brisbane", "Australia/West": "Australia/Perth",
    "Brazil/East": "America/Sao_Paulo", "Mexico/General": "America/Mexico_City",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires", "Japan": "Asia/Tokyo",
    "PRC": "Asia/Shanghai", "ROK": "Asia/Seoul", "Singapore": "Asia/Singapore",
    "NZ": "Pacific/Auckland", "Israel": "Asia/Jerusalem", "Turkey": "Europe/Istanbul",
    "Poland": "Europe/Warsaw", "Portugal": "Europe/Lisbon", "Iceland": "Atlantic/Reykjavik",
    "UTC": "UTC", "Etc/UTC": "UTC", "Etc/GMT": "UTC", "GMT": "UTC", "Zulu": "UTC",
    "Universal": "UTC", "UCT": "UTC",
}  # fmt: skip


class ScheduleError(ValueError):
    """A schedule file that cannot be imported; the message names the place(s) in the file."""

    def __init__(self, *problems: str):
        self.problems = list(problems)
        if len(problems) == 1:
            message = problems[0]
        else:
            message = f"{len(problems)} problems:\n" + "\n".join(f"- {p}" for p in problems)
        super().__init__(message)


def canonical_zone(name: str) -> str:
    """A zone name as IANA spells it today (“US/Eastern” is “America/New_York”)."""
    return LEGACY_ZONES.get(name, name)


@dataclass
class Person:
    name: str
    guid: str = ""
    id: str = ""
    biography: str = ""


@dataclass
class LinkData:
    kind: str
    title: str
    url: str


@dataclass
class Talk:
    where: str
    title: str
    start: dt.datetime
    end: dt.datetime
    room: str
    day_index: int
    guid: str = ""
    id: str = ""
    code: str = ""
    slug: str = ""
    kind: str = ""
    track: str = ""
    subtitle: str = ""
    language: str = "en"
    abstract: str = ""
    description: str = ""
    recording_url: str = ""
    recording_title: str = ""
    recording_licence: str = ""
    recording_optout: bool = False
    url: str = ""
    origin_url: str = ""
    feedback_url: str = ""
    links: list[LinkData] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass
class ScheduleDay:
    index: int
    date: dt.date
    start: dt.datetime | None = None  # the day's real hours, when the file gives them
    end: dt.datetime | None = None


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
    room_guids: dict[str, str] = field(default_factory=dict)
    # The zone the file itself names (`time_zone` may be the one the importer gave).
    file_time_zone: str = ""


def read_schedule(data: bytes, *, time_zone: str = "") -> Schedule:
    """Detect the format by content and read the schedule.

    `time_zone` places times that carry no offset when the file names no zone itself.
    """
    if len(data) > MAX_SCHEDULE_BYTES:
        raise ScheduleError(TOO_LARGE)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return _Reader(_xml_to_dict(data), time_zone).read()
    if head == b"{":
        try:
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise ScheduleError(f"The file is not valid JSON: {error}.") from error
        except RecursionError as error:
            raise ScheduleError("The JSON is nested too deeply to be a schedule.") from error
        return _Reader(document, time_zone).read()
    raise ScheduleError("The file is neither a frab XML nor a frab JSON schedule.")


# XML: turned into the JSON layout, so that one reader checks both formats.

XML_TEXT_TAGS = (
    "date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type",
    "language", "abstract", "description", "url", "feedback_url", "origin_url",
)  # fmt: skip


def _text(element, tag: str) -> str | None:
    child = element.find(tag)
    return None if child is None else (child.text or "").strip()


def _verbatim(element) -> str:
    """An element as the file wrote it (without what follows it), for `extra`."""
    tail, element.tail = element.tail, None
    try:
        return tostring(element, encoding="unicode").strip()
    finally:
        element.tail = tail


def _xml_link(link) -> dict:
    """A <link> or <attachment>: attributes (frab) or child elements (the CCC hub)."""
    return {
        "url": (link.get("href") or _text(link, "url") or _text(link, "href") or "").strip(),
        "type": (link.get("type") or _text(link, "type") or "").strip(),
        "title": (
            _text(link, "title") if link.find("title") is not None else (link.text or "")
        ).strip(),
    }


def _xml_event(element) -> dict:
    event = {tag: _text(element, tag) for tag in XML_TEXT_TAGS if element.find(tag) is not None}
    event["guid"] = element.get("guid") or _text(element, "guid") or ""
    event["id"] = element.get("id") or ""
    event["code"] = element.get("code") or _text(element, "code") or ""
    event["persons"] = [
        {
            "name": (person.text or "").strip(),
            "guid": person.get("guid", ""),
            "id": person.get("id", "") or person.get("code", ""),
        }
        for person in element.iterfind("persons/person")
    ]
    event["links"] = [_xml_link(link) for link in element.iterfind("links/link")]
    event["attachments"] = [_xml_link(a) for a in element.iterfind("attachments/attachment")]
    recording = element.find("recording")
    if recording is not None:
        url = _text(recording, "link") or _text(recording, "url")
        if url:
            event["links"].insert(0, {"url": url, "type": "media", "title": ""})
        event["recording_license"] = _text(recording, "license") or ""
        event["do_not_record"] = (_text(recording, "optout") or "").lower() in ("true", "1")
    extra = {}
    for child in element:
        if child.tag not in READ_KEYS and child.tag not in ("guid", "code"):
            extra[child.tag] = _verbatim(child) if len(child) or child.attrib else (
                (child.text or "").strip()
            )  # fmt: skip
    for name, value in element.attrib.items():
        if name not in ("guid", "id", "code"):
            extra[f"@{name}"] = value
    event["_extra"] = extra
    return event


CONFERENCE_TAGS = ("acronym", "title", "time_zone_name", "start", "end", "url", "slug")
# Conference elements the import has no use for, as our own exports and frab write them.
CONFERENCE_KNOWN = {*CONFERENCE_TAGS, "days", "timeslot_duration", "base_url", "track"}
CONFERENCE_JSON_KNOWN = {
    *CONFERENCE_TAGS, "days", "daysCount", "timeslot_duration", "base_url", "tracks", "rooms",
    "meta",
}  # fmt: skip


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
    days, room_guids = [], {}
    for day in root.iterfind("day"):
        rooms = {}
        for room in day.iterfind("room"):
            name = room.get("name", "")
            if room.get("guid"):
                room_guids[name] = room.get("guid")
            rooms.setdefault(name, []).extend(
                _xml_event(event) for event in room.iterfind("event")
            )
        days.append(
            {
                "index": day.get("index"),
                "date": day.get("date"),
                "day_start": day.get("start"),
                "day_end": day.get("end"),
                "rooms": rooms,
            }
        )
    unknown = sorted({child.tag for child in conference if child.tag not in CONFERENCE_KNOWN})
    return {
        "schedule": {
            "version": _text(root, "version"),
            "conference": {
                **{tag: _text(conference, tag) for tag in CONFERENCE_TAGS},
                "base_url": _text(conference, "base_url"),
                "rooms": [{"name": name, "guid": guid} for name, guid in room_guids.items()],
                "days": days,
                "_unknown": unknown,
            },
        }
    }


class _Reader:
    """Checks the JSON layout and builds the `Schedule`, remembering where each part was."""

    def __init__(self, document, time_zone: str):
        self.document = document
        self.fallback_zone = time_zone
        self.skipped = []
        self.problems = []
        self.base_url = ""

    def read(self) -> Schedule:
        if not isinstance(self.document, dict) or not isinstance(
            self.document.get("schedule"), dict
        ):
            raise ScheduleError("The file has no “schedule” object: it is not a frab schedule.")
        conference = self.document["schedule"].get("conference")
        if not isinstance(conference, dict):
            raise ScheduleError("The schedule has no conference.")
        title = self._required(conference, "title", "conference")
        time_zone = canonical_zone(str(conference.get("time_zone_name") or "").strip())
        if time_zone and time_zone not in zoneinfo.available_timezones():
            raise ScheduleError(f"conference: “{time_zone}” is not a known time zone.")
        file_time_zone, time_zone = time_zone, time_zone or self.fallback_zone
        tz = zoneinfo.ZoneInfo(time_zone) if time_zone else None
        start, end = self._date(conference, "start"), self._date(conference, "end")
        if "_unknown" in conference:  # read from XML
            unknown = [f"<{tag}>" for tag in conference["_unknown"]]
        else:
            unknown = [f"“{key}”" for key in conference if key not in CONFERENCE_JSON_KNOWN]
        for name in unknown:
            self.skipped.append(f"conference: {name}, which the programme has no place for.")
        extras = (conference.get("meta") or {}).get("event_extra") or {}
        self.base_url = str(
            self.document["schedule"].get("base_url") or conference.get("base_url") or ""
        ).strip()
        days, talks, rooms = [], [], []
        raw_days = conference.get("days")
        if not isinstance(raw_days, list) or not raw_days:
            raise ScheduleError("conference: the schedule has no days.")
        for position, raw_day in enumerate(raw_days, start=1):
            day = self._day(raw_day, f"day {position}", tz)
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
                    try:
                        talk = self._talk(raw, where, day, room, tz)
                    except ScheduleError as error:
                        self.problems.extend(error.problems)
                        continue
                    if isinstance(extras.get(talk.guid), dict):
                        talk.extra = extras[talk.guid] | talk.extra
                    talks.append(talk)
        if self.problems:
            raise ScheduleError(*self.problems)
        room_guids = {}
        for extra in conference.get("rooms") or []:
            if isinstance(extra, dict) and extra.get("name"):
                if extra["name"] not in rooms:
                    rooms.append(extra["name"])
                if extra.get("guid"):
                    room_guids[extra["name"]] = str(extra["guid"])
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
            room_guids=room_guids,
            file_time_zone=file_time_zone,
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

    def _day(self, raw, where: str, tz) -> ScheduleDay:
        if not isinstance(raw, dict):
            raise ScheduleError(f"{where}: not a day.")
        try:
            index = int(self._required(raw, "index", where))
            date = dt.date.fromisoformat(self._required(raw, "date", where)[:10])
        except ValueError as error:
            raise ScheduleError(f"{where}: {error}.") from error
        if index < 1:
            raise ScheduleError(f"{where}: the index must be 1 or more.")
        start = self._moment(raw.get("day_start"), where, "day_start", tz)
        end = self._moment(raw.get("day_end"), where, "day_end", tz)
        return ScheduleDay(index=index, date=date, start=start, end=end)

    def _moment(self, value, where: str, key: str, tz) -> dt.datetime | None:
        """A day's start or end (frab ``<day start=…>``, JSON ``day_start``); None if absent."""
        if not value:
            return None
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError as error:
            raise ScheduleError(f"{where}: the {key} “{value}” is not a date and time.") from error
        if moment.tzinfo is None:
            if tz is None:
                return None  # no zone to place it in; the sessions' own times still are
            moment = moment.replace(tzinfo=tz)
        return moment

    def _talk(self, raw, where: str, day: ScheduleDay, room: str, tz) -> Talk:
        if not isinstance(raw, dict):
            raise ScheduleError(f"{where}: not an event.")
        identifier = str(raw.get("id") or raw.get("code") or "").strip()
        if identifier:
            where = f"{where} (id {identifier})"
        title = self._required(raw, "title", where)
        where = f"{where[:-1]}, “{title}”)" if identifier else f"{where} (“{title}”)"
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
            title=normalise(title),
            start=start,
            end=start + length,
            room=str(raw.get("room") or room),
            day_index=day.index,
            guid=str(raw.get("guid") or "").strip(),
            id=str(raw.get("id") or "").strip(),
            code=str(raw.get("code") or "").strip(),
            slug=str(raw.get("slug") or "").strip(),
            kind=normalise(raw.get("type")),
            track=normalise(raw.get("track")),
            subtitle=normalise(raw.get("subtitle")),
            language=normalise(raw.get("language")).lower() or "en",
            abstract=import_text(raw.get("abstract")),
            description=import_text(raw.get("description")),
            recording_licence=normalise(raw.get("recording_license")),
            recording_optout=raw.get("do_not_record") is True,
            url=normalise(raw.get("url")),
            origin_url=normalise(raw.get("origin_url")),
            feedback_url=normalise(raw.get("feedback_url")),
        )
        if "_extra" in raw:  # read from XML
            talk.extra = raw["_extra"]
        else:
            talk.extra = {key: value for key, value in raw.items() if key not in READ_KEYS}
        persons = raw.get("persons") or []
        links = [*(raw.get("links") or []), *(raw.get("attachments") or [])]
        if not all(isinstance(item, dict) for item in [*persons, *links]):
            raise ScheduleError(f"{where}: persons and links must be objects.")
        for person in persons:
            name = normalise(
                person.get("public_name") or person.get("name") or person.get("full_name")
            )
            if not name:
                self.skipped.append(f"{where}: a person without a name.")
                continue
            talk.persons.append(
                Person(
                    name=name,
                    guid=str(person.get("guid") or "").strip(),
                    id=str(person.get("id") or person.get("code") or "").strip(),
                    biography=import_text(person.get("biography")),
                )
            )
            unknown = sorted(key for key in person if key not in PERSON_KEYS)
            if unknown:
                self.skipped.append(f"{where}: {', '.join(unknown)} of the person “{name}”.")
        for link in links:
            self._link(talk, link)
        return talk

    def _link(self, talk: Talk, link: dict) -> None:
        url = normalise(link.get("url") or link.get("href"))
        kind = normalise(link.get("type")).lower()
        title = normalise(link.get("title"))
        if not url:
            self.skipped.append(f"{talk.where}: a link without a URL (“{title}”).")
            return
        url = urljoin(self.base_url, url)  # pretalx writes attachments relative to it
        try:
            WEB_ADDRESS(url)
        except ValidationError:
            self.skipped.append(f"{talk.where}: the link “{url}”, which is not a web address.")
            return
        if kind in RECORDING_LINK_TYPES and not talk.recording_url:
            talk.recording_url, talk.recording_title = url, title
            return
        talk.links.append(LinkData(kind=link_kind(kind, title, url), title=title, url=url))

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
                    raise ScheduleError(f"{where}: {NO_ZONE}")
                start = start.replace(tzinfo=tz)
            return start
        match = START.fullmatch(self._required(raw, "start", where))
        if not match:
            raise ScheduleError(f"{where}: the start “{raw['start']}” is not a time of day.")
        if tz is None:
            raise ScheduleError(f"{where}: {NO_ZONE}")
        time = dt.time(int(match[1]), int(match[2]))
        return dt.datetime.combine(day.date, time, tzinfo=tz)


NO_ZONE = (
    "its time has no offset and the file names no time zone; give one "
    "(--timezone ZONE, or the time zone field of the admin's import form)."
)


def link_kind(kind: str, title: str, url: str) -> str:
    """A link's kind (sessions.models.Link.Kind) from the file's type and title."""
    text = f"{kind} {title}".lower()
    if "slide" in text:
        return "slides"
    if kind in RECORDING_LINK_TYPES or "video" in text:
        return "video"
    if "paper" in text or kind == "article":
        return "paper"
    if kind in ("web", "website", "blog"):
        return "website"
    return "other"
