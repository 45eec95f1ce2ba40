"""What a page shows, noted while it renders.

A page's keys are ``label:pk`` of every content object loaded while rendering it (through
``post_init``, which fires for each row a query turns into an object), plus two special
keys that a view declares (``page_cache(lists=..., clock=...)``):

- ``LISTING``: the page lists or counts content (the home page, the people, the quotes,
  the sitemap): any object that appears, disappears or moves touches it;
- ``CLOCK``: the page depends on today's date (the current event, the running day).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Model

LISTING = "listing"
CLOCK = "clock"
EVERYTHING = "*"  # touched by a restore: every stored page

_keys: ContextVar[set[str] | None] = ContextVar("page_store_keys", default=None)


def key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def key_of(model: type[Model], pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collects the keys of what renders inside the block."""
    keys: set[str] = set()
    token = _keys.set(keys)
    try:
        yield keys
    finally:
        _keys.reset(token)


def note(*keys: str) -> None:
    recorded = _keys.get()
    if recorded is not None:
        recorded.update(keys)


def note_rows(model: type[Model], pks) -> None:
    """Notes objects that a page shows from plain rows (``values()``), not instances."""
    if _keys.get() is not None:
        note(*(key_of(model, pk) for pk in pks))


def loaded(sender, instance, **kwargs) -> None:
    """``post_init`` receiver of content models: notes the object when a page renders."""
    recorded = _keys.get()
    if recorded is not None and instance.pk is not None:
        recorded.add(key(instance))
