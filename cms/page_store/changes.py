"""Which stored pages a change touches, gathered per transaction and re-rendered after it.

An edit touches the changed object's key. A change of membership (an object created or
deleted, published or unpublished, moved to another parent, a relation added or removed)
also touches every object it points to (its day, its speaker, its topic) and ``LISTING``:
the pages that list those objects' contents, and the lists and counts, must change too.
Rows outside the publishing graph (a session's link, a person's affiliation, a room) are
shown as part of what they belong to, often read as plain values: any change to them
touches what they point to.

The keys wait in the transaction; when it commits, one task re-renders the stored pages
that show any of them (``cms.page_store.tasks``). A rolled-back change renders nothing.
"""

from functools import cache

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from cms import graph
from cms.page_store.recording import EVERYTHING, LISTING, key, key_of
from cms.page_store.tasks import render_stale

# Fields whose change moves an object in or out of what the public sees.
PUBLICATION_FIELDS = ("status", "publish_at")


@cache
def _membership_fields(model: type[Model]) -> tuple[str, ...]:
    fields = [f.attname for f in model._meta.concrete_fields if f.is_relation]
    fields += [name for name in PUBLICATION_FIELDS if hasattr(model, name)]
    return tuple(fields)


def _state(instance: Model) -> tuple:
    """Read from the instance's own values: a deferred field is not loaded for it."""
    values = instance.__dict__
    return tuple(values.get(name) for name in _membership_fields(type(instance)))


def remember_state(instance: Model) -> None:
    """``post_init``: what the object pointed to and its publication state when loaded."""
    instance._page_store_state = _state(instance)


def _pointed_to(instance: Model) -> set[str]:
    keys = set()
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.many_to_one:
            value = instance.__dict__.get(field.attname)
            if value is not None:
                keys.add(key_of(field.related_model, value))
    for field in instance._meta.private_fields:
        if isinstance(field, GenericForeignKey):
            type_id = instance.__dict__.get(f"{field.ct_field}_id")
            object_id = instance.__dict__.get(field.fk_field)
            if type_id is not None and object_id is not None:
                model = ContentType.objects.get_for_id(type_id).model_class()
                keys.add(key_of(model, object_id))
    return keys


def keys_of_save(instance: Model, created: bool) -> set[str]:
    keys = {key(instance)}
    before = getattr(instance, "_page_store_state", None)
    if created or before != _state(instance) or not graph.is_declared(type(instance)):
        keys |= _pointed_to(instance) | {LISTING}
        if before is not None and not created:  # and what it pointed to before
            for name, value in zip(_membership_fields(type(instance)), before, strict=True):
                field = instance._meta.get_field(name.removesuffix("_id"))
                if field.is_relation and value is not None:
                    keys.add(key_of(field.related_model, value))
    instance._page_store_state = _state(instance)
    return keys


def keys_of_delete(instance: Model) -> set[str]:
    return {key(instance), LISTING} | _pointed_to(instance)


def keys_of_relation_change(instance: Model, model: type[Model], pk_set) -> set[str]:
    """A many-to-many change: both sides, and the lists."""
    return {key(instance), LISTING, *(key_of(model, pk) for pk in pk_set or ())}


class _RenderAfterCommit:
    """The keys a transaction touched, rendered once it commits: one task per transaction
    however many saves it holds. Kept among the transaction's on-commit callbacks, so a
    rollback forgets them with it."""

    def __init__(self):
        self.keys: set[str] = set()

    def __call__(self):
        render_stale.enqueue(sorted(self.keys))


def touched(keys: set[str]) -> None:
    """Re-render, once the transaction commits, the stored pages showing any of ``keys``."""
    if not settings.PAGE_STORE_ENABLED or not keys:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        render_stale.enqueue(sorted(keys))
        return
    callbacks = (func for _savepoints, func, _robust in connection.run_on_commit)
    pending = next((f for f in callbacks if isinstance(f, _RenderAfterCommit)), None)
    if pending is None:
        pending = _RenderAfterCommit()
        transaction.on_commit(pending)
    pending.keys |= keys


def everything_changed() -> None:
    """After a restore: every stored page is rendered again."""
    touched({EVERYTHING})

