"""Who may open what: every URL pattern the site serves, for each role, in one table.

Each row names a URL pattern (as Django's resolver spells it), a request that reaches it and
the answer each role gets: anonymous, Editor, Organiser, superuser: a status code,
``LOGIN`` (a redirect to the admin login page), ``DOWNLOAD`` or ``NOT_RUN`` (see below).
A pattern missing from the table fails the coverage test, so a new URL has to be given its
expected answers here. Each request runs in its own rolled-back transaction with a fresh
login, so no row changes what another row sees.
"""

from types import SimpleNamespace
from typing import NamedTuple

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from reversion.models import Version
from taggit.models import Tag

from cms.models import PendingChange
from cms.publishing import Status
from conference.models import Day, Event, SiteIdentity
from reports.models import Report
from sessions.models import Quote, SessionAttachment, SessionType, Track
from tests.factories import (
    DayFactory,
    EventFactory,
    OrganisationFactory,
    QuoteFactory,
    ReportFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.public_site import build_public_site
from tests.reports.pdfs import pdf_bytes
from website import agenda

LOGIN = "login"  # a redirect to /admin/login/
DOWNLOAD = "download"  # an admin action answering with a file
NOT_RUN = "not run"  # an admin action refused: the changelist again, nothing done
ROLES = ("anonymous", "Editor", "Organiser", "superuser")


class Row(NamedTuple):
    route: str
    method: str
    path: str  # formatted with the site's objects: {o.event.slug}
    anonymous: int | str
    editor: int | str
    organiser: int | str
    superuser: int | str
    data: dict | None = None

    def expected(self, role: str):
        return self[3 + ROLES.index(role)]


def get(route, path, *answers):
    return Row(route, "GET", path, *answers)


def post(route, path, data, *answers):
    return Row(route, "POST", path, *answers, data=data)


def everyone(code):
    return (code, code, code, code)


STAFF = (LOGIN, 200, 200, 200)
ORGANISERS = (LOGIN, 403, 200, 200)
SUPERUSER_ONLY = (LOGIN, 403, 403, 200)

PUBLIC = [
    get("", "/", *everyone(200)),
    get("programme/", "/programme/", *everyone(302)),
    get("sitemap.xml", "/sitemap.xml", *everyone(200)),
    get("robots.txt", "/robots.txt", *everyone(200)),
    get("feeds/recaps.atom", "/feeds/recaps.atom", *everyone(200)),
    get("search/", "/search/?q=trust", *everyone(200)),
    get("topics/", "/topics/", *everyone(200)),
    get("topics/<str:slug>/", "/topics/trust/", *everyone(200)),
    get("topics/<str:slug>/", "/topics/secret-topic/", *everyone(404)),
    get("speakers/", "/speakers/", *everyone(200)),
    get("speakers/<slug:slug>/", "/speakers/{o.tina.slug}/", *everyone(200)),
    get("speakers/<slug:slug>/", "/speakers/{o.hidden.slug}/", *everyone(404)),
    get("organisations/", "/organisations/", *everyone(200)),
    get("organisations/<slug:slug>/", "/organisations/{o.golab.slug}/", *everyone(200)),
    get("organisations/<slug:slug>/", "/organisations/{o.hidden_org.slug}/", *everyone(404)),
    get("reports/", "/reports/", *everyone(200)),
    get("reports/<slug:slug>/", "/reports/{o.report.slug}/", *everyone(200)),
    get("reports/<slug:slug>/", "/reports/{o.draft_report.slug}/", *everyone(404)),
    get("reports/<slug:slug>/report.pdf", "/reports/{o.report.slug}/report.pdf", *everyone(200)),
    # A draft's PDF is not served, not even to editors (they download it in the admin).
    get(
        "reports/<slug:slug>/report.pdf",
        "/reports/{o.draft_report.slug}/report.pdf",
        *everyone(404),
    ),
    get("<slug:event>/", "/{o.event.slug}/", *everyone(200)),
    get("<slug:event>/", "/{o.draft_event.slug}/", *everyone(404)),
    get("<slug:event>/programme/", "/{o.event.slug}/programme/", *everyone(200)),
    get("<slug:event>/programme/", "/{o.draft_event.slug}/programme/", *everyone(404)),
    get(
        "<slug:event>/programme/day-<int:number>/",
        "/{o.event.slug}/programme/day-1/",
        *everyone(200),
    ),
    get(
        "<slug:event>/programme/day-<int:number>/",
        "/{o.event.slug}/programme/day-2/",
        *everyone(404),
    ),
    get("<slug:event>/programme/now/", "/{o.event.slug}/programme/now/", *everyone(200)),
    get("<slug:event>/programme/now/", "/{o.draft_event.slug}/programme/now/", *everyone(404)),
    get("<slug:event>/day-<int:number>/", "/{o.event.slug}/day-1/", *everyone(200)),
    get("<slug:event>/day-<int:number>/", "/{o.event.slug}/day-2/", *everyone(404)),
    get("<slug:event>/sessions/<slug:slug>/", "/{o.event.slug}/sessions/keynote/", *everyone(200)),
    get(
        "<slug:event>/sessions/<slug:slug>/",
        "/{o.event.slug}/sessions/{o.draft_session.slug}/",
        *everyone(404),
    ),
    get("<slug:event>/quotes/", "/{o.event.slug}/quotes/", *everyone(200)),
    get("<slug:event>/quotes/", "/{o.draft_event.slug}/quotes/", *everyone(404)),
    get("<slug:event>/quotes/<int:pk>/", "/{o.event.slug}/quotes/{o.quote.pk}/", *everyone(200)),
    get(
        "<slug:event>/quotes/<int:pk>/",
        "/{o.event.slug}/quotes/{o.draft_quote.pk}/",
        *everyone(404),
    ),
    get(
        "<slug:event>/quotes/<int:pk>/card.png",
        "/{o.event.slug}/quotes/{o.quote.pk}/card.png",
        *everyone(200),
    ),
    get(
        "<slug:event>/quotes/<int:pk>/card.png",
        "/{o.event.slug}/quotes/{o.draft_quote.pk}/card.png",
        *everyone(404),
    ),
]

PUBLIC_EXPORTS = [
    get("<slug:event>/programme.ics", "/{o.event.slug}/programme.ics", *everyone(200)),
    get("<slug:event>/programme.ics", "/{o.draft_event.slug}/programme.ics", *everyone(404)),
    get(
        "<slug:event>/day-<int:number>/programme.ics",
        "/{o.event.slug}/day-1/programme.ics",
        *everyone(200),
    ),
    get(
        "<slug:event>/day-<int:number>/programme.ics",
        "/{o.event.slug}/day-2/programme.ics",
        *everyone(404),
    ),
    get(
        "<slug:event>/sessions/<slug:slug>/session.ics",
        "/{o.event.slug}/sessions/keynote/session.ics",
        *everyone(200),
    ),
    # A draft session's transcript and attachments are not served, not even to editors.
    get(
        "<slug:event>/sessions/<slug:slug>/transcript.vtt",
        "/{o.event.slug}/sessions/keynote/transcript.vtt",
        *everyone(200),
    ),
    get(
        "<slug:event>/sessions/<slug:slug>/transcript.vtt",
        "/{o.event.slug}/sessions/{o.draft_session.slug}/transcript.vtt",
        *everyone(404),
    ),
    get(
        "<slug:event>/sessions/<slug:slug>/attachments/<int:pk>/<str:filename>",
        "/{o.event.slug}/sessions/keynote/attachments/{o.slides.pk}/slides.pdf",
        *everyone(200),
    ),
    get(
        "<slug:event>/sessions/<slug:slug>/attachments/<int:pk>/<str:filename>",
        "/{o.event.slug}/sessions/{o.draft_session.slug}/attachments/{o.draft_slides.pk}/slides.pdf",
        *everyone(404),
    ),
    get(
        "<slug:event>/sessions/<slug:slug>/session.ics",
        "/{o.event.slug}/sessions/{o.draft_session.slug}/session.ics",
        *everyone(404),
    ),
    get(
        "speakers/<slug:slug>/sessions.ics",
        "/speakers/{o.tina.slug}/sessions.ics",
        *everyone(200),
    ),
    get(
        "speakers/<slug:slug>/sessions.ics",
        "/speakers/{o.hidden.slug}/sessions.ics",
        *everyone(404),
    ),
    *[
        row
        for name in (
            "schedule.xml", "schedule.json", "schedule2.json", "sessions.csv", "speakers.csv"
        )
        for row in (
            get(f"<slug:event>/{name}", f"/{{o.event.slug}}/{name}", *everyone(200)),
            get(f"<slug:event>/{name}", f"/{{o.draft_event.slug}}/{name}", *everyone(404)),
        )
    ],
    *[
        row
        for fmt in ("pdf", "html", "md")
        for row in (
            get(
                f"<slug:event>/day-<int:number>/recap.{fmt}",
                f"/{{o.event.slug}}/day-1/recap.{fmt}",
                *everyone(200),
            ),
            get(
                f"<slug:event>/day-<int:number>/recap.{fmt}",
                f"/{{o.event.slug}}/day-2/recap.{fmt}",
                *everyone(404),
            ),
            get(f"<slug:event>/recap.{fmt}", f"/{{o.event.slug}}/recap.{fmt}", *everyone(200)),
            get(
                f"<slug:event>/recap.{fmt}",
                f"/{{o.draft_event.slug}}/recap.{fmt}",
                *everyone(404),
            ),
        )
    ],
]

ATTENDEE = [
    get("<slug:event>/embed/", "/{o.event.slug}/embed/", *everyone(200)),
    get("<slug:event>/embed/", "/{o.draft_event.slug}/embed/", *everyone(404)),
    get("<slug:event>/day-<int:number>/embed/", "/{o.event.slug}/day-1/embed/", *everyone(200)),
    get("<slug:event>/day-<int:number>/embed/", "/{o.event.slug}/day-2/embed/", *everyone(404)),
    get("<slug:event>/tracks/<slug:track>/embed/", "/{o.event.slug}/tracks/none/embed/",
        *everyone(404)),
    get("<slug:event>/tracks/<slug:track>/embed/", "/{o.draft_event.slug}/tracks/none/embed/",
        *everyone(404)),
    get("accessibility/", "/accessibility/", *everyone(200)),
    get(
        "<slug:event>/programme/now/screen/",
        "/{o.event.slug}/programme/now/screen/",
        *everyone(200),
    ),
    get(
        "<slug:event>/programme/now/screen/",
        "/{o.draft_event.slug}/programme/now/screen/",
        *everyone(404),
    ),
    get("<slug:event>/agenda/", "/{o.event.slug}/agenda/", *everyone(200)),
    get("<slug:event>/agenda/", "/{o.event.slug}/agenda/?add={o.keynote_id}", *everyone(302)),
    get("<slug:event>/agenda/", "/{o.event.slug}/agenda/?add={o.draft_session_id}", *everyone(400)),
    get("<slug:event>/agenda/", "/{o.draft_event.slug}/agenda/", *everyone(404)),
    get("<slug:event>/agenda/<str:token>/", "/{o.event.slug}/agenda/{o.agenda}/", *everyone(200)),
    get("<slug:event>/agenda/<str:token>/", "/{o.event.slug}/agenda/x{o.agenda}/", *everyone(404)),
    get(
        "<slug:event>/agenda/<str:token>.ics",
        "/{o.event.slug}/agenda/{o.agenda}.ics",
        *everyone(200),
    ),
    get(
        "<slug:event>/agenda/<str:token>.ics",
        "/{o.event.slug}/agenda/x{o.agenda}.ics",
        *everyone(404),
    ),
]

API = [
    get("api/v1/", "/api/v1/", *everyone(404)),
    get("api/v1/openapi.json", "/api/v1/openapi.json", *everyone(200)),
    get("api/v1/docs", "/api/v1/docs", *everyone(200)),
    get("api/v1/events", "/api/v1/events", *everyone(200)),
    get("api/v1/events/<slug>", "/api/v1/events/{o.event.slug}", *everyone(200)),
    get("api/v1/events/<slug>", "/api/v1/events/{o.draft_event.slug}", *everyone(404)),
    get("api/v1/events/<slug>/days", "/api/v1/events/{o.event.slug}/days", *everyone(200)),
    get("api/v1/events/<slug>/days", "/api/v1/events/{o.draft_event.slug}/days", *everyone(404)),
    get(
        "api/v1/events/<slug>/days/<number>",
        "/api/v1/events/{o.event.slug}/days/1",
        *everyone(200),
    ),
    get(
        "api/v1/events/<slug>/days/<number>",
        "/api/v1/events/{o.event.slug}/days/2",
        *everyone(404),
    ),
    get("api/v1/events/<slug>/rooms", "/api/v1/events/{o.event.slug}/rooms", *everyone(200)),
    get(
        "api/v1/events/<slug>/rooms",
        "/api/v1/events/{o.draft_event.slug}/rooms",
        *everyone(404),
    ),
    get(
        "api/v1/events/<slug>/sessions",
        "/api/v1/events/{o.event.slug}/sessions",
        *everyone(200),
    ),
    get(
        "api/v1/events/<slug>/sessions",
        "/api/v1/events/{o.draft_event.slug}/sessions",
        *everyone(404),
    ),
    get(
        "api/v1/events/<slug>/sessions/<session>",
        "/api/v1/events/{o.event.slug}/sessions/keynote",
        *everyone(200),
    ),
    get(
        "api/v1/events/<slug>/sessions/<session>",
        "/api/v1/events/{o.event.slug}/sessions/{o.draft_session.slug}",
        *everyone(404),
    ),
    get("api/v1/events/<slug>/quotes", "/api/v1/events/{o.event.slug}/quotes", *everyone(200)),
    get(
        "api/v1/events/<slug>/quotes",
        "/api/v1/events/{o.draft_event.slug}/quotes",
        *everyone(404),
    ),
    get(
        "api/v1/events/<slug>/quotes/<pk>",
        "/api/v1/events/{o.event.slug}/quotes/{o.quote.pk}",
        *everyone(200),
    ),
    get(
        "api/v1/events/<slug>/quotes/<pk>",
        "/api/v1/events/{o.event.slug}/quotes/{o.draft_quote.pk}",
        *everyone(404),
    ),
    get(
        "api/v1/events/<slug>/reports",
        "/api/v1/events/{o.event.slug}/reports",
        *everyone(200),
    ),
    get(
        "api/v1/events/<slug>/reports",
        "/api/v1/events/{o.draft_event.slug}/reports",
        *everyone(404),
    ),
    get("api/v1/reports", "/api/v1/reports", *everyone(200)),
    get("api/v1/reports/<slug>", "/api/v1/reports/{o.report.slug}", *everyone(200)),
    get("api/v1/reports/<slug>", "/api/v1/reports/{o.draft_report.slug}", *everyone(404)),
    get("api/v1/people", "/api/v1/people", *everyone(200)),
    get("api/v1/people/<slug>", "/api/v1/people/{o.tina.slug}", *everyone(200)),
    get("api/v1/people/<slug>", "/api/v1/people/{o.hidden.slug}", *everyone(404)),
    get("api/v1/organisations", "/api/v1/organisations", *everyone(200)),
    get("api/v1/organisations/<slug>", "/api/v1/organisations/{o.golab.slug}", *everyone(200)),
    get(
        "api/v1/organisations/<slug>",
        "/api/v1/organisations/{o.hidden_org.slug}",
        *everyone(404),
    ),
    post("api/v1/events", "/api/v1/events", {}, *everyone(405)),
]

PREVIEW = "admin/preview/<str:app_label>/<str:model_name>/<int:pk>/"
EDITORS_TOOLS = [
    get(PREVIEW, "/admin/preview/programme/session/{o.draft_session.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/conference/day/{o.draft_day.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/conference/event/{o.draft_event.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/programme/quote/{o.draft_quote.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/reports/report/{o.draft_report.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/speakers/speaker/{o.hidden.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/conference/organisation/{o.hidden_org.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/programme/session/{o.keynote.pk}/", *STAFF),
    get(PREVIEW, "/admin/preview/auth/user/{o.user.pk}/", LOGIN, 404, 404, 404),
    get(PREVIEW, "/admin/preview/programme/session/999999/", LOGIN, 404, 404, 404),
    get("admin/markdown-preview/", "/admin/markdown-preview/", LOGIN, 405, 405, 405),
    post("admin/markdown-preview/", "/admin/markdown-preview/", {"text": "*hi*"}, *STAFF),
    get("admin/quote-cards/<int:pk>.png", "/admin/quote-cards/{o.draft_quote.pk}.png", *STAFF),
    get("admin/quote-cards/<int:pk>.png", "/admin/quote-cards/{o.quote.pk}.png", *STAFF),
    get("admin/programme/session/import/", "/admin/programme/session/import/", *ORGANISERS),
    post(
        "admin/programme/session/import/",
        "/admin/programme/session/import/",
        {},  # no file: the form answers with its error, nothing is imported
        *ORGANISERS,
    ),
]

def served_routes() -> set[str]:
    """Every URL pattern of the URLconf, spelt as ``ResolverMatch.route`` spells it."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).removeprefix("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return set(walk(get_resolver().url_patterns))


# The admin's app index lists the apps in the order their models were registered.
APP_INDEX = next(route for route in served_routes() if route.startswith("admin/(?P<app_label>"))
ADMIN_SITE = [
    get("admin/", "/admin/", *STAFF),
    get("admin/login/", "/admin/login/", 200, 302, 302, 302),
    post("admin/login/", "/admin/login/", {"username": "nobody", "password": "x"}, *everyone(200)),
    get("admin/logout/", "/admin/logout/", 302, 405, 405, 405),
    post("admin/logout/", "/admin/logout/", {}, 302, 200, 200, 200),
    get("admin/password_change/", "/admin/password_change/", *STAFF),
    get("admin/password_change/done/", "/admin/password_change/done/", *STAFF),
    get(
        "admin/autocomplete/",
        "/admin/autocomplete/?app_label=programme&model_name=quote&field_name=speaker",
        *STAFF,
    ),
    get("admin/jsi18n/", "/admin/jsi18n/", *STAFF),
    get(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        "/admin/r/{o.session_type.pk}/{o.keynote.pk}/",
        LOGIN,
        302,
        302,
        302,
    ),
    get(
        APP_INDEX,
        "/admin/conference/",
        *STAFF,
    ),
    get(
        APP_INDEX,
        "/admin/auth/",
        LOGIN,
        404,
        404,
        200,
    ),
    get("admin/(?P<url>.*)$", "/admin/no-such-page/", LOGIN, 404, 404, 404),
]


def model_admin_rows(
    model: str, obj: str, *, change, delete, add=None, view=None
) -> list[Row]:
    """The six pages Django's admin gives every registered model (``model`` as app/model).

    ``delete`` is the delete page of ``obj``; ``view`` is for the changelist, history and the
    bare object address (which redirects to the change page), ``add`` for the add page.
    """
    view = view or change
    add = add or change
    base = f"admin/{model}/"
    where = f"/admin/{model}/{{o.{obj}.pk}}/"
    redirect = (LOGIN, 302, 302, 302)  # to the change page, which checks permissions
    return [
        get(base, f"/admin/{model}/", *view),
        get(f"{base}add/", f"/admin/{model}/add/", *add),
        get(f"{base}<path:object_id>/change/", f"{where}change/", *change),
        get(f"{base}<path:object_id>/delete/", f"{where}delete/", *delete),
        get(f"{base}<path:object_id>/history/", f"{where}history/", *view),
        get(f"{base}<path:object_id>/", where, *redirect),
    ]


ACCOUNTS = [
    *model_admin_rows("auth/user", "user", change=SUPERUSER_ONLY, delete=SUPERUSER_ONLY),
    get(
        "admin/auth/user/<id>/password/",
        "/admin/auth/user/{o.user.pk}/password/",
        *SUPERUSER_ONLY,
    ),
    *model_admin_rows("auth/group", "group", change=SUPERUSER_ONLY, delete=SUPERUSER_ONLY),
    # Topics are added from sessions and reports; organisers rename, merge and delete them here,
    # editors may look them up.
    *model_admin_rows(
        "cms/topic", "tag", change=STAFF, view=STAFF, add=ORGANISERS, delete=ORGANISERS
    ),
    # Login lockouts (django-axes): read-only records, for superusers.
    *[
        row
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for row in model_admin_rows(
            f"axes/{model}",
            model,
            change=SUPERUSER_ONLY,
            delete=SUPERUSER_ONLY,
            add=(LOGIN, 403, 403, 403),
        )
    ],
]

NO_DELETE_FOR_EDITORS = (LOGIN, 403, 200, 200)
CONTENT = [
    # Editors delete only drafts of the rows a programme is written with.
    *model_admin_rows(
        "conference/event", "draft_event", change=STAFF, delete=NO_DELETE_FOR_EDITORS
    ),
    *model_admin_rows("conference/day", "draft_day", change=STAFF, delete=NO_DELETE_FOR_EDITORS),
    *model_admin_rows(
        "conference/organisation", "hidden_org", change=STAFF, delete=NO_DELETE_FOR_EDITORS
    ),
    *model_admin_rows("speakers/speaker", "hidden", change=STAFF, delete=NO_DELETE_FOR_EDITORS),
    # A person's affiliations, for the session form after the "+" popup added the person.
    get(
        "admin/speakers/speaker/affiliations/",
        "/admin/speakers/speaker/affiliations/?speaker={o.speaker.pk}",
        *STAFF,
    ),
    *model_admin_rows("programme/session", "draft_session", change=STAFF, delete=STAFF),
    get(
        "admin/programme/session/<path:object_id>/delete/",
        "/admin/programme/session/{o.keynote.pk}/delete/",
        *NO_DELETE_FOR_EDITORS,
    ),
    *model_admin_rows("programme/quote", "draft_quote", change=STAFF, delete=STAFF),
    get(
        "admin/programme/quote/<path:object_id>/delete/",
        "/admin/programme/quote/{o.quote.pk}/delete/",
        *NO_DELETE_FOR_EDITORS,
    ),
    *model_admin_rows("reports/report", "draft_report", change=STAFF, delete=NO_DELETE_FOR_EDITORS),
    # An event's session types and tracks: editors manage them like the rest of the programme.
    *model_admin_rows("programme/sessiontype", "talk_type", change=STAFF, delete=STAFF),
    *model_admin_rows("programme/track", "track", change=STAFF, delete=STAFF),
    # The site identity, one row, is the Organisers': its list and add page open that row.
    get("admin/conference/siteidentity/", "/admin/conference/siteidentity/", LOGIN, 403, 302, 302),
    get(
        "admin/conference/siteidentity/add/",
        "/admin/conference/siteidentity/add/",
        LOGIN,
        403,
        302,
        302,
    ),
    get(
        "admin/conference/siteidentity/<path:object_id>/change/",
        "/admin/conference/siteidentity/{o.identity.pk}/change/",
        *ORGANISERS,
    ),
    get(
        "admin/conference/siteidentity/<path:object_id>/delete/",
        "/admin/conference/siteidentity/{o.identity.pk}/delete/",
        LOGIN,
        403,
        403,
        403,
    ),
    get(
        "admin/conference/siteidentity/<path:object_id>/history/",
        "/admin/conference/siteidentity/{o.identity.pk}/history/",
        *ORGANISERS,
    ),
    get(
        "admin/conference/siteidentity/<path:object_id>/",
        "/admin/conference/siteidentity/{o.identity.pk}/",
        LOGIN,
        302,
        302,
        302,
    ),
]

HISTORY_MODELS = {
    "conference/event": "event",
    "conference/day": "day",
    "conference/organisation": "organisation",
    "speakers/speaker": "speaker",
    "programme/session": "session",
    "programme/quote": "quote",
    "reports/report": "report",
}
UNPUBLISHABLE = {"organisation", "speaker"}
HISTORY = [
    row
    for model, key in HISTORY_MODELS.items()
    for row in (
        get(
            f"admin/{model}/<path:object_id>/history/compare/",
            f"/admin/{model}/{{o.history.{key}.pk}}/history/compare/"
            f"?from={{o.history.{key}_versions[0].pk}}&to={{o.history.{key}_versions[1].pk}}",
            *STAFF,
        ),
        get(
            f"admin/{model}/([^/]+)/history/(\\d+)/$",
            f"/admin/{model}/{{o.history.{key}.pk}}/history/{{o.history.{key}_versions[0].pk}}/",
            *STAFF,
        ),
        get(f"admin/{model}/recover/$", f"/admin/{model}/recover/", *STAFF),
        get(
            f"admin/{model}/recover/(\\d+)/$",
            f"/admin/{model}/recover/{{o.history.{key}_deleted_draft.pk}}/",
            *STAFF,
        ),
    )
] + [
    # Restoring deleted published content would publish it: editors are sent back.
    get(
        f"admin/{model}/recover/(\\d+)/$",
        f"/admin/{model}/recover/{{o.history.{key}_deleted_published.pk}}/",
        LOGIN,
        302,
        200,
        200,
    )
    for model, key in HISTORY_MODELS.items()
    if key not in UNPUBLISHABLE
]

# Pending changes of live content: everyone on the staff sees them; only those who may
# publish publish or discard them. The keynote has pending changes, the others have none.
MAY_PUBLISH = (LOGIN, 403, 302, 302)
PENDING = [
    row
    for model, key in HISTORY_MODELS.items()
    for row in (
        get(
            f"admin/{model}/<path:object_id>/pending/",
            f"/admin/{model}/{{o.{key}.pk}}/pending/",
            *STAFF,
        ),
        get(
            f"admin/{model}/<path:object_id>/pending/publish/",
            f"/admin/{model}/{{o.{key}.pk}}/pending/publish/",
            *MAY_PUBLISH,
        ),
        get(
            f"admin/{model}/<path:object_id>/pending/discard/",
            f"/admin/{model}/{{o.{key}.pk}}/pending/discard/",
            *(ORGANISERS if key == "session" else MAY_PUBLISH),  # a confirmation, or nothing
        ),
    )
] + [
    post(
        "admin/programme/session/<path:object_id>/pending/publish/",
        "/admin/programme/session/{o.keynote.pk}/pending/publish/",
        {},
        *MAY_PUBLISH,
    ),
    post(
        "admin/programme/session/<path:object_id>/pending/discard/",
        "/admin/programme/session/{o.keynote.pk}/pending/discard/",
        {},
        *MAY_PUBLISH,
    ),
]


ACTIONS = [
    *[
        post(
            f"admin/conference/{model}/",
            f"/admin/conference/{model}/",
            {"action": f"export_recaps_as_{fmt}", "_selected_action": f"{{o.{obj}.pk}}"},
            LOGIN,
            NOT_RUN,
            DOWNLOAD,
            DOWNLOAD,
        )
        for model, obj in (("day", "day"), ("event", "event"))
        for fmt in ("md", "html", "pdf")
    ],
    post(
        "admin/conference/day/",
        "/admin/conference/day/",
        {"action": "publish_with_contents_action", "_selected_action": "{o.draft_day.pk}"},
        LOGIN,
        NOT_RUN,
        200,  # the confirmation page
        200,
    ),
    post(
        "admin/programme/session/",
        "/admin/programme/session/",
        {"action": "delete_selected", "_selected_action": "{o.draft_session.pk}"},
        *STAFF,
    ),
    post(
        "admin/conference/event/",
        "/admin/conference/event/",
        {"action": "delete_selected", "_selected_action": "{o.draft_event.pk}"},
        LOGIN,
        NOT_RUN,
        200,
        200,
    ),
]

MATRIX = [
    *PUBLIC,
    *PUBLIC_EXPORTS,
    *ATTENDEE,
    *API,
    *EDITORS_TOOLS,
    *ADMIN_SITE,
    *ACCOUNTS,
    *CONTENT,
    *HISTORY,
    *PENDING,
    *ACTIONS,
]


def test_matrix_covers_every_url_pattern():
    covered = {row.route for row in MATRIX}

    assert sorted(served_routes() - covered) == [], "URL patterns missing from the matrix"
    assert sorted(covered - served_routes()) == [], "matrix rows for patterns that are gone"


def _versions(obj, count=2):
    for n in range(count):
        with reversion.create_revision():
            obj.save()
            reversion.set_comment(f"Edit {n}")
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def _deleted(factory, **kwargs):
    obj = factory(**kwargs)
    with reversion.create_revision():
        obj.save()
    version = Version.objects.get_for_object(obj).get()
    obj.delete()
    return version


def _history(site) -> SimpleNamespace:
    history = SimpleNamespace(
        event=site.event,
        day=site.day,
        organisation=site.golab,
        speaker=site.tina,
        session=site.keynote,
        quote=site.quote,
        report=site.report,
    )
    for key in HISTORY_MODELS.values():
        setattr(history, f"{key}_versions", _versions(getattr(history, key)))
    factories = {
        "event": lambda **kw: EventFactory(**kw),
        "day": lambda **kw: DayFactory(event=site.event, number=7, **kw),
        "organisation": lambda **kw: OrganisationFactory(**kw),
        "speaker": lambda **kw: SpeakerFactory(**kw),
        "session": lambda **kw: SessionFactory(day=site.day, **kw),
        "quote": lambda **kw: QuoteFactory(session=site.keynote, speaker=site.tina, **kw),
        "report": lambda **kw: ReportFactory(**kw),
    }
    for key, factory in factories.items():
        if key in UNPUBLISHABLE:  # public through what they appear in
            setattr(history, f"{key}_deleted_draft", _deleted(factory))
            continue
        setattr(history, f"{key}_deleted_draft", _deleted(factory, status=Status.DRAFT))
        setattr(history, f"{key}_deleted_published", _deleted(factory, status=Status.PUBLISHED))
    return history


@pytest.fixture
def site(db):
    """The public site with a draft of everything, history to browse and login records."""
    site = build_public_site()
    site.draft_event = Event.objects.get(slug="secret-conf")
    site.draft_day = Day.objects.get(event=site.event, number=2)
    site.draft_quote = Quote.objects.get(status=Status.DRAFT, session=site.keynote)
    assert Report.objects.public().filter(pk=site.draft_report.pk).count() == 0
    for report in (site.report, site.draft_report):
        report.pdf = SimpleUploadedFile("report.pdf", pdf_bytes())
        report.save()
    for session, name in ((site.keynote, "slides"), (site.draft_session, "draft_slides")):
        session.transcript = SimpleUploadedFile("t.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi")
        session.save()
        slides = SessionAttachment.objects.create(
            session=session, title="Slides", file=SimpleUploadedFile("s.pdf", pdf_bytes())
        )
        setattr(site, name, slides)
    site.user = get_user_model().objects.create_user(username="someone", password="x")
    site.group = Group.objects.get(name="Editor")
    site.tag = Tag.objects.get(slug="trust")
    site.session_type = ContentType.objects.get_for_model(site.keynote)
    site.talk_type = SessionType.objects.create(event=site.event, name="Talk", slug="talk")
    site.track = Track.objects.create(event=site.event, name="Policy", slug="policy")
    site.identity = SiteIdentity.objects.create(name="Test site")
    site.accessattempt = AccessAttempt.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    )
    site.accesslog = AccessLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="test"
    )
    site.accessfailurelog = AccessFailureLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="test"
    )
    site.history = _history(site)
    site.keynote.refresh_from_db()
    PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(site.keynote),
        object_id=site.keynote.pk,
        object_repr=str(site.keynote),
        data={"fields": {"title": "A pending title"}},
        version=site.keynote.version,
    )
    site.organisation = site.golab
    site.speaker = site.tina
    site.session = site.keynote
    site.keynote_id = site.keynote.uuid
    site.draft_session_id = site.draft_session.uuid
    site.agenda = agenda.make_token(site.event, [site.keynote_id])
    return site


def _client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role == "anonymous":
        return client
    user = get_user_model().objects.create_user(
        username=f"matrix-{role.lower()}",
        password="x",
        is_staff=True,
        is_superuser=role == "superuser",
    )
    if role != "superuser":
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client


def _fill(value, site):
    if isinstance(value, str):
        return value.format(o=site)
    return value


def _answer(response, row: Row) -> int | str:
    status = response.status_code
    if status == 302 and response["Location"].startswith("/admin/login/"):
        return LOGIN
    if not (row.data and "action" in row.data):
        return status
    if response.get("Content-Disposition", "").startswith("attachment"):
        return DOWNLOAD
    if (status == 200 and "cl" in (response.context or {})) or (
        status == 302 and response["Location"] == row.path
    ):
        return NOT_RUN
    return status


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_matrix_says(site, role):
    wrong = []
    for row in MATRIX:
        path = _fill(row.path, site)
        assert resolve(path.split("?")[0]).route == row.route, path
        data = {key: _fill(value, site) for key, value in (row.data or {}).items()}
        cache.clear()
        with transaction.atomic():
            client = _client(role)
            response = client.get(path) if row.method == "GET" else client.post(path, data)
            transaction.set_rollback(True)
        answer = _answer(response, row)
        if answer != row.expected(role):
            wrong.append(f"{row.method} {path}: {answer}, expected {row.expected(role)}")

    assert not wrong, "\n".join(wrong)
