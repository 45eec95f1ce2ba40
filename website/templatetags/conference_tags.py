"""Template tags and filters for the public pages: Markdown, British dates, event-local
times, and the speaker line and pull quote (inclusion tags over templates/includes/)."""

import datetime as dt
import json
from functools import lru_cache

from django import template
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cms.richtext import render_markdown
from conference.identity import stylesheet_url
from conference.models import SiteIdentity

register = template.Library()

# The characters json_script escapes, so that JSON-LD cannot close its <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def markdown(text: str) -> SafeString:
    """Editor Markdown as sanitised HTML."""
    return render_markdown(text or "")


def _local(value, event):
    if isinstance(value, dt.datetime) and event is not None:
        return value.astimezone(event.tzinfo)
    return value


@register.filter
def british_date(value, event=None) -> str:
    """ "Thursday 5 September 2024" ("jeudi 5 septembre 2024" in French); datetimes are read
    in the event's time zone."""
    if not value:
        return ""
    return dateformat.format(_local(value, event), "l j F Y")


@register.filter
def short_date(value, event=None) -> str:
    """ "5 September 2024"."""
    if not value:
        return ""
    return dateformat.format(_local(value, event), "j F Y")


@register.filter
def date_range(event) -> str:
    """The event's dates, shortest form: "5–6 September 2024"."""
    start, end = event.start_date, event.end_date
    if start == end:
        return short_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{short_date(end)}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j F')} – {short_date(end)}"
    return f"{short_date(start)} – {short_date(end)}"


@register.filter
def local_time(value, event) -> str:
    """A 24-hour clock time in the event's time zone: "09:30"."""
    if not value:
        return ""
    return f"{value.astimezone(event.tzinfo):%H:%M}"


@register.simple_tag
def time_range(session, event) -> SafeString:
    """ "<time>09:30</time>–<time>10:30</time>" with machine-readable datetimes."""
    if not session.start:
        return mark_safe("")
    start = format_html(
        '<time datetime="{}">{}</time>', session.start.isoformat(), local_time(session.start, event)
    )
    if not session.end:
        return start
    return format_html(
        '{}–<time datetime="{}">{}</time>',
        start,
        session.end.isoformat(),
        local_time(session.end, event),
    )


@register.inclusion_tag("includes/speaker_line.html")
def speaker_line(speaker, role="", role_key="", affiliation=None) -> dict:
    """One person: [role] name, role title, organisation (chairs and moderators marked)."""
    return {"speaker": speaker, "role": role, "role_key": role_key, "affiliation": affiliation}


@lru_cache(maxsize=64)
def _choice_labels(field) -> dict:
    """A field's choice labels by value (``get_FOO_display`` rebuilds this at every call)."""
    return dict(field.flatchoices)  # lazy labels: each request shows its own language


@register.inclusion_tag("includes/speaker_line.html")
def participant_line(participation) -> dict:
    """``speaker_line`` for a session's participant, with the affiliation shown for it."""
    role = participation.role
    labels = _choice_labels(participation._meta.get_field("role"))
    return speaker_line(
        participation.speaker, labels.get(role, role), role, participation.shown_affiliation
    )


@register.inclusion_tag("includes/quote.html")
def pull_quote(quote, affiliation=None, permalink=False) -> dict:
    """A pull quote with its attribution and, with ``permalink``, a link to its page."""
    return {"quote": quote, "affiliation": affiliation, "permalink": permalink}


@register.filter
def zone_label(event) -> str:
    """The event's time zone, named: "BST, Europe/London" (abbreviation on its first day)."""
    noon = dt.datetime.combine(event.start_date, dt.time(12), tzinfo=event.tzinfo)
    abbreviation = noon.tzname()
    if abbreviation and not abbreviation.startswith(("+", "-")):
        return f"{abbreviation}, {event.zone_name}"
    return event.zone_name


@register.filter
def jsonld(data) -> SafeString:
    """A dict as the body of a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


AVATAR_TONES = 6  # .avatar--tone-0 to -5 in site.css: colours that white initials read on


@register.filter
def initials(name: str) -> str:
    """ "Tina Nabatchi" -> "TN": the first letters of the first and last words."""
    words = [word for word in (name or "").split() if word[:1].isalpha()]
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def avatar_tone(name: str) -> int:
    """A colour for the initials circle that stays the same for a name on every page."""
    return sum((name or "").encode()) % AVATAR_TONES


@register.simple_tag(takes_context=True)
def site_identity(context) -> SiteIdentity:
    """``{% site_identity as identity %}``: the name, logo, accent and typefaces.

    A page rendered without a request (the bare server error page) gets the settings'
    identity without a query, since the database may be what failed.
    """
    return SiteIdentity.current() if context.get("request") else SiteIdentity()


@register.simple_tag
def identity_stylesheet(identity: SiteIdentity) -> str:
    return stylesheet_url(identity)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute URL without its query string (empty when there is no request)."""
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request else ""
