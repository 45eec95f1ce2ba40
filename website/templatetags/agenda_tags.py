"""Star links of the personal agenda: ``{% agenda_add_url session event %}``.

The link is the same for every visitor, so the pages that carry it stay cacheable.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from sessions.stable_ids import session_id

register = template.Library()


@register.simple_tag
def agenda_id(session, event) -> str:
    return str(session_id(session, event))


@register.simple_tag
def agenda_add_url(session, event) -> str:
    path = reverse("attendee:agenda-edit", kwargs={"event": event.slug})
    return f"{path}?{urlencode({'add': session_id(session, event)})}"
