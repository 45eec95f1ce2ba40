"""The endpoints of /api/v1/: GET only, every queryset through ``.public()``.

Lists are paginated (``?page=``, ``?page_size=`` up to ``MAX_PAGE_SIZE``) and each loads
what its schema shows in a fixed number of queries.
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI
from ninja.pagination import PageNumberPagination, paginate

from api import schemas
from conference.models import Day, Event, Organisation, Room
from reports.models import Report
from sessions.models import Participation, Quote, Session
from speakers.models import Affiliation, Speaker

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

api = NinjaAPI(
    title="Conference programmes API",
    version="1",
    description=(
        "Read-only JSON of the published programmes: events, days, rooms, sessions, people, "
        "organisations, quotes and reports. Drafts never appear. Lists are paginated; "
        "responses carry an ETag, and any origin may read them (CORS, without credentials)."
    ),
    urls_namespace="api-v1",
)


class Pages(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.public(), slug=slug)


def _organisations():
    return Organisation.objects.public().select_related("parent").order_by("name", "pk")


def _people():
    return (
        Speaker.objects.public()
        .prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
        )
        .order_by("name", "pk")
    )


def _sessions():
    return (
        Session.objects.public()
        .select_related("day__event", "room")
        .prefetch_related(
            "topics",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("speaker").order_by("order", "pk"),
            ),
            "attachments",
        )
        .in_programme_order()
    )


def _quotes():
    return (
        Quote.objects.public()
        .select_related("speaker", "session__day__event")
        .order_by("session__day__number", "session__start", "session__order", "order", "pk")
    )


def _reports():
    launched = Session.objects.public().filter(pk=OuterRef("launch_session_id"))
    return (
        Report.objects.public()
        .with_editors()
        .prefetch_related("topics")
        .annotate(public_launch_session_slug=Subquery(launched.values("slug")[:1]))
        .order_by("-publication_date", "title", "pk")
    )


NOT_FOUND = {404: schemas.Error}


@api.get("/events", response=list[schemas.Event], tags=["events"])
@paginate(Pages)
def list_events(request):
    return Event.objects.public().with_organiser().order_by("-start_date", "name", "pk")


@api.get("/events/{slug}", response={200: schemas.Event, **NOT_FOUND}, tags=["events"])
def get_event(request, slug: str):
    return get_object_or_404(Event.objects.public().with_organiser(), slug=slug)


@api.get("/events/{slug}/days", response=list[schemas.Day], tags=["events"])
@paginate(Pages)
def list_days(request, slug: str):
    return Day.objects.public().for_event(_event(slug)).with_event().order_by("number")


@api.get(
    "/events/{slug}/days/{number}", response={200: schemas.Day, **NOT_FOUND}, tags=["events"]
)
def get_day(request, slug: str, number: int):
    return get_object_or_404(
        Day.objects.public().with_event(), event__slug=slug, number=number
    )


@api.get("/events/{slug}/rooms", response=list[schemas.Room], tags=["events"])
@paginate(Pages)
def list_rooms(request, slug: str):
    return Room.objects.for_event(_event(slug)).order_by("order", "name")


@api.get("/events/{slug}/sessions", response=list[schemas.Session], tags=["sessions"])
@paginate(Pages)
def list_sessions(request, slug: str, day: int | None = None):
    """The event's published sessions in programme order; ``day`` keeps one day's."""
    sessions = _sessions().for_event(_event(slug))
    return sessions if day is None else sessions.filter(day__number=day)


@api.get(
    "/events/{slug}/sessions/{session}",
    response={200: schemas.Session, **NOT_FOUND},
    tags=["sessions"],
)
def get_session(request, slug: str, session: str):
    return get_object_or_404(_sessions(), day__event__slug=slug, slug=session)


@api.get("/events/{slug}/quotes", response=list[schemas.Quote], tags=["quotes"])
@paginate(Pages)
def list_quotes(request, slug: str):
    return _quotes().for_event(_event(slug))


@api.get(
    "/events/{slug}/quotes/{pk}", response={200: schemas.Quote, **NOT_FOUND}, tags=["quotes"]
)
def get_quote(request, slug: str, pk: int):
    return get_object_or_404(_quotes(), session__day__event__slug=slug, pk=pk)


@api.get("/events/{slug}/reports", response=list[schemas.Report], tags=["reports"])
@paginate(Pages)
def list_event_reports(request, slug: str):
    return _reports().for_event(_event(slug))


@api.get("/reports", response=list[schemas.Report], tags=["reports"])
@paginate(Pages)
def list_reports(request):
    return _reports()


@api.get("/reports/{slug}", response={200: schemas.Report, **NOT_FOUND}, tags=["reports"])
def get_report(request, slug: str):
    return get_object_or_404(_reports(), slug=slug)


@api.get("/people", response=list[schemas.Person], tags=["people"])
@paginate(Pages)
def list_people(request):
    """People who appear in published content."""
    return _people()


@api.get("/people/{slug}", response={200: schemas.Person, **NOT_FOUND}, tags=["people"])
def get_person(request, slug: str):
    return get_object_or_404(_people(), slug=slug)


@api.get("/organisations", response=list[schemas.Organisation], tags=["organisations"])
@paginate(Pages)
def list_organisations(request):
    """Organisations named by published content, and those they are part of."""
    return _organisations()


@api.get(
    "/organisations/{slug}",
    response={200: schemas.Organisation, **NOT_FOUND},
    tags=["organisations"],
)
def get_organisation(request, slug: str):
    return get_object_or_404(_organisations(), slug=slug)
