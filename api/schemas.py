"""What the API answers, as pydantic schemas (they are also the OpenAPI components).

Resolvers read only what the endpoints loaded (``select_related``/``prefetch_related`` in
``api/endpoints.py``), so a list costs the same few queries at any length.
"""

import datetime as dt
import uuid

from django.conf import settings
from ninja import Schema

from cms.reversing import reverse_cached
from sessions.stable_ids import session_id


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


def _translations(obj, fields) -> dict[str, dict[str, str]]:
    """Each language's own texts of ``obj`` (no fallback), for clients that show another
    language than the answer's: ``{"en": {"title": "…"}, "fr": {"title": "…"}}``."""
    translations = {}
    for code, _name in settings.LANGUAGES:
        texts = {name: value for name in fields if (value := getattr(obj, f"{name}_{code}"))}
        if texts:
            translations[code] = texts
    return translations


class OrganisationRef(Schema):
    slug: str
    name: str
    short_name: str


class Organisation(OrganisationRef):
    kind: str
    website: str
    description: str
    parent: OrganisationRef | None
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Event(Schema):
    slug: str
    name: str
    short_name: str
    theme: str
    start_date: dt.date
    end_date: dt.date
    time_zone: str
    venue: str
    format: str
    summary: str
    website: str
    organiser: OrganisationRef | None
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Day(Schema):
    event: str
    number: int
    date: dt.date
    title: str
    label: str
    recap_intro: str
    url: str

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Room(Schema):
    guid: uuid.UUID
    name: str
    order: int

    @staticmethod
    def resolve_guid(obj) -> uuid.UUID:
        return obj.uuid


class Affiliation(Schema):
    organisation: OrganisationRef
    role: str


class PersonRef(Schema):
    slug: str
    name: str
    full_name: str


class Person(PersonRef):
    honorific: str
    bio: str
    website: str
    affiliations: list[Affiliation]
    url: str

    @staticmethod
    def resolve_affiliations(obj) -> list:
        return list(obj.affiliations.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Participant(Schema):
    person: PersonRef
    role: str

    @staticmethod
    def resolve_person(obj):
        return obj.speaker


class SessionRoom(Schema):
    guid: uuid.UUID
    name: str


class Attachment(Schema):
    title: str
    kind: str
    file_type: str
    size: int
    licence: str
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Session(Schema):
    id: uuid.UUID
    event: str
    day: int
    code: str
    slug: str
    title: str
    kind: str
    start: dt.datetime | None
    end: dt.datetime | None
    room: SessionRoom | None
    summary: str
    recap_text: str
    recording_title: str
    recording_url: str
    topics: list[str]
    participants: list[Participant]
    attachments: list[Attachment]
    transcript_url: str | None
    url: str
    languages: list[str]
    translations: dict[str, dict[str, str]]

    @staticmethod
    def resolve_id(obj) -> uuid.UUID:
        return session_id(obj)

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return obj.language_codes

    @staticmethod
    def resolve_translations(obj) -> dict[str, dict[str, str]]:
        return _translations(obj, ("title", "subtitle", "summary", "recap_text"))

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.day.event.slug

    @staticmethod
    def resolve_day(obj) -> int:
        return obj.day.number

    @staticmethod
    def resolve_room(obj) -> dict | None:
        if obj.room is None:
            return None
        return {"guid": obj.room.uuid, "name": obj.room.name}

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return sorted(tag.name for tag in obj.topics.all())

    @staticmethod
    def resolve_participants(obj) -> list:
        return list(obj.participations.all())

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_transcript_url(obj, context) -> str | None:
        if not obj.transcript:
            return None
        path = reverse_cached(
            "programme:session-transcript", event=obj.day.event.slug, slug=obj.slug
        )
        return _absolute(context, path)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Quote(Schema):
    id: int
    event: str
    session: str
    text: str
    attributed_to: str
    person: PersonRef | None
    featured: bool
    url: str
    translations: dict[str, dict[str, str]]

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_translations(obj) -> dict[str, dict[str, str]]:
        return _translations(obj, ("text",))

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.session.day.event.slug

    @staticmethod
    def resolve_session(obj) -> str:
        return obj.session.slug

    @staticmethod
    def resolve_person(obj):
        return obj.speaker

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Report(Schema):
    slug: str
    title: str
    subtitle: str
    event: str
    publisher: OrganisationRef | None
    editors: list[PersonRef]
    contributors_count: int | None
    summary: str
    publication_date: dt.date | None
    link: str
    pdf: str | None
    launch_session: str | None
    topics: list[str]
    url: str

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_editors(obj) -> list:
        return [editor.speaker for editor in obj.report_editors.all()]

    @staticmethod
    def resolve_link(obj) -> str:
        return obj.url

    @staticmethod
    def resolve_pdf(obj, context) -> str | None:
        return _absolute(context, obj.get_pdf_url()) if obj.pdf else None

    @staticmethod
    def resolve_launch_session(obj) -> str | None:
        """The launch session's slug, only while that session is public."""
        return getattr(obj, "public_launch_session_slug", None)

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return sorted(tag.name for tag in obj.topics.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class Error(Schema):
    detail: str
