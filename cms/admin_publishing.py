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
from django.utils import timezone
from django.utils.text import get_text_list

from cms import graph
from cms.publication import Outcome, contents, publish, publish_with_contents
from cms.publication import unpublish as unpublish_service
from cms.publishing import Publishable, Status, can_publish

PUBLICATION_FIELDS = ("status", "publish_at")
ONLY_ORGANISERS = "Only organisers can publish, schedule or unpublish."
MOVES_NEED_PUBLISHING = (
    "This change would make it public or take it off the public site; only organisers can "
    "do that. Nothing was saved."
)
PAST_SCHEDULE = "“{obj}” is scheduled for a time already past: it is public now."


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


class VisibilityKeptForm(forms.ModelForm):
    """With ``keep_visibility`` (users who may not publish): a change that would show or hide
    the object to the public (moving a published session into a published day) is refused."""

    keep_visibility = False

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the submitted values
        if not self.keep_visibility or self.instance.pk is None or self.errors:
            return
        stored = type(self.instance)._default_manager.get(pk=self.instance.pk)
        if graph.is_public(stored) != graph.would_be_public(self.instance):
            self.add_error(None, MOVES_NEED_PUBLISHING)


class PublicationAdminMixin:
    """Publish and unpublish actions and publication permissions for a publishable model."""

    actions = ("publish_selected", "unpublish_selected")

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a new class at each call
        form.keep_visibility = not can_publish(request.user)
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.status == Status.SCHEDULED and obj.publish_at and obj.publish_at <= timezone.now():
            self.message_user(request, PAST_SCHEDULE.format(obj=obj), messages.WARNING)

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


class PublishWhenForm(forms.Form):
    publish_at = forms.DateTimeField(
        required=False,
        label="Schedule for",
        help_text="Leave empty to publish now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_publish_at(self):
        moment = self.cleaned_data["publish_at"]
        if moment is not None and moment <= timezone.now():
            raise ValidationError("This moment has passed: leave it empty to publish now.")
        return moment


@admin.action(permissions=["publish"], description="Publish or schedule with contents")
def publish_with_contents_action(modeladmin, request, queryset):
    """Publishes (or schedules) the selection with everything under it in the publishing
    graph (an event's days, sessions, quotes and reports), after a page that lists it all."""
    when = PublishWhenForm(request.POST if request.POST.get("confirmed") == "yes" else None)
    if when.is_bound and when.is_valid():
        at = when.cleaned_data["publish_at"]
        outcome = publish_with_contents(queryset, user=request.user, at=at)
        counts = {}
        for obj in outcome.changed:
            counts.setdefault(obj._meta, 0)
            counts[obj._meta] += 1
        changed = ", ".join(_counted(count, opts) for opts, count in counts.items()) or "Nothing"
        done = f"scheduled for {timezone.localtime(at):%-d %B %Y %H:%M}" if at else "published"
        message = f"{changed} {done}"
        if outcome.unchanged:
            message += f"; {len(outcome.unchanged)} already published"
        modeladmin.message_user(request, message + ".", messages.SUCCESS)
        return None
    groups = [(rows.model._meta, list(rows)) for rows in contents(queryset)]
    names = [str(opts.verbose_name_plural) for opts, _rows in groups]
    public_parents, hidden_parents = graph.parents_by_visibility(queryset)
    return TemplateResponse(
        request,
        "admin/publish_with_contents.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": f"Publish {get_text_list(names, 'and')}?",
            "opts": modeladmin.opts,
            "groups": groups,
            "selected": groups[0][1],
            "public_parents": public_parents,
            "hidden_parents": hidden_parents,
            "when": when,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": "publish_with_contents_action",
        },
    )
