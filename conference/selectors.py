"""Reads across models for the home, event and programme pages.

Each function returns everything its page shows, eager-loaded, so that templates never
query and the number of queries does not grow with the size of the programme.
"""

from django.utils import timezone

from conference.models import Event


def current_event() -> Event | None:
    """The published event running today, else the next one, else the latest one."""
    today = timezone.localdate()
    events = Event.objects.published()
    return (
        events.filter(end_date__gte=today).order_by("start_date", "pk").first()
        or events.order_by("-end_date", "-pk").first()
    )
