"""Drafts of live content: edits to what the public sees wait as pending changes.

An admin save of an object the public sees (``graph.is_public``), or of one that already has
pending changes, does not touch its rows: the form's values and the changes to its inline
rows are kept in one ``PendingChange`` per object. The change form opens with them, later
saves update them, and someone who may publish applies them all at once (``publish``) or
drops them (``discard``). The public pages and exports read only the live rows, so they
show the published version until then.

``PendingChange.data`` is JSON::

    {"fields": {attname: value}, "m2m": {name: [values]},
     "inlines": {prefix: {"model": "app.model", "fk": attname,
                          "changed": {pk: {"fields": {...}, "version": n}},
                          "added": [{attname: value}], "deleted": [pk]}}}

Only the fields an inline row's edit changed are kept for it, so publishing leaves the other
fields of that row as they are then.
"""

import datetime
import json

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import formats, timezone

from cms import graph
from cms.history import inline_diff
from cms.locking import LOCKING_FIELDS, Versioned, claim_version
from cms.models import PendingChange


class PublishError(Exception):
    """Pending changes that cannot be applied as they are; nothing was changed."""


def pending_change_for(obj) -> PendingChange | None:
    return (
        PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        .select_related("author")
        .first()
    )


def goes_pending(obj, pending: PendingChange | None) -> bool:
    """Whether an edit of ``obj`` waits for publication rather than changing it at once."""
    if pending is not None:
        return True
    return graph.in_graph(type(obj)) and graph.is_public(obj)


# Field values as stored (JSON) and back.


