"""What every public page shares, in one place.

``public_event`` finds the published event a URL names (a 404 otherwise); ``render_page``
renders a page with the head every page has (title, description, social tags, JSON-LD; the
canonical URL comes from the request in ``base.html``) and, for a page of an event, in the
event's time zone. Views gather their content and call these; none repeats the steps.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from conference.models import Event


def public_event(slug: str) -> Event:
    """The published event at ``/<slug>/``, with its organiser; a 404 for anything else."""
    event = Event.objects.public().with_organiser().filter(slug=slug).first()
    if event is None:
        raise Http404("No published event here.")
    return event


def render_page(
    request,
    template: str,
    *,
    title: str,
    description: str,
    structured_data: dict | None = None,
    event: Event | None = None,
    og_type: str = "",
    og_image: str = "",
    og_image_size: tuple[int, int] | None = None,
    og_image_alt: str = "",
    **context,
) -> HttpResponse:
    """Renders ``template`` (which extends ``seo_page.html``) with the page head filled in.

    ``og_image`` is an absolute URL; ``og_image_size`` (width, height) and ``og_image_alt``
    describe it for the social cards when known."""
    context |= {
        "page_title": title,
        "description": description,
        "structured_data": structured_data,
        "event": event,
        "og_type": og_type,
        "og_image": og_image,
        "og_image_size": og_image_size,
        "og_image_alt": og_image_alt,
    }
    if event is None:
        return render(request, template, context)
    with timezone.override(event.tzinfo):
        return render(request, template, context)
