"""Publication in the admin: who may publish, the bulk actions, and their messages.

Only users with ``conference.publish_content`` (organisers, superusers) may publish,
schedule, unpublish or delete published content. For everyone else the status and
publication time are shown but disabled, in change forms, inline rows and changelists
alike (a disabled field ignores whatever is posted), and the actions are not offered.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from cms.publication import Outcome, day_contents, publish, publish_with_contents
from cms.publication import unpublish as unpublish_service
from cms.publishing import Publishable, Status, can_publish

PUBLICATION_FIELDS = ("status", "publish_at")
ONLY_ORGANISERS = "Only organisers can publish, schedule or unpublish."


def _counted(count: int, opts) -> str:
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


def outcome_message(outcome: Outcome, opts, *, done: str, state: str) -> str:
    """“3 sessions published; 1 was already published.”"""
    message = f"{_counted(len(outcome.changed), opts)} {done}"
    already = len(outcome.unchanged)
    if already:
        message += f"; {already} {'was' if already == 1 else 'were'} already {state}"
    return message + "."


def _disable_publication_field(db_field, formfield, request):
    if (
        formfield is not None
        and db_field.name in PUBLICATION_FIELDS
        and issubclass(db_field.model, Publishable)
        and not can_publish(request.user)
    ):
        formfield.disabled = True
        formfield.help_text = ONLY_ORGANISERS
    return formfield


class PublicationInlineMixin:
    """For inlines of publishable rows: disabled status for editors, no deleting published rows."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return _disable_publication_field(db_field, formfield, request)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if can_publish(request.user):
            return formset
        return type(formset.__name__, (PublishedRowsKeptFormSet, formset), {})


class PublishedRowsKeptFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if self._should_delete_form(form) and form.instance.status != Status.DRAFT:
                raise ValidationError(
                    f"“{form.instance}” is not a draft: only organisers can delete it."
                )


class PublicationAdminMixin:
    """Publish and unpublish actions and publication permissions for a publishable model."""

    actions = ("publish_selected", "unpublish_selected")

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return _disable_publication_field(db_field, formfield, request)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or obj.status == Status.DRAFT:
            return allowed
        return allowed and can_publish(request.user)

    @admin.action(permissions=["publish"], description="Publish selected %(verbose_name_plural)s")
    def publish_selected(self, request, queryset):
        outcome = publish(queryset, user=request.user)
        self.message_user(
            request,
            outcome_message(outcome, self.opts, done="published", state="published"),
            messages.SUCCESS,
        )

    @admin.action(
        permissions=["publish"],
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
    )
    def unpublish_selected(self, request, queryset):
        outcome = unpublish_service(queryset, user=request.user)
        self.message_user(
            request,
            outcome_message(outcome, self.opts, done="unpublished", state="drafts"),
            messages.SUCCESS,
        )


@admin.action(permissions=["publish"], description="Publish with sessions and quotes")
def publish_days_with_contents(modeladmin, request, queryset):
    """Publishes days with their sessions and quotes, after a page that lists them all."""
    if request.POST.get("confirmed") == "yes":
        outcome = publish_with_contents(queryset, user=request.user)
        counts = {}
        for obj in outcome.changed:
            counts.setdefault(obj._meta, 0)
            counts[obj._meta] += 1
        changed = ", ".join(_counted(count, opts) for opts, count in counts.items()) or "Nothing"
        message = f"{changed} published"
        if outcome.unchanged:
            message += f"; {len(outcome.unchanged)} already published"
        modeladmin.message_user(request, message + ".", messages.SUCCESS)
        return None
    contents = day_contents(queryset)
    days = list(queryset.select_related("event"))
    # Published content of an unpublished event stays hidden until the event is published.
    waiting = {day.event_id: day.event for day in days if not day.event.is_published}
    return TemplateResponse(
        request,
        "admin/conference/day/publish_with_contents.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Publish days with their sessions and quotes?",
            "opts": modeladmin.opts,
            "days": days,
            "waiting_events": list(waiting.values()),
            "some_public_now": len(waiting) < len({day.event_id for day in days}),
            "sessions": list(contents["sessions"]),
            "quotes": list(contents["quotes"]),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": "publish_days_with_contents",
        },
    )
