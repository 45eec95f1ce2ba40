"""Revision history in the admin: django-reversion's history, revert and recover, plus a
field-by-field comparison of two versions, inline rows included.

A revert restores one object and its own inline rows (the relations it was registered to
follow) as they were in that version, never the other objects saved in the same revision.
Rows added since are kept unless the editor ticks their removal on the revert page.

Reverting or recovering may not change what is public unless the user may publish: a
version whose status or publication time differs from the current one is refused for
editors, and so is removing a row that is not a draft, so history is no back door to
publishing.
"""

import difflib
import re
from contextlib import contextmanager

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from reversion import revisions
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from cms.locking import Versioned
from cms.publishing import Publishable, Status, can_publish

HIDDEN_FIELDS = {"id", "version"}
WORDS = re.compile(r"\s+|[^\s]+")
# The revert form's checkbox that confirms removing the rows added since the version.
REMOVE_ADDED_ROWS = "_remove_added_rows"
# model -> the reverse relations (its inline rows) that its history keeps with it.
_OWN_ROWS: dict[type[models.Model], tuple[str, ...]] = {}


def register_history(model, *follow: str) -> None:
    """Keeps the history of ``model`` and, in the same revisions, the rows it ``follow``s.

    The version counter is left out: a revert restores content, and the counter must keep
    counting up for open forms to notice it.
    """
    exclude = ("version",) if issubclass(model, Versioned) else ()
    reversion.register(model, follow=follow, exclude=exclude)
    _OWN_ROWS[model] = follow


@contextmanager
def separate_revision(*, user=None, comment: str = ""):
    """A revision of its own, even inside another open one.

    django-reversion merges nested revisions into the outermost one (the admin opens one
    around every changelist action), so publishing many objects would record them all in
    one revision, and reverting any of them later would restore them all. Publishing
    (``cms.publication``) wraps each object in this instead. It sets aside reversion's
    stack of open revisions (``revisions._stack``, a context variable, as in 5.x and 6.x)
    for the duration, so the outer revision neither absorbs nor records the object.
    """
    token = revisions._stack.set([])
    try:
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(comment)
            yield
    finally:
        revisions._stack.reset(token)


def _own_row_relations(model):
    """(row model, attname of its key to ``model``) for each inline relation kept in history."""
    for name in _OWN_ROWS.get(model, ()):
        relation = model._meta.get_field(name)
        yield relation.related_model, relation.field.attname


def own_row_versions(version: Version) -> list[Version]:
    """The versions of ``version``'s own inline rows, from the same revision."""
    rows = []
    for row_model, key in _own_row_relations(version._model):
        content_type = ContentType.objects.get_for_model(row_model)
        for item in version.revision.version_set.filter(content_type=content_type):
            if str(item.field_dict.get(key)) == str(version.object_id):
                rows.append(item)
    return rows


def revert_scope(version: Version) -> list[Version]:
    """What a revert of ``version`` restores: its object first, then its own inline rows."""
    return [version, *own_row_versions(version)]


def rows_added_since(version: Version) -> list[models.Model]:
    """The object's inline rows that exist now but not in ``version``.

    Reversion's own revert deletes them (and what hangs on them, cascading); here they are
    kept unless the revert form confirms their removal.
    """
    kept = {(item.content_type_id, item.object_id) for item in own_row_versions(version)}
    added = []
    for row_model, key in _own_row_relations(version._model):
        content_type = ContentType.objects.get_for_model(row_model)
        for row in row_model._default_manager.filter(**{key: version.object_id}).order_by("pk"):
            if (content_type.pk, str(row.pk)) not in kept:
                added.append(row)
    return added


def is_draft(obj) -> bool:
    return isinstance(obj, Publishable) and obj.status == Status.DRAFT


def removal_refused(user, rows) -> list[models.Model]:
    """The rows among ``rows`` that ``user`` may not remove through a revert.

    Without publishing permission only drafts (or rows of a model without publication)
    may go; every row also needs the model's delete permission.
    """
    refused = []
    for row in rows:
        opts = row._meta
        may_delete = user.has_perm(f"{opts.app_label}.delete_{opts.model_name}")
        live = isinstance(row, Publishable) and not is_draft(row)
        if not may_delete or (live and not can_publish(user)):
            refused.append(row)
    return refused


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


def translated_originals(model) -> set[str]:
    """The fields kept per language (django-modeltranslation's ``title_en``, ``title_fr``):
    their own column only mirrors one language, so a comparison shows each language's."""
    return {
        field.translated_field.name
        for field in model._meta.concrete_fields
        if hasattr(field, "translated_field")
    }


