"""Pending changes in the admin: live content is edited as a draft, published on review.

The change form of a live object (or of one with pending changes) opens with the pending
values, its inline rows included, and a banner; saving keeps the form as the pending change
(``cms.drafts``) and leaves the live rows alone. Users who may publish review the changes
on a comparison page, then publish or discard them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from cms import drafts
from cms.models import PendingChange
from cms.publishing import can_publish
from cms.timezones import canonical_zone, zone_active


class PendingChangesFilter(admin.SimpleListFilter):
    title = "pending changes"
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return (("yes", "Has pending changes"), ("no", "No pending changes"))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_pending_changes=self.value() == "yes")
        return queryset


class _Editing:
    """What the change form being handled knows about the object's pending change."""

    def __init__(self, pending, goes_pending):
        self.pending = pending
        self.goes_pending = goes_pending


def _pending_formset(formset_class, changes):
    """The inline formset with the rows as the pending change leaves them."""

    class PendingRowsFormSet(formset_class):
        extra = formset_class.extra + len((changes or {}).get("added", []))

        def get_queryset(self):
            if not hasattr(self, "_pending_rows"):
                self._pending_rows = drafts.rows_as_pending(super().get_queryset(), changes)
            return self._pending_rows

    PendingRowsFormSet.__name__ = formset_class.__name__
    return PendingRowsFormSet


