"""Quote card PNGs: public for published quotes, and for editors from the admin (any status)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cms.caching import page_cache
from sessions.quote_cards import card_quotes, quote_card_png


def _png_response(request, quote, *, cache_control):
    response = HttpResponse(quote_card_png(quote), content_type="image/png")
    response["Cache-Control"] = cache_control
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="quote-{quote.pk}.png"'
    return response


@page_cache(query=("download",))
@require_safe
def quote_card(request, event, pk):
    """The share image (``og:image``) of a published quote; drafts are not found."""
    quote = get_object_or_404(card_quotes().public(), pk=pk, session__day__event__slug=event)
    return _png_response(request, quote, cache_control="public, max-age=3600")


@staff_member_required
@require_safe
def quote_card_admin(request, pk):
    """The card of any quote, drafts included, for staff who may view quotes in the admin."""
    if not request.user.has_perm("programme.view_quote"):
        raise PermissionDenied
    quote = get_object_or_404(card_quotes(), pk=pk)
    return _png_response(request, quote, cache_control="private, no-store")
