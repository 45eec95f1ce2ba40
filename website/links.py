"""Object URLs for long listings without one ``reverse()`` per object.

``reverse()`` costs tens of microseconds; a 100-session recap links a few thousand objects.
Each URL name is reversed once (per URLconf and script prefix) with placeholder arguments,
and each object's URL is then a string format. The URLs are the ones ``get_absolute_url``
gives (a test holds them equal); arguments are slugs and numbers, which need no quoting.
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Model label -> (URL name, the object's URL keyword arguments).
_ROUTES = {
    "conference.Event": ("conference:event-detail", lambda o: {"event": o.slug}),
    "conference.Day": (
        "conference:day-recap",
        lambda o: {"event": o.event.slug, "number": o.number},
    ),
    "conference.Organisation": ("speakers:organisation-detail", lambda o: {"slug": o.slug}),
    "speakers.Speaker": ("speakers:speaker-detail", lambda o: {"slug": o.slug}),
    "programme.Session": (
        "programme:session-detail",
        lambda o: {"event": o.day.event.slug, "slug": o.slug},
    ),
    "programme.Quote": (
        "programme:quote-detail",
        lambda o: {"event": o.session.day.event.slug, "pk": o.pk},
    ),
    "reports.Report": ("reports:report-detail", lambda o: {"slug": o.slug}),
}


def _pattern(viewname: str, kwargs: dict, urlconf) -> str:
    """The URL of ``viewname`` as a format string: "/speakers/{slug}/"."""
    placeholders = {
        name: 918273640 + i if isinstance(value, int) else f"qqarg{i}qq"
        for i, (name, value) in enumerate(kwargs.items())
    }
    url = reverse(viewname, urlconf=urlconf, kwargs=placeholders)
    url = url.replace("{", "{{").replace("}", "}}")
    for name, placeholder in placeholders.items():
        url = url.replace(str(placeholder), "{" + name + "}", 1)
    return url


# (URL name, URLconf, script prefix) -> format string; as few entries as URL names in use.
_formats: dict[tuple, str] = {}


class Links:
    """URLs under the current URLconf and script prefix, read once for many links."""

    __slots__ = ("prefix", "urlconf")

    def __init__(self):
        self.urlconf = get_urlconf(settings.ROOT_URLCONF)
        self.prefix = get_script_prefix()

    def link(self, viewname: str, **kwargs) -> str:
        """``reverse(viewname, kwargs=kwargs)`` for slug and number arguments, cheaply."""
        key = (viewname, self.urlconf, self.prefix)
        url_format = _formats.get(key)
        if url_format is None:
            url_format = _formats[key] = _pattern(viewname, kwargs, self.urlconf)
        return url_format.format(**kwargs)

    def href(self, obj) -> str:
        """``obj.get_absolute_url()`` for the models that long listings link, cheaply."""
        route = _ROUTES.get(obj._meta.label)
        if route is None:
            return obj.get_absolute_url()
        viewname, arguments = route
        return self.link(viewname, **arguments(obj))


def href(obj) -> str:
    """``obj.get_absolute_url()``, cheaply (see ``Links`` to link many objects)."""
    return Links().href(obj)


def absolute_builder(request) -> Callable[[str], str]:
    """``request.build_absolute_uri`` for root-relative paths, with the scheme and host
    worked out once: pages that give hundreds of absolute URLs (JSON-LD) use it."""
    origin = request.build_absolute_uri("/")[:-1]

    def absolute(path: str) -> str:
        return origin + path if path.startswith("/") else request.build_absolute_uri(path)

    return absolute


def public_origin(request) -> str:
    """Scheme and host of the public site: ``PUBLIC_BASE_URL`` when set, else the
    request's. Links that travel (share images, recap files) use it, so they never name a
    development or internal host when the public address is known."""
    return settings.PUBLIC_BASE_URL or request.build_absolute_uri("/").rstrip("/")
