"""The page store's background work, on the task engine configured in ``TASKS``
(django-tasks: right after the transaction commits in the embedded default; a database
queue or RQ worker in production, see the README's "Production")."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from cms import graph, publication
from cms.models import StoredPage
from cms.page_store import rendering
from cms.page_store.paths import is_slow
from cms.page_store.recording import CLOCK, EVERYTHING, key_of

# How old a page that depends on the clock (the current event, the running day) may get.
CLOCK_PAGE_SECONDS = 15 * 60
# A slow file waiting in the queue is not queued again (an editor saving every second would
# otherwise queue a long PDF render per save); the mark is lifted when its render starts,
# and expires in case a worker dies first.
QUEUED_KEY = "page-store-queued"
QUEUED_SECONDS = 15 * 60
# Workers take the pages a change touched before the slow files (default priority: 0).
SLOW_PRIORITY = -50


def render_later(paths: list[str]) -> None:
    """Queue the renders of slow files (PDFs), each once until its render starts."""
    waiting = [path for path in paths if cache.add(f"{QUEUED_KEY}:{path}", 1, QUEUED_SECONDS)]
    if waiting:
        render_paths.enqueue(waiting)


def expand(keys: list[str]) -> set[str]:
    """``keys`` with each ``~label:pk`` replaced by the keys of what that object shows, now
    that the change is committed: through the publishing graph (a session's people, their
    organisations) and its many-to-many relations (a session's topics)."""
    expanded = {k for k in keys if not k.startswith("~")}
    for shown_by in keys:
        if not shown_by.startswith("~"):
            continue
        label, _, pk = shown_by[1:].rpartition(":")
        model = graph.model_by_label(label)
        if model is None:
            continue
        for shown_model, pks in graph.shown_through(model, [pk]):
            expanded.update(key_of(shown_model, shown_pk) for shown_pk in pks)
        rows = model._default_manager.filter(pk=pk)
        for field in model._meta.many_to_many:
            related = rows.exclude(**{f"{field.name}__isnull": True})
            for related_pk in related.values_list(f"{field.name}__pk", flat=True):
                expanded.add(key_of(field.related_model, related_pk))
    return expanded


def stale_paths(keys: list[str]) -> list[str]:
    """The stored paths that show any of ``keys``, in path order."""
    pages = StoredPage.objects.all()
    if EVERYTHING not in keys:
        pages = pages.filter(keys__key__in=expand(keys))
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
        render_later(slow)
    return len(paths)


@task(priority=SLOW_PRIORITY)
def render_paths(paths: list[str]) -> int:
    """Render ``paths`` into the store (slow files, after a change or when asked for)."""
    for path in paths:
        cache.delete(f"{QUEUED_KEY}:{path}")  # a change from now on queues it again
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
