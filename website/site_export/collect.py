"""Which URL paths belong to an event's static copy.

Each module of ``website.site_urls`` has ``public_urls(event)`` (the paths of
its published pages and files for the event), and optionally ``aliases(event)`` (paths that
stand for another path in this export), ``UNEXPORTABLE_VIEWS`` (view names never copied) and
``PDF_VIEWS`` (PDF downloads: the slowest files, rendered first, and left out on request).
The crawler starts from these paths and also follows links to anything else under the event's
own prefix, so a page that an app forgets to list is still exported.
"""

from dataclasses import dataclass, field

from django.urls import Resolver404, resolve

from conference.models import Event
from website.site_urls import SITE_URL_MODULES


@dataclass(frozen=True)
class Scope:
    seeds: frozenset[str]
    aliases: dict[str, str]
    prefix: str
    unexportable_views: frozenset[str]
    pdf_views: frozenset[str]
    _views: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_event(cls, event: Event, *, with_pdf: bool = True) -> "Scope":
        seeds, aliases, unexportable, pdf = set(), {}, set(), set()
        for module in SITE_URL_MODULES:
            seeds.update(module.public_urls(event))
            if hasattr(module, "aliases"):
                aliases.update(module.aliases(event))
            unexportable.update(getattr(module, "UNEXPORTABLE_VIEWS", ()))
            pdf.update(getattr(module, "PDF_VIEWS", ()))
        if not with_pdf:
            unexportable |= pdf
        return cls(
            seeds=frozenset(seeds),
            aliases=aliases,
            prefix=f"/{event.slug}/",
            unexportable_views=frozenset(unexportable),
            pdf_views=frozenset(pdf),
        )

    def includes(self, path: str) -> bool:
        """A listed path, or any path under the event's own prefix, unless its view is live
        (or a PDF left out)."""
        if path not in self.seeds and not path.startswith(self.prefix):
            return False
        name = self._view_name(path)
        return name is not None and name not in self.unexportable_views

    def schedule(self, paths) -> list[str]:
        """``paths`` in the order to render them: PDFs first, event-wide before per-day, so
        that no worker is left rendering a long PDF alone at the end."""
        def key(path: str) -> tuple:
            return self._view_name(path) not in self.pdf_views, path.count("/"), path

        return sorted(paths, key=key)

    def _view_name(self, path: str) -> str | None:
        if path not in self._views:
            try:
                self._views[path] = resolve(path).view_name
            except Resolver404:
                self._views[path] = None
        return self._views[path]
