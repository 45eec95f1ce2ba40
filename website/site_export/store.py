"""Filling the page store with every public page of the published events at once (a
deployment, a restore): visitors then never wait for a first render."""

from collections.abc import Callable, Iterable

from cms.page_store import rendering
from cms.page_store.paths import stored_path
from cms.static_site import workers
from conference.models import Event
from website.site_export.collect import Scope


def public_paths(events: Iterable[Event], *, with_pdf: bool = True) -> list[str]:
    """The stored paths of ``events``' public pages: PDFs first, as the export orders them."""
    paths, scopes = set(), []
    for event in events:
        scope = Scope.for_event(event, with_pdf=with_pdf)
        scopes.append(scope)
        paths.update(p for p in scope.seeds if scope.includes(p) and stored_path(p))
    return scopes[0].schedule(paths) if scopes else []


def render_site(
    events: Iterable[Event],
    *,
    with_pdf: bool = True,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Render every public page of ``events`` into the store; returns how many."""
    paths = public_paths(events, with_pdf=with_pdf)
    jobs = jobs or workers.default_jobs()
    for done, _status in enumerate(workers.run(rendering.render, paths, jobs), 1):
        if progress:
            progress(done, len(paths))
    return len(paths)
