"""Which URL paths belong to an event's static copy.

Every installed app may have a ``site_urls`` module with ``public_urls(event)`` (the paths of
its published pages and files for the event), and optionally ``aliases(event)`` (paths that
stand for another path in this export) and ``UNEXPORTABLE_VIEWS`` (view names never copied).
The crawler starts from these paths and also follows links to anything else under the event's
own prefix, so a page that an app forgets to list is still exported.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import Resolver404, resolve
from django.utils.module_loading import module_has_submodule

from conference.models import Event


def _site_url_modules():
    return [
        import_module(f"{config.name}.site_urls")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "site_urls")
    ]


@dataclass(frozen=True)
class Scope:
    seeds: frozenset[str]
    aliases: dict[str, str]
    prefix: str
    unexportable_views: frozenset[str]

    @classmethod
    def for_event(cls, event: Event) -> "Scope":
        seeds, aliases, unexportable = set(), {}, set()
        for module in _site_url_modules():
            seeds.update(module.public_urls(event))
            if hasattr(module, "aliases"):
                aliases.update(module.aliases(event))
            unexportable.update(getattr(module, "UNEXPORTABLE_VIEWS", ()))
        return cls(
            seeds=frozenset(seeds),
            aliases=aliases,
            prefix=f"/{event.slug}/",
            unexportable_views=frozenset(unexportable),
        )

    def includes(self, path: str) -> bool:
        """A listed path, or any path under the event's own prefix, unless its view is live."""
        if path not in self.seeds and not path.startswith(self.prefix):
            return False
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name not in self.unexportable_views
