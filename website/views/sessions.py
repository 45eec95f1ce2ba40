"""Session and quote pages."""

from urllib.parse import urljoin

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from sessions.quote_cards import HEIGHT, WIDTH
from website.links import public_origin
from website.metadata import description
from website.selectors import sessions as selectors
from website.structured_data.people import item_list
from website.structured_data.sessions import quotation, session_event

CARD_SIZE = (WIDTH, HEIGHT)


def session_detail(request, event, slug):
    page = selectors.session_page(event_slug=event, slug=slug)
    if page is None:
        raise Http404("No published session here.")
    show_player = request.GET.get("player") == "1" and page.embed_url is not None
    quotes = list(page.session.quotes.all())
    return render(
        request,
        "sessions/session_detail.html",
        {
            "page": page,
            "session": page.session,
            "event": page.event,
            "show_player": show_player,
            "json_ld": session_event(page.session, page.event, request.build_absolute_uri),
            **_share_image(request, quotes[0] if quotes else None, page.event),
            "page_title": f"{page.session} · {page.event.name}",
            "description": description(
                page.session.summary or page.session.recap_text,
                f"{page.session.get_kind_display()} at {page.event.name}.",
            ),
        },
    )


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


def _event_or_404(slug):
    event = selectors.published_event(slug=slug)
    if event is None:
        raise Http404("No published event here.")
    return event


def quote_list(request, event):
    event = _event_or_404(event)
    page = selectors.quote_list_page(
        event=event,
        topic=request.GET.get("topic", ""),
        session=request.GET.get("session", ""),
        speaker=request.GET.get("speaker", ""),
        page=request.GET.get("page", "1"),
    )
    json_ld = item_list(
        f"Quotes from {event.name}", page.page, request.build_absolute_uri, label=_quote_label
    )
    return render(
        request,
        "sessions/quote_list.html",
        {
            "page": page,
            "event": event,
            "json_ld": json_ld,
            "page_title": f"Quotes · {event.name}",
            "description": f"What speakers said at {event.name}, by topic, session and speaker.",
        },
    )


def _quote_label(quote) -> str:
    return f"{quote.text} – {quote.attributed_to}"


def quote_detail(request, event, pk):
    event = _event_or_404(event)
    quote = selectors.quote_page(event=event, pk=pk)
    if quote is None:
        raise Http404("No published quote here.")
    origin = public_origin(request)
    return render(
        request,
        "sessions/quote_detail.html",
        {
            "quote": quote,
            "event": event,
            "json_ld": quotation(quote, request.build_absolute_uri),
            "page_title": f"Quote from {quote.attributed_to} · {event.name}",
            "description": description(quote.text, ""),
            "og_type": "article",
            "share_url": origin + quote.get_absolute_url(),
            "card_url": reverse("programme:quote-card", kwargs={"event": event.slug, "pk": pk}),
            "card_size": CARD_SIZE,
            **_share_image(request, quote, event),
        },
    )
