"""What a page shows, noted while it renders.

A page's keys are ``label:pk`` of every content object loaded while rendering it (through
``post_init``, which fires for each row a query turns into an object), ``label:pk+`` of
those whose details it reads (the long texts a model declares with ``details()``: a day's
recap introduction, a session's recap, a person's biography, which few pages show), plus
two special keys that a view declares (``page_cache(lists=..., clock=...)``):

- ``LISTING``: the page lists or counts content (the home page, the people, the quotes,
  the sitemap): any object that appears, disappears or moves touches it;
- ``CLOCK``: the page depends on today's date (the current event, the running day).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Model
from django.db.models.query_utils import DeferredAttribute

LISTING = "listing"
CLOCK = "clock"
EVERYTHING = "*"  # touched by a restore: every stored page

_keys: ContextVar[set[str] | None] = ContextVar("page_store_keys", default=None)


def key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def key_of(model: type[Model], pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def details_key(key: str) -> str:
    return f"{key}+"


_details: dict[type[Model], frozenset[str]] = {}


class _DetailAttribute(DeferredAttribute):
    """A detail field: reading it while a page renders notes the object's details key. A
    data descriptor (it has ``__set__``), so reads come here, not to the instance's dict."""

    def __get__(self, instance, cls=None):
        if instance is not None:
            recorded = _keys.get()
            if recorded is not None:
                recorded.add(details_key(key(instance)))
        return super().__get__(instance, cls)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


def details(model: type[Model], *field_names: str) -> None:
    """Declares ``model``'s detail fields: long texts that only some pages show, so that
    editing them renders only those pages again."""
    for name in field_names:
        setattr(model, name, _DetailAttribute(model._meta.get_field(name)))
    _details[model] = frozenset(field_names)


def detail_fields(model: type[Model]) -> frozenset[str]:
    return _details.get(model, frozenset())


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
    """Notes objects that a page shows from plain rows (``values()``), not instances, with
    their details (the rows may hold any field)."""
    if _keys.get() is not None:
        for pk in pks:
            note(key_of(model, pk), details_key(key_of(model, pk)))


def loaded(sender, instance, **kwargs) -> None:
    """``post_init`` receiver of content models: notes the object when a page renders."""
    recorded = _keys.get()
    if recorded is not None and instance.pk is not None:
        recorded.add(key(instance))