def version_changes(older: Version, newer: Version) -> list[dict]:
    """The fields that differ between two versions of one object, in model order."""
    old, new = older.field_dict, newer.field_dict
    changes = []
    hidden = HIDDEN_FIELDS | translated_originals(newer._model)
    for field in newer._model._meta.concrete_fields:
        if field.name in hidden:
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


def inline_changes(older: Version, newer: Version) -> list[dict]:
    """How the object's own inline rows differ between two of its versions.

    One entry per row added, removed or changed (with its field changes), such as a
    participant whose role went from panellist to chair.
    """
    before = {(item.content_type_id, item.object_id): item for item in own_row_versions(older)}
    after = {(item.content_type_id, item.object_id): item for item in own_row_versions(newer)}
    rows = []
    for key in [*before, *(key for key in after if key not in before)]:
        old, new = before.get(key), after.get(key)
        if old is None:
            rows.append({"row": new.object_repr, "kind": "added", "changes": []})
        elif new is None:
            rows.append({"row": old.object_repr, "kind": "removed", "changes": []})
        else:
            changes = version_changes(old, new)
            if changes:
                rows.append({"row": new.object_repr, "kind": "changed", "changes": changes})
    return rows


def publication_changes(version: Version) -> list[str]:
    """Objects restored by a revert of ``version`` whose publication it would change."""
    changed = []
    for item in revert_scope(version):
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
    for item in revert_scope(version):
        model = item._model
        if model is not None and issubclass(model, Versioned):
            current = model._default_manager.filter(pk=item.object_id).values_list(
                "version", flat=True
            )
            counters.append((model, item.object_id, current.first() or 0))
    return counters


class _ShownOnly(Exception):
    """Carries a rendered revert page out of the transaction, which then rolls back."""

    def __init__(self, response):
        self.response = response


class HistoryAdmin(VersionAdmin):
    """History, revert, recover of deleted objects and version comparison for an admin."""

    object_history_template = "admin/history_with_compare.html"
    revision_form_template = "admin/revision_form_scoped.html"
    history_latest_first = True

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
        if version is not None and self._refuse_publication_change(request, version):
            return redirect(self._admin_url("history", object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is not None and self._refuse_publication_change(request, version):
            return redirect(self._admin_url("recoverlist"))
        return super().recover_view(request, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """Reversion's revert and recover pages, restoring only ``version``'s own object.

        Replaces reversion's ``revision.revert(delete=True)``, which restores every object
        of the revision and deletes whatever its followed relations gained since. The
        rows added since are listed on the page; a POST removes them only when the form
        confirms it and the user may remove each of them.
        """
        added = rows_added_since(version)
        remove = request.method == "POST" and request.POST.get(REMOVE_ADDED_ROWS) == "yes"
        if remove:
            refused = removal_refused(request.user, added)
            if refused:
                messages.error(
                    request,
                    "You may not remove "
                    + "; ".join(str(row) for row in refused)
                    + ": only organisers can remove content that is not a draft.",
                )
                return redirect(request.path)
        context = {
            "rows_added_since": [
                {
                    "kind": row._meta.verbose_name,
                    "name": str(row),
                    "status": row.get_status_display() if isinstance(row, Publishable) else "",
                }
                for row in added
            ],
            "remove_added_rows": REMOVE_ADDED_ROWS,
            **(extra_context or {}),
        }
        # Viewing a version saves nothing: no signal may invalidate caches or write.
        signals = (pre_save, post_save, pre_delete, post_delete, m2m_changed)
        try:
            with transaction.atomic(using=version.db):
                request.counters_before_revert = _version_counters(version)
                if request.method == "GET":
                    with mute_signals(*signals):
                        for item in revert_scope(version):
                            item.revert()
                else:
                    for item in revert_scope(version):
                        item.revert()
                request.revision_form_template = template_name  # see render_change_form
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        for row in added if remove else ():
                            row.delete()
                        reversion.set_comment(
                            "Reverted to the version saved on "
                            + localize(template_localtime(version.revision.date_created))
                            + (f"; removed {len(added)} rows added since" if remove else "")
                            + "."
                        )
                    elif response.status_code == 200:
                        response.render()
                        raise _ShownOnly(response)
                    else:
                        raise RevertError(f"Could not load {version.object_repr}.")
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            return redirect(self._admin_url("changelist"))
        except _ShownOnly as shown:
            return shown.response
        return response

    def render_change_form(self, request, context, *args, **kwargs):
        """The revert and recover pages: the change form in reversion's template, chosen here
        rather than after rendering (the time-zone mixin renders inside the event's zone)."""
        response = super().render_change_form(request, context, *args, **kwargs)
        template = getattr(request, "revision_form_template", None)
        if template:
            response.template_name = template
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Runs inside the revert: moves every reverted row's counter on, not back."""
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
                "row_changes": inline_changes(older, newer),
            },
        )
