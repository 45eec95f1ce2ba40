"""Reads behind the speaker and organisation pages.

A person's or an organisation's page gathers what they did across the programme: sessions,
quotes and reports. Only people and organisations that published content shows are public
(``Speaker.objects.public()``, ``Organisation.objects.public()``, from ``cms.graph``).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr, Upper

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
    """Public people in alphabetical order, optionally those whose name starts with a letter.

    An unknown letter is ignored rather than answered with an empty page.
    """
    public = Speaker.objects.public()
    initials = (
        public.annotate(initial=Upper(Substr("name", 1, 1)))
        .order_by()
        .values_list("initial")
        .annotate(people=Count("pk"))
    )
    people_by_letter = dict(initials)
    letters = sorted(people_by_letter)
    letter = letter.upper() if letter.upper() in letters else ""
    speakers = public.with_affiliations().order_by("name", "pk")
    if letter:
        speakers = speakers.filter(name__istartswith=letter)
    paginator = Paginator(speakers, SPEAKERS_PER_PAGE)
    # Known from the initials already: saves the paginator its COUNT query.
    paginator.count = people_by_letter[letter] if letter else sum(people_by_letter.values())
    return SpeakerListPage(letters=letters, letter=letter, page=paginator.get_page(page))


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
    return list(Organisation.objects.public().select_related("parent").order_by("name"))


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
    related = list(
        public.filter(Q(children=organisation) | Q(parent=organisation)).order_by("name")
    )
    affiliations = list(
        Affiliation.objects.filter(
            organisation=organisation, speaker__in=Speaker.objects.public()
        )
        .select_related("speaker")
        .order_by("speaker__name", "pk")
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
