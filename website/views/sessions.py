"""Session and quote pages."""

import mimetypes
from urllib.parse import urljoin

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.caching import page_cache
from sessions.models import Session, SessionAttachment
from sessions.quote_cards import HEIGHT, WIDTH
from website.metadata import description, public_origin
from website.pages import public_event, render_page
from website.selectors import sessions as selectors
from website.structured_data.people import item_list
from website.structured_data.sessions import quotation, session_event

CARD_SIZE = (WIDTH, HEIGHT)


def session_detail(request, event, slug):
    page = selectors.session_page(event_slug=event, slug=slug)  # its event in the same query
    if page is None:
        raise Http404("No published session here.")
    quotes = list(page.session.quotes.all())
    return render_page(
        request,
        "sessions/session_detail.html",
        title=f"{page.session} · {page.event.name}",
        description=description(
            page.session.summary or page.session.recap_text,
            _("%(kind)s at %(event)s.")
            % {"kind": page.session.get_kind_display(), "event": page.event.name},
        ),
        structured_data=session_event(page.session, page.event, request.build_absolute_uri),
        event=page.event,
        **_share_image(request, quotes[0] if quotes else None, page.event),
        page=page,
        session=page.session,
    )


@require_safe
def session_transcript(request, event, slug):
    """The WebVTT file of a public session's transcript; a draft's is not found."""
    session = get_object_or_404(
        Session.objects.public().exclude(transcript=""), day__event__slug=event, slug=slug
    )
    return _private_file(session.transcript, "text/vtt; charset=utf-8", f"{slug}.vtt")


@require_safe
def session_attachment(request, event, slug, pk, filename):
    """An attachment of a public session, at an address ending in its file name (so that the
    static copy of the site saves it under that name)."""
    attachment = get_object_or_404(
        SessionAttachment.objects.filter(session__in=Session.objects.public()),
        session__day__event__slug=event,
        session__slug=slug,
        pk=pk,
    )
    if filename != attachment.filename:
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(attachment.file.name)[0] or "application/octet-stream"
    return _private_file(attachment.file, content_type, filename)


def _private_file(field_file, content_type: str, filename: str) -> FileResponse:
    """A file from private storage, whose only address is the view that checked it public."""
    try:
        file = field_file.open("rb")
    except OSError:
        raise Http404("The file is missing.") from None
    response = FileResponse(file, content_type=content_type, filename=filename)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def _share_image(request, quote, event) -> dict:
    """``og:image`` of a page: the quote's card (1200 x 630), else the event's banner."""
    origin = public_origin(request)
    if quote is not None:
        card = reverse("programme:quote-card", kwargs={"event": event.slug, "pk": quote.pk})
        return {
            "og_image": origin + card,
            "og_image_size": CARD_SIZE,
            "og_image_alt": f"“{quote.text}” – {quote.attributed_to}",
        }
    if event.banner:
        return {"og_image": urljoin(origin + "/", event.banner.url), "og_image_alt": ""}
    return {}


@page_cache(query=("topic", "session", "speaker", "page"), lists=True)
def quote_list(request, event):
    event = public_event(event)
    page = selectors.quote_list_page(
        event=event,
        topic=request.GET.get("topic", ""),
        session=request.GET.get("session", ""),
        speaker=request.GET.get("speaker", ""),
        page=request.GET.get("page", "1"),
    )
    return render_page(
        request,
        "sessions/quote_list.html",
        title=_("Quotes · %(event)s") % {"event": event.name},
        description=_("What speakers said at %(event)s, by topic, session and speaker.")
        % {"event": event.name},
        structured_data=item_list(
            _("Quotes from %(event)s") % {"event": event.name},
            page.page,
            request.build_absolute_uri,
            label=_quote_label,
        ),
        event=event,
        page=page,
    )


def _quote_label(quote) -> str:
    return f"{quote.text} – {quote.attributed_to}"


def quote_detail(request, event, pk):
    event = public_event(event)
    quote = selectors.quote_page(event=event, pk=pk)
    if quote is None:
        raise Http404("No published quote here.")
    origin = public_origin(request)
    return render_page(
        request,
        "sessions/quote_detail.html",
        title=_("Quote from %(person)s · %(event)s")
        % {"person": quote.attributed_to, "event": event.name},
        description=description(quote.text, ""),
        structured_data=quotation(quote, request.build_absolute_uri),
        event=event,
        og_type="article",
        **_share_image(request, quote, event),
        quote=quote,
        share_url=origin + quote.get_absolute_url(),
        card_url=reverse("programme:quote-card", kwargs={"event": event.slug, "pk": pk}),
        card_size=CARD_SIZE,
    )
