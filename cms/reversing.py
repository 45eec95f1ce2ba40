"""``reverse()`` for slug and number arguments, cheaply.

``reverse()`` costs tens of microseconds; a 100-session recap links a few thousand objects
through their ``get_absolute_url``. Each URL name is reversed once (per URLconf and script
prefix) with placeholder arguments, and each URL after that is a string format. Arguments
must be slugs or numbers, which need no quoting.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# (URL name, argument names, URLconf, script prefix, language) -> "/speakers/{slug}/"; the
# language since i18n_patterns put French pages under /fr/.
_formats: dict[tuple, str] = {}


def _pattern(viewname: str, kwargs: dict, urlconf) -> str:
    placeholders = {
        name: 918273640 + i if isinstance(value, int) else f"qqarg{i}qq"
        for i, (name, value) in enumerate(kwargs.items())
    }
    url = reverse(viewname, urlconf=urlconf, kwargs=placeholders)
    url = url.replace("{", "{{").replace("}", "}}")
    for name, placeholder in placeholders.items():
        url = url.replace(str(placeholder), "{" + name + "}", 1)
    return url


def reverse_cached(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, from a format string made on first use."""
    urlconf = get_urlconf(settings.ROOT_URLCONF)
    key = (viewname, tuple(kwargs), urlconf, get_script_prefix(), get_language())
    url_format = _formats.get(key)
    if url_format is None:
        url_format = _formats[key] = _pattern(viewname, kwargs, urlconf)
    return url_format.format(**kwargs)
