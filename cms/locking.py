"""Optimistic locking: no editor's save silently overwrites another's.

Every content model carries a ``version`` counter. A form remembers the version it was
opened at and a fingerprint of the values it showed; saving checks, with the row locked,
that nobody saved in between, and refuses otherwise with what changed meanwhile. Every
admin save (change form, inline row, changelist, publish action) bumps the counter with
``claim_version``, an ``UPDATE ... WHERE version = N``.
"""

import hashlib
import json

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.text import Truncator
from django.utils.timezone import localtime

LOCKING_FIELDS = ("version", "loaded_state")


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=0, help_text="Counts saves; a form saved from an older version is refused."
    )
    # Deleting an object (directly or by a cascade) deletes its pending changes (cms.drafts).
    pending_changes = GenericRelation("cms.PendingChange")

    class Meta:
        abstract = True


class StaleObjectError(Exception):
    """Raised when a row changed between a form's check and its save."""


def claim_version(obj: Versioned) -> None:
    """Moves ``obj`` from the version it was read at to the next one, or raises."""
    expected = obj.version
    claimed = (
        type(obj)._default_manager.filter(pk=obj.pk, version=expected)
        .update(version=F("version") + 1)
    )
    if not claimed:
        raise StaleObjectError(f"{obj} was saved by someone else meanwhile.")
    obj.version = expected + 1


def _model_fields(form) -> list[models.Field]:
    """The concrete model fields the form edits (the ones a conflict can concern)."""
    opts = form._meta.model._meta
    return [
        field
        for field in opts.concrete_fields
        if field.name in form.fields and field.name not in LOCKING_FIELDS
    ]


def _digest(value) -> str:
    # Empty is empty, stored as NULL or as "" (a translation not written yet is NULL; its
    # empty input saves "").
    return hashlib.sha256(str("" if value is None else value).encode()).hexdigest()[:12]


def fingerprint(obj, fields) -> dict[str, str]:
    return {field.name: _digest(field.value_from_object(obj)) for field in fields}


def _shown_value(obj, field) -> str:
    if field.choices:
        value = getattr(obj, f"get_{field.name}_display")()
    elif field.is_relation:
        value = getattr(obj, field.name)
    else:
        value = field.value_from_object(obj)
    if value in (None, ""):
        return "(empty)"
    return Truncator(str(value)).chars(120)


def _last_saved(obj) -> str:
    """“by alice at 14:02” from the object's newest revision, when there is one."""
    from reversion.models import Version

    version = (
        Version.objects.get_for_object(obj).select_related("revision__user").first()
    )
    if version is None:
        return ""
    revision = version.revision
    who = f" by {revision.user.get_username()}" if revision.user else ""
    return f"{who} at {localtime(revision.date_created):%H:%M on %-d %B}"


class VersionedForm(forms.ModelForm):
    """A ModelForm that refuses to save over changes made since it was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["version"].required = self.instance.pk is not None
        self.fields["loaded_state"].initial = json.dumps(
            fingerprint(self.instance, _model_fields(self))
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or "version" not in cleaned_data:
            return cleaned_data
        current = (
            type(self.instance)._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .first()
        )
        if current is None:
            raise ValidationError(
                "Someone deleted this meanwhile; nothing was saved.", code="deleted"
            )
        if current.version != cleaned_data["version"]:
            raise ValidationError(self._conflict_message(current), code="conflict")
        return cleaned_data

    def _conflict_message(self, current) -> str:
        try:
            loaded = json.loads(self.cleaned_data.get("loaded_state") or "{}")
        except ValueError:
            loaded = {}
        fields = _model_fields(self)
        now = fingerprint(current, fields)
        # Inline formsets add their key fields after __init__: compare what was fingerprinted.
        changed = [
            f"{field.verbose_name}: {_shown_value(current, field)}"
            for field in fields
            if field.name in loaded and loaded[field.name] != now[field.name]
        ]
        meanwhile = "; ".join(changed) if changed else "related rows only"
        return (
            f"Someone else saved this {current._meta.verbose_name}{_last_saved(current)} "
            "while you were editing. "
            f"Nothing of yours was saved. Changed meanwhile: {meanwhile}. "
            "Copy what you want to keep, reload the page, and apply your changes again."
        )
