"""Which stored pages a change touches, gathered per transaction and re-rendered after it.

An edit touches the changed object's key, or only its details key when nothing but its
detail fields changed (``recording.details``). A change of membership (an object created or
deleted, published or unpublished, moved to another parent, a relation added or removed)
also touches every object it points to (its day, its speaker, its topic) and ``LISTING``:
the pages that list those objects' contents, and the lists and counts, must change too.
Rows outside the publishing graph (a session's link, a person's affiliation, a room) are
shown as part of what they belong to, often read as plain values: any change to them
touches what they point to.

The keys wait in the transaction; when it commits, one task re-renders the stored pages
that show any of them (``cms.page_store.tasks``). A rolled-back change renders nothing.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from cms import graph
from cms.page_store import recording
from cms.page_store.recording import EVERYTHING, LISTING, key, key_of
from cms.page_store.tasks import render_stale

# Fields whose change moves an object in or out of what the public sees.
PUBLICATION_FIELDS = ("status", "publish_at")
# Fields no page shows: a save's counter.
UNSHOWN_FIELDS = frozenset({"version"})


def remember_state(instance: Model) -> None:
    """``post_init``: the values the object was loaded with (a shallow copy of its dict, so
    that a deferred field stays unloaded), to tell later what a save changed."""
    instance._page_store_loaded = dict(instance.__dict__)


def _changed_fields(instance: Model, before: dict) -> set[str]:
    now = instance.__dict__
    return {
        field.attname
        for field in instance._meta.concrete_fields
        if field.attname not in UNSHOWN_FIELDS
        and before.get(field.attname) != now.get(field.attname)
    }


def _moves(instance: Model, changed: set[str]) -> bool:
    """Whether the change moves the object: another parent, in or out of public view."""
    return any(
        name in PUBLICATION_FIELDS or _relation(instance, name) is not None for name in changed
    )


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
    own = key(instance)
    before = getattr(instance, "_page_store_loaded", None)
    changed = None if created or before is None else _changed_fields(instance, before)
    if changed is not None and not _moves(instance, changed) and graph.is_declared(type(instance)):
        if changed and changed <= recording.detail_fields(type(instance)):
            keys = {recording.details_key(own)}  # only the pages that read its details
        else:
            keys = {own, recording.details_key(own)}
    else:
        keys = {own, recording.details_key(own), LISTING} | _pointed_to(instance)
        for name, value in (before or {}).items():  # and what it pointed to before
            field = _relation(instance, name)
            if field is not None and value is not None:
                keys.add(key_of(field.related_model, value))
    remember_state(instance)
    return keys


def _relation(instance: Model, attname: str):
    for field in instance._meta.concrete_fields:
        if field.attname == attname and field.many_to_one:
            return field
    return None


def keys_of_delete(instance: Model) -> set[str]:
    own = key(instance)
    return {own, recording.details_key(own), LISTING} | _pointed_to(instance)


def keys_of_relation_change(instance: Model, model: type[Model], pk_set) -> set[str]:
    """A many-to-many change: both sides, and the lists."""
    keys = {key(instance), LISTING, *(key_of(model, pk) for pk in pk_set or ())}
    return keys | {recording.details_key(k) for k in keys if k != LISTING}


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

