"""Reads behind the speaker and organisation pages.

A person's or an organisation's page gathers what they did across the programme: sessions,
quotes and reports. Only people and organisations that published content shows are public
(``Speaker.objects.public()``, ``Organisation.objects.public()``, from ``cms.graph``).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q

from cms.collation import initial, sort_key
from conference.models import Organisation
from reports.models import Report, ReportEditor
from sessions.models import Participation, Quote, Session
from speakers.models import Affiliation, Speaker

SPEAKERS_PER_PAGE = 100


@dataclass(frozen=True)
class SpeakerListPage:
    letters: list[str]
    letter: str
    page: Page


def speaker_list_page(*, letter: str = "", page: str = "1") -> SpeakerListPage:
    """Public people by surname (``Speaker.sorting_name``), optionally those whose surname
    starts with a letter (three queries).

    Sorting folds case and accents, which databases do not agree on, so the order is worked
    out here from each person's names; only the page shown is loaded in full. An unknown
    letter is ignored rather than answered with an empty page.
    """
    public = Speaker.objects.public()
    rows = public.order_by().values_list("pk", "name", "sort_name")
    people = sorted(
        (Speaker(pk=pk, name=name, sort_name=sort_name) for pk, name, sort_name in rows),
        key=lambda person: person.sort_key,
    )
    initials = {person.pk: initial(person.sorting_name) for person in people}
    letters = sorted({value for value in initials.values() if value}, key=sort_key)
    letter = letter.upper() if letter.upper() in letters else ""
    if letter:
        people = [person for person in people if initials[person.pk] == letter]
    shown = Paginator([person.pk for person in people], SPEAKERS_PER_PAGE).get_page(page)
    loaded = public.with_affiliations().in_bulk(list(shown.object_list))
    shown.object_list = [loaded[pk] for pk in shown.object_list if pk in loaded]
    return SpeakerListPage(letters=letters, letter=letter, page=shown)


def speaker_page(*, slug: str) -> Speaker | None:
    """A public person with affiliations, sessions in every event, quotes and edited reports.

    Prefetched as ``public_participations``, ``public_quotes`` and ``public_editorships``
    (six queries in all).
    """
    sessions = Session.objects.public()
    return (
        Speaker.objects.public()
        .filter(slug=slug)
        .with_affiliations()
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(session__in=sessions)
                .select_related("session__day__event", "session__room", "affiliation__organisation")
                .order_by("-session__day__event__start_date", "session__start", "session__order"),
                to_attr="public_participations",
            ),
            Prefetch(
                "quotes",
                queryset=Quote.objects.public()
                .select_related("session__day__event")
                .order_by("-session__day__event__start_date", "session__start", "order"),
                to_attr="public_quotes",
            ),
            Prefetch(
                "report_editorships",
                queryset=ReportEditor.objects.filter(report__in=Report.objects.public())
                .select_related("report")
                .order_by("-report__publication_date", "report__title"),
                to_attr="public_editorships",
            ),
        )
        .first()
    )


def organisation_list() -> list[Organisation]:
    """Public organisations by name, case and accents aside ("GO Lab" before "GSG")."""
    organisations = Organisation.objects.public().select_related("parent")
    return sorted(organisations, key=lambda organisation: sort_key(organisation.name))


@dataclass(frozen=True)
class OrganisationPage:
    organisation: Organisation
    parent: Organisation | None
    children: list[Organisation]
    affiliations: list[Affiliation]
    sessions: list
    reports: list


def organisation_page(*, slug: str) -> OrganisationPage | None:
    """An organisation with its public people, their sessions and its reports (six queries)."""
    public = Organisation.objects.public()
    organisation = public.filter(slug=slug).first()
    if organisation is None:
        return None
    related = sorted(
        public.filter(Q(children=organisation) | Q(parent=organisation)),
        key=lambda other: sort_key(other.name),
    )
    affiliations = sorted(
        Affiliation.objects.filter(
            organisation=organisation, speaker__in=Speaker.objects.public()
        ).select_related("speaker"),
        key=lambda affiliation: (affiliation.speaker.sort_key, affiliation.pk),
    )
    people = [affiliation.speaker_id for affiliation in affiliations]
    sessions = list(
        Session.objects.public()
        .filter(participations__speaker__in=people)
        .distinct()
        .select_related("day__event", "room")
        .order_by("-day__event__start_date", "day__number", "start", "order", "pk")
    )
    reports = list(
        Report.objects.public().filter(publisher=organisation).select_related("event")
    )
    return OrganisationPage(
        organisation=organisation,
        parent=next((o for o in related if o.pk == organisation.parent_id), None),
        children=[o for o in related if o.parent_id == organisation.pk],
        affiliations=affiliations,
        sessions=sessions,
        reports=reports,
    )