def _editable_fields(model, names) -> list[models.Field]:
    """The concrete fields of ``model`` among ``names`` that an edit can change."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in names and not field.primary_key and field.name not in LOCKING_FIELDS
    ]


def _stored(field: models.Field, obj):
    if isinstance(field, models.FileField):
        return field.value_to_string(obj)
    value = field.value_from_object(obj)
    if value is None and isinstance(field, models.CharField | models.TextField):
        value = ""  # a translation not written yet (NULL) is as empty as its empty input
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)  # one spelling of each moment, to compare
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def dump(obj, fields) -> dict:
    return {field.attname: _stored(field, obj) for field in fields}


def _field(model, attname: str) -> models.Field:
    return next(field for field in model._meta.concrete_fields if field.attname == attname)


def _fields_of(model, values: dict) -> list[models.Field]:
    """The fields of stored ``values`` (keyed by attname)."""
    return [_field(model, attname) for attname in values]


def _model(label: str):
    return ContentType.objects.get_by_natural_key(*label.split(".")).model_class()


def load(obj, values: dict) -> None:
    """Sets stored ``values`` on ``obj`` (in memory only)."""
    for attname, value in values.items():
        field = _field(type(obj), attname)
        if field.is_relation:
            setattr(obj, field.attname, value)
            obj._state.fields_cache.pop(field.name, None)
        else:
            setattr(obj, field.attname, field.to_python(value))


def _m2m_fields(form) -> list:
    opts = form._meta.model._meta
    return [
        field
        for field in (*opts.many_to_many, *opts.private_fields)
        if field.name in form.fields and hasattr(field, "save_form_data")
    ]


def _m2m_stored(values) -> list:
    return sorted(getattr(value, "pk", None) or str(value) for value in values)


def _m2m_live(field, obj) -> list:
    if isinstance(field, models.ManyToManyField):
        return sorted(item.pk for item in field.value_from_object(obj))
    return sorted(str(item) for item in field.value_from_object(obj))


# Capturing an admin save.


def _commit_uploads(obj, fields) -> None:
    """Stores new uploads now (sanitised, under generated names), so the pending change can
    name them; the live row keeps its own file until publication."""
    for field in fields:
        if isinstance(field, models.FileField):
            file = getattr(obj, field.attname)
            if file and not file._committed:
                field.pre_save(obj, False)


def _inline_changes(formset, previous: dict | None) -> dict:
    model, fk = formset.model, formset.fk
    fields = [
        field
        for field in _editable_fields(model, formset.form.base_fields)
        if field.name != fk.name
    ]
    live_rows = model._default_manager.in_bulk(
        [form.instance.pk for form in formset.initial_forms if form.instance.pk]
    )
    changed, deleted = {}, set()
    for form in formset.initial_forms:
        pk = form.instance.pk
        live = live_rows.get(pk)
        if live is None:
            continue
        if formset._should_delete_form(form):
            deleted.add(pk)
            continue
        _commit_uploads(form.instance, fields)
        now, before = dump(form.instance, fields), dump(live, fields)
        diff = {name: value for name, value in now.items() if before[name] != value}
        if diff:
            changed[str(pk)] = {
                "fields": diff,
                "version": live.version if isinstance(live, Versioned) else None,
            }
    added = []
    for form in formset.extra_forms:
        if form.has_changed() and not formset._should_delete_form(form):
            _commit_uploads(form.instance, fields)  # an attachment or photo row's file
            added.append(dump(form.instance, fields))
    # Rows removed by an earlier save are no longer in the form: they stay removed.
    if previous:
        still_there = model._default_manager.filter(
            pk__in=previous.get("deleted", []), **{fk.attname: formset.instance.pk}
        ).values_list("pk", flat=True)
        deleted.update(still_there)
    return {
        "model": model._meta.label_lower,
        "fk": fk.attname,
        "changed": changed,
        "added": added,
        "deleted": sorted(deleted),
    }


def capture(obj, form, formsets, previous: PendingChange | None) -> dict:
    """The pending change an admin save of ``obj`` (its valid form and formsets) amounts to."""
    fields = _editable_fields(type(obj), form.fields)
    _commit_uploads(obj, fields)
    old_inlines = previous.data.get("inlines", {}) if previous else {}
    inlines = {
        formset.prefix: _inline_changes(formset, old_inlines.get(formset.prefix))
        for formset in formsets
    }
    return {
        "fields": dump(obj, fields),
        "m2m": {
            field.name: _m2m_stored(form.cleaned_data.get(field.name) or [])
            for field in _m2m_fields(form)
        },
        "inlines": {
            prefix: rows
            for prefix, rows in inlines.items()
            if rows["changed"] or rows["added"] or rows["deleted"]
        },
    }


def _files(model, values: dict) -> dict[str, models.FileField]:
    """The stored file names among ``values``, with their fields."""
    files = {}
    for attname, value in values.items():
        field = _field(model, attname)
        if value and isinstance(field, models.FileField):
            files[value] = field
    return files


def _drop_unused_files(files: dict, *, keep) -> None:
    for name, field in files.items():
        if name not in keep:
            field.storage.delete(name)


def _store(obj, data: dict, *, user, previous: PendingChange | None) -> PendingChange:
    pending = previous or PendingChange(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    pending.data = data
    pending.object_repr = str(obj)[:200]
    pending.version = getattr(obj, "version", None)
    pending.author = user
    pending.save()
    return pending


def _same_as_live(live, data: dict) -> bool:
    model = type(live)
    return (
        not data["inlines"]
        and dump(live, _fields_of(model, data["fields"])) == data["fields"]
        and all(
            _m2m_live(model._meta.get_field(name), live) == values
            for name, values in data["m2m"].items()
        )
    )


def save_pending(
    obj, form, formsets, *, user, previous: PendingChange | None
) -> PendingChange | None:
    """Keeps an admin save of ``obj`` as its pending change (created or updated); a save
    that leaves everything as published drops the pending change instead (returns None)."""
    data = capture(obj, form, formsets, previous)
    model = type(obj)
    live = model._default_manager.get(pk=obj.pk)
    same = _same_as_live(live, data)
    if previous is not None:
        keep = {*_files(model, dump(live, _fields_of(model, data["fields"])))}
        if not same:
            keep |= set(_files(model, data["fields"]))
        _drop_unused_files(_files(model, previous.data.get("fields", {})), keep=keep)
        if same:
            previous.delete()
    if same:
        return None
    return _store(obj, data, user=user, previous=previous)


def save_list_edit(obj, form, *, user, previous: PendingChange | None) -> PendingChange:
    """Adds the fields changed in a changelist row of ``obj`` to its pending change."""
    data = previous.data if previous else {"fields": {}, "m2m": {}, "inlines": {}}
    data["fields"].update(dump(obj, _editable_fields(type(obj), form.changed_data)))
    return _store(obj, data, user=user, previous=previous)


# Showing a pending change in the change form.


def apply_to_instance(obj, pending: PendingChange) -> None:
    """Shows ``obj`` as its pending change will make it (in memory; nothing is saved)."""
    load(obj, pending.data.get("fields", {}))


def form_initial(form_class, pending: PendingChange) -> dict:
    """The initial values of the form's many-to-many fields (topics) as pending."""
    opts = form_class._meta.model._meta
    initial = {}
    for name, values in pending.data.get("m2m", {}).items():
        field = opts.get_field(name)
        if isinstance(field, models.ManyToManyField):
            initial[name] = values
        else:  # taggit's widget reads tag names from objects
            initial[name] = [type("PendingTag", (), {"name": value})() for value in values]
    return initial


def pending_rows(pending: PendingChange | None, prefix: str) -> dict | None:
    if pending is None:
        return None
    return pending.data.get("inlines", {}).get(prefix)


def rows_as_pending(rows, changes: dict | None) -> list:
    """Live inline rows as the pending change leaves them: removed ones out, changed ones
    with their pending values."""
    if not changes:
        return list(rows)
    deleted = set(changes.get("deleted", []))
    shown = []
    for row in rows:
        if row.pk in deleted:
            continue
        change = changes["changed"].get(str(row.pk))
        if change:
            load(row, change["fields"])
        shown.append(row)
    return shown


def added_initial(model, changes: dict | None) -> list[dict]:
    """Initial values for the extra inline forms that show rows the pending change adds."""
    if not changes:
        return []
    initial = []
    for values in changes.get("added", []):
        row = model()
        load(row, values)
        initial.append(model_to_dict(row, fields=[f.name for f in _fields_of(model, values)]))
    return initial


# The comparison from published to pending.


