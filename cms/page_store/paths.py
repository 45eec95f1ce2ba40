"""Which paths the page store keeps, under which file name, served with which type."""

import posixpath

from django.urls import Resolver404, resolve

from cms.page_store import files

UNSTORED_NAMESPACES = {"admin", "api-v1"}

# What a web server sends for each kind of stored file (deploy/nginx.conf says the same).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
}


def content_type(name: str) -> str | None:
    return CONTENT_TYPES.get(posixpath.splitext(name)[1])


def stored_path(path: str):
    """The view of a path that the store keeps, and its file; None for any other path."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = match.func
    if (
        UNSTORED_NAMESPACES & set(match.namespaces)
        or getattr(view, "page_cache_skip", False)
        or not getattr(view, "page_store", True)
    ):
        return None
    name = files.file_name(path)
    if name is None or content_type(name) is None:
        return None
    return view, name


def is_slow(path: str) -> bool:
    """A file rendered only in the background (a PDF), never in a request."""
    found = stored_path(path)
    if found is None:
        return False
    view, name = found
    return posixpath.splitext(name)[1] in getattr(view, "page_store_background", ())