class PendingChangesAdminMixin:
    """For the admin of a content model: edits of live objects become pending changes."""

    def _editing(self, request) -> _Editing | None:
        return getattr(request, "pending_editing", None)

    # The change form.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = extra_context or {}
        # Reverting and recovering (history) write their own rows; they are not edits.
        request.pending_editing_wanted = object_id is not None and not (
            context.get("revert") or context.get("recover")
        )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(request, "pending_editing_wanted", False):
            request.pending_editing_wanted = False
            pending = drafts.pending_change_for(obj)
            request.pending_editing = _Editing(pending, drafts.goes_pending(obj, pending))
            if pending is not None:
                drafts.apply_to_instance(obj, pending)
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        editing = self._editing(request)
        if obj is None or editing is None or editing.pending is None:
            return form
        pending_initial = drafts.form_initial(form, editing.pending)

        class PendingForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(pending_initial)

        PendingForm.__name__ = form.__name__
        return PendingForm

    def get_formsets_with_inlines(self, request, obj=None):
        editing = self._editing(request)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if editing is not None and editing.pending is not None:
                changes = drafts.pending_rows(editing.pending, formset.get_default_prefix())
                formset = _pending_formset(formset, changes)
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        editing = self._editing(request)
        if request.method != "POST" and editing is not None and editing.pending is not None:
            changes = drafts.pending_rows(editing.pending, prefix)
            kwargs["initial"] = drafts.added_initial(inline.model, changes)
        return kwargs

    def changelist_view(self, request, extra_context=None):
        request.pending_list_edits = {}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        editing = self._editing(request)
        if change and editing is not None and editing.goes_pending:
            return  # kept by save_related, with the inline rows
        list_edits = getattr(request, "pending_list_edits", None)
        if change and list_edits is not None:
            # A row edited in the changelist (list_editable): live rows wait as well.
            pending = drafts.pending_change_for(obj)
            if drafts.goes_pending(obj, pending):
                list_edits[obj.pk] = pending
                return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        editing = self._editing(request)
        list_edits = getattr(request, "pending_list_edits", None) or {}
        if change and form.instance.pk in list_edits:
            drafts.save_list_edit(
                form.instance, form, user=request.user, previous=list_edits[form.instance.pk]
            )
            self.message_user(
                request,
                f"The changes to “{form.instance}” are pending: the public sees them once "
                "they are published.",
                messages.INFO,
            )
            return None
        if not (change and editing is not None and editing.goes_pending):
            return super().save_related(request, form, formsets, change)
        editing.pending = drafts.save_pending(
            form.instance, form, formsets, user=request.user, previous=editing.pending
        )
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        editing = self._editing(request)
        if not add and editing is not None and editing.goes_pending:
            if editing.pending is None:
                return "Saved as published: no pending changes."
            return "Saved pending changes (not yet public)."
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        editing = self._editing(request)
        if editing is None or not editing.goes_pending:
            return super().response_change(request, obj)
        if editing.pending is None:
            self.message_user(
                request, f"“{obj}” is as published: nothing is pending.", messages.INFO
            )
        else:
            self.message_user(
                request,
                f"Your changes to “{obj}” are saved as pending changes. The public still sees "
                "the published version until someone who may publish publishes them.",
                messages.SUCCESS,
            )
        if "_addanother" in request.POST:
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        # Back to the form (with its banner) whichever save button was used.
        return HttpResponseRedirect(self._pending_url("change", obj.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editing = self._editing(request)
        if obj is not None and editing is not None:
            context["pending_change"] = editing.pending
            context["pending_can_publish"] = can_publish(request.user)
            context["pending_urls"] = {
                name: self._pending_url(name, obj.pk)
                for name in ("pending", "pending_publish", "pending_discard")
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The changelist: a column and a filter.

    def get_queryset(self, request):
        opts = self.model._meta
        pending = PendingChange.objects.filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            object_id=OuterRef("pk"),
        )
        return super().get_queryset(request).annotate(has_pending_changes=Exists(pending))

    def get_list_display(self, request):
        return (*super().get_list_display(request), "pending_changes")

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), PendingChangesFilter)

    @admin.display(description="pending changes", boolean=True, ordering="has_pending_changes")
    def pending_changes(self, obj):
        return obj.has_pending_changes

    # Review, publish, discard.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = (
            ("pending/", self.pending_view, "pending"),
            ("pending/publish/", self.publish_pending_view, "pending_publish"),
            ("pending/discard/", self.discard_pending_view, "pending_discard"),
        )
        return [
            *(
                path(
                    f"<path:object_id>/{route}",
                    self.admin_site.admin_view(view),
                    name="{}_{}_{}".format(*info, name),
                )
                for route, view, name in views
            ),
            *super().get_urls(),
        ]

    def _pending_url(self, name: str, pk) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[pk])

    def _live_object(self, request, object_id, *, publishing: bool):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such object.")
        if publishing:
            if not (self.has_change_permission(request, obj) and can_publish(request.user)):
                raise PermissionDenied
        elif not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _zone(self, request, obj) -> str:
        """The zone the object's change form shows its times in (its event's, with
        ``cms.admin_base.TimeZoneAdminMixin``), so the review pages show them alike."""
        time_zone_name = getattr(self, "time_zone_name", None)
        chosen = time_zone_name(request, obj) if time_zone_name else None
        return canonical_zone(chosen or timezone.get_default_timezone_name())

    def _page(self, request, template, obj, pending, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "object": obj,
                "pending_change": pending,
                "pending_can_publish": can_publish(request.user),
                "change_url": self._pending_url("change", obj.pk),
                "publish_url": self._pending_url("pending_publish", obj.pk),
                "discard_url": self._pending_url("pending_discard", obj.pk),
                **context,
            },
        )

    def pending_view(self, request, object_id):
        """The comparison from the published version to the pending one."""
        obj = self._live_object(request, object_id, publishing=False)
        pending = drafts.pending_change_for(obj)
        with zone_active(self._zone(request, obj)):
            changes = drafts.compare(obj, pending) if pending else {"fields": [], "inlines": []}
            return self._page(
                request,
                "admin/pending_changes.html",
                obj,
                pending,
                title=f"Pending changes to {obj}",
                changes=changes,
            ).render()

    def publish_pending_view(self, request, object_id):
        obj = self._live_object(request, object_id, publishing=True)
        pending = drafts.pending_change_for(obj)
        if request.method != "POST" or pending is None:
            if request.method == "POST":
                messages.info(request, f"“{obj}” has no pending changes to publish.")
            return HttpResponseRedirect(self._pending_url("pending", obj.pk))
        try:
            published = drafts.publish(pending, user=request.user)
        except drafts.PublishError as error:
            messages.error(request, f"Nothing was published. {error}")
            return HttpResponseRedirect(self._pending_url("pending", obj.pk))
        self.log_change(request, published, "Published pending changes.")
        messages.success(request, f"The pending changes to “{published}” are published.")
        return HttpResponseRedirect(self._pending_url("change", obj.pk))

    def discard_pending_view(self, request, object_id):
        obj = self._live_object(request, object_id, publishing=True)
        pending = drafts.pending_change_for(obj)
        if pending is None:
            messages.info(request, f"“{obj}” has no pending changes.")
            return HttpResponseRedirect(self._pending_url("change", obj.pk))
        if request.method == "POST":
            drafts.discard(pending)
            self.log_change(request, obj, "Discarded pending changes.")
            messages.success(
                request,
                f"The pending changes to “{obj}” are discarded; the published version stays.",
            )
            return HttpResponseRedirect(self._pending_url("change", obj.pk))
        with zone_active(self._zone(request, obj)):
            return self._page(
                request,
                "admin/pending_changes_discard.html",
                obj,
                pending,
                title=f"Discard the pending changes to {obj}?",
            ).render()
