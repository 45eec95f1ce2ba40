"""Session and quote pages."""

from urllib.parse import urljoin

from django.http import Http404
from django.urls import reverse

from cms.caching import page_cache
from sessions.quote_cards import HEIGHT, WIDTH
from website.metadata import description, public_origin
from website.pages import public_event, render_page
from website.selectors import sessions as selectors
from website.structured_data.people import item_list
from website.structured_data.sessions import quotation, session_event

CARD_SIZE = (WIDTH, HEIGHT)


@page_cache(query=("player",))
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
            f"{page.session.get_kind_display()} at {page.event.name}.",
        ),
        structured_data=session_event(page.session, page.event, request.build_absolute_uri),
        event=page.event,
        **_share_image(request, quotes[0] if quotes else None, page.event),
        page=page,
        session=page.session,
        show_player=request.GET.get("player") == "1" and page.embed_url is not None,
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
        title=f"Quotes · {event.name}",
        description=f"What speakers said at {event.name}, by topic, session and speaker.",
        structured_data=item_list(
            f"Quotes from {event.name}", page.page, request.build_absolute_uri, label=_quote_label
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
        title=f"Quote from {quote.attributed_to} · {event.name}",
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
