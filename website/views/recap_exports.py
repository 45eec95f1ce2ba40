"""Recap downloads: a day's or an event's recap as PDF, standalone HTML or Markdown.

Links in the files are absolute: the PUBLIC_BASE_URL setting, else the request's host.
Django's ConditionalGetMiddleware gives each the ETag of its body, so a repeated download
can answer 304.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cms.caching import page_cache
from conference.models import Day
from website.exports import FORMATS, RecapDocument, day_document, event_document
from website.exports.common import IMAGE_MODES
from website.metadata import public_origin
from website.pages import public_event
from website.views.files import file_response


def _base_url(request) -> str:
    return public_origin(request)


def _images(request) -> str:
    """ "?images=absolute" links images instead of embedding them (standalone HTML)."""
    images = request.GET.get("images", "inline")
    if images not in IMAGE_MODES:
        raise Http404(f"images must be one of {', '.join(IMAGE_MODES)}.")
    return images


def _download(request, document: RecapDocument, fmt: str):
    export = FORMATS[fmt]
    body = export.render(document)
    return file_response(body, export.content_type, export.filename(document))


@page_cache(query=("images",), rate_limit="export", single_flight=True, background=(".pdf",))
@require_safe
def day_recap_export(request, event, number, fmt):
    day = get_object_or_404(
        Day.objects.public().with_event(), event__slug=event, number=number
    )
    document = day_document(day=day, base_url=_base_url(request), images=_images(request))
    return _download(request, document, fmt)


@page_cache(query=("images",), rate_limit="export", single_flight=True, background=(".pdf",))
@require_safe
def event_recap_export(request, event, fmt):
    event = public_event(event)
    document = event_document(event=event, base_url=_base_url(request), images=_images(request))
    if not document.recaps:
        raise Http404("This event has no published recap yet.")
    return _download(request, document, fmt)
