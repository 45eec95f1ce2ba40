"""Object URLs for long listings without one ``reverse()`` per object.

``reverse()`` costs tens of microseconds; a 100-session recap links a few thousand objects.
Each URL name is reversed once (per URLconf and script prefix) with placeholder arguments,
and each object's URL is then a string format. The URLs are the ones ``get_absolute_url``
gives (a test holds them equal); arguments are slugs and numbers, which need no quoting.
"""

from collections.abc import Callable
from functools import lru_cache

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


@lru_cache(maxsize=256)
def _pattern(viewname: str, names: tuple[str, ...], numeric: tuple[bool, ...], urlconf, prefix):
    """The URL of ``viewname`` as a format string: "/speakers/{slug}/"."""
    placeholders = {
        name: 918273640 + i if is_number else f"qqarg{i}qq"
        for i, (name, is_number) in enumerate(zip(names, numeric, strict=True))
    }
    url = reverse(viewname, urlconf=urlconf, kwargs=placeholders).replace("{", "{{")
    url = url.replace("}", "}}")
    for name, placeholder in placeholders.items():
        url = url.replace(str(placeholder), "{" + name + "}", 1)
    return url


def url_format(viewname: str, **kwargs) -> str:
    """A format string for ``viewname``; ``kwargs`` are examples that fix each argument's type."""
    return Links().url_format(viewname, **kwargs)


class Links:
    """URLs under the current URLconf and script prefix, read once for many links."""

    __slots__ = ("prefix", "urlconf")

    def __init__(self):
        self.urlconf, self.prefix = get_urlconf(), get_script_prefix()

    def url_format(self, viewname: str, **kwargs) -> str:
        names = tuple(sorted(kwargs))
        numeric = tuple(isinstance(kwargs[name], int) for name in names)
        return _pattern(viewname, names, numeric, self.urlconf, self.prefix)

    def link(self, viewname: str, **kwargs) -> str:
        """``reverse(viewname, kwargs=kwargs)`` for slug and number arguments, cheaply."""
        return self.url_format(viewname, **kwargs).format(**kwargs)

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
