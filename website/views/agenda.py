"""The personal agenda: star links, the "my agenda" page and its calendar feed.

The star links on the programme, session and recap pages are the same for everyone
(``/<event>/agenda/?add=<id>``), so those pages stay cacheable. Only ``/<event>/agenda/``
reads the cookie that remembers the current token, and its answers are never cached.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.caching import never_page_cached
from conference.models import Event
from sessions.schedule.ics import render_calendar
from sessions.schedule.selectors import event_sessions
from sessions.stable_ids import session_id
from website import agenda
from website.pages import public_event, render_page
from website.views.files import file_response
from website.views.schedule_exports import CALENDAR, _base_url


def _current_ids(request, event: Event) -> list:
    """The agenda being edited: the token in ``?t=``, else the remembered one, else none."""
    token = request.GET.get("t") or request.COOKIES.get(agenda.cookie_name(event), "")
    if not token:
        return []
    try:
        return agenda.read_token(event, token)
    except agenda.BadToken:
        if "t" in request.GET:
            raise Http404("This agenda address is not valid.") from None
        return []  # a stale or edited cookie is forgotten


def _refused(request, event: Event, message: str):
    response = render(
        request,
        "conference/agenda_error.html",
        {"event": event, "message": message},
        status=400,
    )
    add_never_cache_headers(response)
    return response


def _remember(response, event: Event, token: str):
    """Keeps the token in a cookie for this event's pages only (read by agenda.js too)."""
    path = reverse("conference:event-detail", kwargs={"event": event.slug})
    if token:
        response.set_cookie(
            agenda.cookie_name(event),
            token,
            max_age=agenda.COOKIE_MAX_AGE,
            path=path,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    else:
        response.delete_cookie(agenda.cookie_name(event), path=path, samesite="Lax")
    return response


@never_page_cached
@require_safe
def edit(request, event):
    """``?add=<id>`` or ``?remove=<id>`` changes the agenda and shows its new address;
    with neither, the remembered agenda (or an empty one). Never cached: it reads a cookie."""
    event = public_event(event)
    ids = _current_ids(request, event)
    to_add, to_remove = request.GET.get("add"), request.GET.get("remove")
    if to_add is not None or to_remove is not None:
        chosen = agenda.parse_id(to_add if to_add is not None else to_remove)
        if chosen is None or chosen not in agenda.public_session_ids(event):
            return _refused(request, event, _("There is no such session in this programme."))
        if to_add is not None:
            ids = [*ids, chosen]
            if len(set(ids)) > agenda.MAX_SESSIONS:
                return _refused(
                    request,
                    event,
                    _("An agenda holds at most %(count)d sessions.")
                    % {"count": agenda.MAX_SESSIONS},
                )
        else:
            ids = [i for i in ids if i != chosen]
    token = agenda.make_token(event, ids)
    if token:
        response = redirect("attendee:agenda", event=event.slug, token=token)
    else:
        response = render(
            request,
            "conference/agenda.html",
            {"event": event, "sessions": [], "token": "", "page_title": _title(event)},
        )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return _remember(response, event, token)


def _title(event: Event) -> str:
    return _("My agenda · %(event)s") % {"event": event.name}


@require_safe
def page(request, event, token):
    """One agenda, by its address: the same for anyone who has it, so it may be cached."""
    event = public_event(event)
    try:
        ids = agenda.read_token(event, token)
    except agenda.BadToken:
        raise Http404("This agenda address is not valid.") from None
    sessions = agenda.starred_sessions(event, ids)
    for session in sessions:
        session.agenda_id = session_id(session)
    return render_page(
        request,
        "conference/agenda.html",
        title=_title(event),
        description=_("The sessions of %(event)s you starred.") % {"event": event.name},
        event=event,
        sessions=sessions,
        token=token,
    )


@require_safe
def calendar(request, event, token):
    """The starred sessions as iCalendar, as they are now: a calendar app that subscribes
    to this address follows later changes of time, room or title."""
    event = public_event(event)
    try:
        ids = set(agenda.read_token(event, token))
    except agenda.BadToken:
        raise Http404("This agenda address is not valid.") from None
    sessions = [s for s in event_sessions(event=event) if session_id(s) in ids]
    name = _("My agenda – %(event)s") % {"event": event.name}
    body = render_calendar(sessions, name=name, base_url=_base_url(request))
    return file_response(body, CALENDAR)
