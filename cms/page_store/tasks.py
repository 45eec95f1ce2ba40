"""The page store's background work, on the task engine configured in ``TASKS``
(django-tasks: right after the transaction commits in the embedded default; a database
queue or RQ worker in production, see the README's "Production")."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from cms import publication
from cms.models import StoredPage
from cms.page_store import rendering
from cms.page_store.paths import is_slow
from cms.page_store.recording import CLOCK, EVERYTHING

# How old a page that depends on the clock (the current event, the running day) may get.
CLOCK_PAGE_SECONDS = 15 * 60


def stale_paths(keys: list[str]) -> list[str]:
    """The stored paths that show any of ``keys``, in path order."""
    pages = StoredPage.objects.all()
    if EVERYTHING not in keys:
        pages = pages.filter(keys__key__in=keys)
    return list(pages.order_by("path").values_list("path", flat=True).distinct())


@task()
def render_stale(keys: list[str]) -> int:
    """Render again the stored pages that show one of ``keys``; returns how many. The slow
    files (PDFs) go to a task of their own, so that the pages are fresh first."""
    paths = stale_paths(keys)
    slow = [path for path in paths if is_slow(path)]
    for path in paths:
        if path not in slow:
            rendering.render(path)
    if slow:
        render_paths.enqueue(slow)
    return len(paths)


@task()
def render_paths(paths: list[str]) -> int:
    """Render ``paths`` into the store (a PDF asked for before it was rendered)."""
    for path in paths:
        rendering.render(path)
    return len(paths)


@task()
def render_clock_pages() -> int:
    """Render again the stored pages that depend on the clock and were rendered more than
    ``CLOCK_PAGE_SECONDS`` ago (``publish_due``, run every minute, asks for it)."""
    since = timezone.now() - timedelta(seconds=CLOCK_PAGE_SECONDS)
    pages = StoredPage.objects.filter(keys__key=CLOCK, rendered_at__lt=since)
    paths = list(pages.order_by("path").values_list("path", flat=True))
    for path in paths:
        rendering.render(path)
    return len(paths)


@task()
def publish_due_now() -> int:
    """Publish what is due (its pages are then rendered again, as after any change)."""
    return len(publication.publish_due().changed)
