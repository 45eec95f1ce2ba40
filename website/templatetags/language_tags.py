"""The page in each interface language: hreflang alternates, the language switcher and the
language codes that HTML and Open Graph expect."""

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils.translation import get_language, to_locale

register = template.Library()


# The site's English is British: the source language's code "en" names the locale en_GB.
LOCALES = {"en": "en_GB"}


def _locale(code: str) -> str:
    return LOCALES.get(code, to_locale(code))


@register.filter
def html_lang(code: str) -> str:
    """A Django language code as an HTML ``lang``: "en" (British) -> "en-GB"."""
    return _locale(code).replace("_", "-")


@register.filter
def og_locale(code: str) -> str:
    """A Django language code as an Open Graph locale: "en" -> "en_GB", "fr" -> "fr_FR"."""
    locale = _locale(code)
    return locale if "_" in locale else f"{locale}_{locale.upper()}"


def language_links(request) -> list[dict]:
    """This page in each of settings.LANGUAGES: code, name, path (with the query string),
    absolute URL (without it) and whether it is the current language. Empty when the path
    names no page (a 404), since there is then nothing to translate."""
    if request is None:
        return []
    try:
        resolve(request.path_info)
    except Resolver404:
        return []
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        path = translate_url(request.path_info, code)
        links.append(
            {
                "code": code,
                "lang": html_lang(code),
                "name": name,
                "path": f"{path}?{query}" if query else path,
                "url": request.build_absolute_uri(path),
                "current": code == current,
            }
        )
    return links


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """``<link rel="alternate" hreflang>`` for every language, and x-default (English)."""
    links = language_links(context.get("request"))
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    return {"links": links, "default": default}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """The header's links to this page in the other languages: plain links, no script."""
    return {"links": language_links(context.get("request"))}

