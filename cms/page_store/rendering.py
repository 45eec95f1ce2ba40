"""Rendering a path into the store: the response Django gives, the objects it showed.

A page is rendered by requesting it in-process through the whole middleware stack (as the
static export does), so a stored file is exactly what the site serves. The page store
middleware notes what the page shows while it renders and writes the file; this module
only makes the request, for renders that no visitor asked for (``render``).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cms.caching import is_storable
from cms.models import StoredPage, StoredPageKey
from cms.page_store import files
from cms.page_store.paths import stored_path

# Set while this process renders a path for the store: the middleware then renders it
# instead of answering from the store.
_forced: ContextVar[bool] = ContextVar("page_store_forced", default=False)
# Set while a process that may wait (the static export) reads the store: a missing PDF is
# rendered for it rather than left to a task.
_patient: ContextVar[bool] = ContextVar("page_store_patient", default=False)

# Headers a view sets that a stored file cannot carry (a web server serves it with the
# headers its extension gives): the download name is carried by the links' ``download``.
DROPPED_HEADERS = ("Content-Disposition",)


def is_forced() -> bool:
    return _forced.get()


def is_patient() -> bool:
    return _patient.get()


@contextmanager
def _setting(variable: ContextVar[bool]):
    token = variable.set(True)
    try:
        yield
    finally:
        variable.reset(token)


def patient():
    """Within the block, files missing from the store are rendered at once, PDFs too."""
    return _setting(_patient)


def origin() -> tuple[str, str]:
    """(scheme, host) that stored pages are rendered for: ``PUBLIC_BASE_URL``'s."""
    parts = urlsplit(settings.PUBLIC_BASE_URL or settings.PAGE_STORE_DEFAULT_ORIGIN)
    return parts.scheme, parts.netloc


def render(path: str) -> int:
    """Render ``path`` into the store (or remove its file if it is no longer a page)."""
    if stored_path(path) is None:  # no longer kept (its view changed): forget it
        StoredPage.objects.filter(path=path).delete()
        return 0
    scheme, host = origin()
    client = Client(HTTP_HOST=host)
    with _setting(_forced):
        response = client.get(path, secure=scheme == "https")
    return response.status_code


def keep(path: str, name: str, response, keys: set[str]) -> None:
    """Store the response for ``path`` with what it showed, or forget a path that no longer
    gives a page (unpublished, deleted, moved)."""
    if not is_storable(response):
        files.delete(name)
        StoredPage.objects.filter(path=path).delete()
        return
    for header in DROPPED_HEADERS:
        if header in response.headers:
            del response.headers[header]
    files.write(name, response.content)
    with transaction.atomic():
        page, created = StoredPage.objects.update_or_create(
            path=path, defaults={"rendered_at": timezone.now()}
        )
        if not created:
            page.keys.all().delete()
        StoredPageKey.objects.bulk_create(
            [StoredPageKey(page=page, key=key) for key in sorted(keys)], ignore_conflicts=True
        )
