"""The frab/c3voc schedule as XML (schedule.xml), drawn from the same structure as the JSON."""

import re

from lxml import etree

from cms.xmltext import xml_text
from sessions.schedule.frab_json import GENERATOR, schedule_data
from sessions.schedule.selectors import ScheduleRows

# The XSD's `voc-slug-new`; a slug outside it is left out, as the schema allows.
XSD_SLUG = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")


def _add(parent, tag: str, text=None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: xml_text(str(v)) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(str(text))
    return element


def _texts(parent, pairs) -> None:
    """Child elements holding text, without `_add`'s per-call cost (a few per session)."""
    sub_element = etree.SubElement
    for tag, text in pairs:
        sub_element(parent, tag).text = xml_text(text)


def _event(room_element, event: dict) -> None:
    codes = {"code": event["code"]} if "code" in event else {}
    element = _add(room_element, "event", guid=event["guid"], id=event["id"], **codes)
    _texts(element, [(tag, event[tag]) for tag in ("date", "start", "duration", "room")])
    if XSD_SLUG.fullmatch(event["slug"]):
        _texts(element, [("slug", event["slug"])])
    _texts(
        element,
        [
            ("url", event["url"]),
            ("title", event["title"]),
            ("subtitle", event["subtitle"] or ""),
            ("track", event["track"] or ""),
            ("type", event["type"]),
            ("language", event["language"]),
            ("abstract", event["abstract"]),
            ("description", event["description"]),
        ],
    )
    if event.get("recording_license") or event["do_not_record"]:
        recording = _add(element, "recording")
        _texts(
            recording,
            [
                ("license", event.get("recording_license", "")),
                ("optout", "true" if event["do_not_record"] else "false"),
            ],
        )
    _texts(element, [(key, event[key]) for key in ("origin_url", "feedback_url") if key in event])
    persons = _add(element, "persons")
    for person in event["persons"]:
        _add(persons, "person", person["name"], id=person["id"], guid=person["guid"])
    links = _add(element, "links")
    for link in event["links"]:
        _add(links, "link", link["title"], href=link["url"], type=link["type"])
    if event.get("attachments"):
        attachments = _add(element, "attachments")
        for attachment in event["attachments"]:
            _add(
                attachments,
                "attachment",
                attachment["title"],
                href=attachment["url"],
                type=attachment["type"],
            )


def render_schedule_xml(rows: ScheduleRows, *, base_url: str) -> bytes:
    data = schedule_data(rows, base_url=base_url)
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = etree.Element("schedule")
    _add(root, "generator", **GENERATOR)
    _add(root, "url", f"{conference['url']}schedule.xml")
    _add(root, "version", schedule["version"])
    head = _add(root, "conference")
    for tag, key in [
        ("acronym", "acronym"),
        ("title", "title"),
        ("start", "start"),
        ("end", "end"),
        ("days", "daysCount"),
        ("timeslot_duration", "timeslot_duration"),
        ("base_url", None),
        ("url", "url"),
        ("time_zone_name", "time_zone_name"),
    ]:
        _add(head, tag, conference[key] if key else schedule["base_url"])
    for track in conference["tracks"]:
        _add(head, "track", name=track["name"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = _add(
            root,
            "day",
            index=day["index"],
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for name, events in day["rooms"].items():
            room_element = _add(day_element, "room", name=name, guid=guids[name])
            for event in events:
                _event(room_element, event)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)

