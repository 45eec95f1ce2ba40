"""Revision history in the admin: django-reversion's history, revert and recover, plus a
field-by-field comparison of two versions.

Reverting or recovering may not change what is public unless the user may publish: a
revision whose status or publication time differs from the current one is refused for
editors, so history is no back door to publishing.
"""

import difflib
import re

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version

from cms.locking import Versioned
from cms.publishing import Publishable, Status, can_publish

HIDDEN_FIELDS = {"id", "version"}
WORDS = re.compile(r"\s+|[^\s]+")


def register_history(model, *follow: str) -> None:
    """Keeps the history of ``model`` and, in the same revisions, the rows it ``follow``s.

    The version counter is left out: a revert restores content, and the counter must keep
    counting up for open forms to notice it.
    """
    exclude = ("version",) if issubclass(model, Versioned) else ()
    reversion.register(model, follow=follow, exclude=exclude)


def inline_diff(old: str, new: str) -> str:
    """HTML of ``new`` with removed words in ``<del>`` and added words in ``<ins>``."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(conditional_escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(format_html("<del>{}</del>", "".join(before[a1:a2])))
        if b2 > b1:
            parts.append(format_html("<ins>{}</ins>", "".join(after[b1:b2])))
    return mark_safe("".join(parts))  # every piece is escaped above


def _shown(field: models.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(deleted, #{value})"
    return str(value)


def version_changes(older: Version, newer: Version) -> list[dict]:
    """The fields that differ between two versions of one object, in model order."""
    old, new = older.field_dict, newer.field_dict
    changes = []
    for field in newer._model._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        key = field.attname if field.attname in new else field.name
        if old.get(key) == new.get(key):
            continue
        before, after = _shown(field, old.get(key)), _shown(field, new.get(key))
        changes.append(
            {
                "label": field.verbose_name,
                "before": before,
                "after": after,
                "diff": inline_diff(before, after),
            }
        )
    return changes


def publication_changes(version: Version) -> list[str]:
    """Objects of ``version``'s revision whose publication a revert would change."""
    changed = []
    for item in version.revision.version_set.all():
        model = item._model
        if model is None or not issubclass(model, Publishable):
            continue
        stored = item.field_dict
        current = model._default_manager.filter(pk=item.object_id).values("status", "publish_at")
        now = current.first() or {"status": Status.DRAFT, "publish_at": None}
        if (stored.get("status"), stored.get("publish_at")) != (now["status"], now["publish_at"]):
            changed.append(item.object_repr)
    return changed


def _version_counters(version: Version) -> list[tuple]:
    """The optimistic-locking counters of the rows a revert of ``version`` would write.

    The counters are not part of the history (``register_history``), so a revert resets
    them to their default; ``HistoryAdmin.changeform_view`` moves them on from here instead.
    """
    counters = []
    for item in version.revision.version_set.all():
        model = item._model
        if model is not None and issubclass(model, Versioned):
            current = model._default_manager.filter(pk=item.object_id).values_list(
                "version", flat=True
            )
            counters.append((model, item.object_id, current.first() or 0))
    return counters


class HistoryAdmin(VersionAdmin):
    """History, revert, recover of deleted objects and version comparison for an admin."""

    object_history_template = "admin/history_with_compare.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        """Reversion's history, with each version's id for the comparison form."""
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, object_id).select_related(
                "revision__user"
            ),
        )
        context = {"versions": list(versions), **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def _refuse_publication_change(self, request, version) -> bool:
        if can_publish(request.user):
            return False
        changed = publication_changes(version)
        if changed:
            messages.error(
                request,
                "This version would change what is published ("
                + "; ".join(changed)
                + "): only organisers can restore it.",
            )
        return bool(changed)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is not None:
            if self._refuse_publication_change(request, version):
                return redirect(self._admin_url("history", object_id))
            request.counters_before_revert = _version_counters(version)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is not None:
            if self._refuse_publication_change(request, version):
                return redirect(self._admin_url("recoverlist"))
            request.counters_before_revert = _version_counters(version)
        return super().recover_view(request, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Runs inside reversion's revert: moves every reverted row's counter on, not back."""
        for model, pk, counter in getattr(request, "counters_before_revert", ()):
            model._default_manager.filter(pk=pk).update(version=counter + 1)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _admin_url(self, name: str, *args) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def compare_view(self, request, object_id):
        """Two versions of one object side by side, field by field (staff with view access)."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such object.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            chosen = {
                version.pk: version
                for version in versions.filter(
                    pk__in=[int(request.GET["from"]), int(request.GET["to"])]
                )
            }
        except (KeyError, ValueError):
            chosen = {}
        if len(chosen) != 2:
            messages.error(request, "Choose two different versions to compare.")
            return redirect(self._admin_url("history", object_id))
        older, newer = sorted(chosen.values(), key=lambda v: v.revision.date_created)
        return TemplateResponse(
            request,
            "admin/version_compare.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Compare versions of {obj}",
                "opts": self.opts,
                "object": obj,
                "older": older,
                "newer": newer,
                "changes": version_changes(older, newer),
            },
        )