def _shown(field: models.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(deleted, #{value})"
    if isinstance(field, models.DateTimeField):
        return formats.localize(timezone.localtime(field.to_python(value)))
    return str(value)


def _field_changes(model, before: dict, after: dict) -> list[dict]:
    changes = []
    for attname, value in after.items():
        if before.get(attname) == value:
            continue
        field = _field(model, attname)
        old, new = _shown(field, before.get(attname)), _shown(field, value)
        changes.append(
            {
                "label": field.verbose_name,
                "before": old,
                "after": new,
                "diff": inline_diff(old, new),
            }
        )
    return changes


def _row_str(model, values: dict, parent: dict) -> str:
    row = model(**parent)
    load(row, values)
    try:
        return str(row)
    except (AttributeError, model.DoesNotExist, ValueError, TypeError):
        return f"new {model._meta.verbose_name}"


def compare(obj, pending: PendingChange) -> dict:
    """What publishing ``pending`` would change, against the live ``obj``: its fields, its
    topics and its inline rows (added, removed, changed)."""
    model = type(obj)
    data = pending.data
    fields = _fields_of(model, data.get("fields", {}))
    changes = _field_changes(model, dump(obj, fields), data.get("fields", {}))
    for name, values in data.get("m2m", {}).items():
        field = model._meta.get_field(name)
        live = _m2m_live(field, obj)
        if live != values:
            before, after = ", ".join(map(str, live)), ", ".join(map(str, values))
            changes.append(
                {
                    "label": field.verbose_name,
                    "before": before,
                    "after": after,
                    "diff": inline_diff(before, after),
                }
            )
    inlines = []
    for rows in data.get("inlines", {}).values():
        row_model = _model(rows["model"])
        live = row_model._default_manager.in_bulk(
            [*map(int, rows["changed"]), *rows["deleted"]]
        )
        changed = []
        for pk, change in rows["changed"].items():
            row = live.get(int(pk))
            if row is None:
                continue
            before = dump(row, _fields_of(row_model, change["fields"]))
            changed.append(
                {"row": str(row), "changes": _field_changes(row_model, before, change["fields"])}
            )
        inlines.append(
            {
                "name": row_model._meta.verbose_name_plural,
                "added": [
                    _row_str(row_model, values, {rows["fk"]: obj.pk}) for values in rows["added"]
                ],
                "removed": [str(live[pk]) for pk in rows["deleted"] if pk in live],
                "changed": changed,
            }
        )
    return {"fields": changes, "inlines": inlines}


# Publishing and discarding.


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in error.message_dict.items()
        )
        raise PublishError(f"“{obj}” is not valid as pending: {messages}") from None


def _claim(obj, expected) -> None:
    if not isinstance(obj, Versioned):
        return
    if expected is not None and obj.version != expected:
        raise PublishError(
            f"“{obj}” was changed after these pending changes were saved. "
            "Open it, check the pending values and save it again before publishing."
        )
    claim_version(obj)


def _apply_inline(obj, rows: dict) -> None:
    model = _model(rows["model"])
    fk = rows["fk"]
    mine = model._default_manager.filter(**{fk: obj.pk})
    live = mine.select_for_update().in_bulk([*map(int, rows["changed"]), *rows["deleted"]])
    for pk in rows["deleted"]:
        if pk in live:
            live[pk].delete()
    for pk, change in rows["changed"].items():
        row = live.get(int(pk))
        if row is None:
            raise PublishError(
                f"A {model._meta.verbose_name} changed in these pending changes was deleted "
                "meanwhile. Discard them, or open the page and save it again."
            )
        _claim(row, change["version"])
        load(row, change["fields"])
        _clean(row)
        row.save()
    for values in rows["added"]:
        row = model(**{fk: obj.pk})
        load(row, values)
        _clean(row)
        row.save()


def publish(pending: PendingChange, *, user) -> object:
    """Applies ``pending`` to the live rows, all or nothing, in one revision; returns the
    object. Raises ``PublishError`` (and changes nothing) when the changes no longer fit."""
    model = pending.content_type.model_class()
    author = pending.author.get_username() if pending.author else "someone"
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Published pending changes by {author}.")
        obj = model._default_manager.select_for_update().filter(pk=pending.object_id).first()
        if obj is None:
            raise PublishError("The object of these pending changes was deleted.")
        _claim(obj, pending.version)
        load(obj, pending.data.get("fields", {}))
        _clean(obj)
        obj.save()
        for name, values in pending.data.get("m2m", {}).items():
            model._meta.get_field(name).save_form_data(obj, values)
        for rows in pending.data.get("inlines", {}).values():
            _apply_inline(obj, rows)
        PendingChange.objects.filter(pk=pending.pk).delete()
    return obj


def discard(pending: PendingChange) -> None:
    """Drops ``pending`` and the files uploaded for it; the live rows stay as they are."""
    model = pending.content_type.model_class()
    obj = model._default_manager.filter(pk=pending.object_id).first()
    with transaction.atomic():
        pending.delete()
    if obj is not None:
        fields = pending.data.get("fields", {})
        live = _files(model, dump(obj, _fields_of(model, fields)))
        _drop_unused_files(_files(model, fields), keep=live)
