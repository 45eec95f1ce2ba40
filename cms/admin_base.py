"""Building blocks shared by the admin modules of every app.

They keep the editors' pages fast (a constant number of queries however many rows or
inline forms a page shows) and keep model validation where editors see it, as form errors.
"""

from contextvars import ContextVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseInlineFormSet
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from taggit.managers import TaggableManager

from cms.admin_drafts import PendingChangesAdminMixin
from cms.admin_publishing import (
    PublicationAdminMixin,
    PublicationInlineMixin,
    VisibilityKeptForm,
)
from cms.history import HistoryAdmin
from cms.locking import LOCKING_FIELDS, Versioned, VersionedForm, claim_version
from cms.preview import preview_url
from cms.timezones import canonical_zone, zone_active
from cms.widgets import MarkdownWidget, SplitDateTimeInMinutes, TimeInMinutes, TopicsWidget

PUBLICATION_FIELDSET = ("Publication", {"fields": ("status", "publish_at")})
# The long text fields, all Markdown, edited with a live preview beside them.
MARKDOWN_FIELDS = {"recap_intro", "recap_text", "summary", "bio", "description"}


# What a new object's fields say until its event, and so its zone, is known.
_pending_note: ContextVar[str | None] = ContextVar("pending_zone_note", default=None)


def zone_note() -> str:
    """ "Times in Europe/Berlin.": the zone the admin's date and time fields are in."""
    return _pending_note.get() or f"Times in {timezone.get_current_timezone_name()}."


class TimeFieldsMixin:
    """Date and time fields without seconds, each saying which zone it is in."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("widget", SplitDateTimeInMinutes)
        elif isinstance(db_field, models.TimeField):
            kwargs.setdefault("widget", TimeInMinutes)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateTimeField | models.TimeField):
            help_text = formfield.help_text
            formfield.help_text = f"{help_text} {zone_note()}" if help_text else zone_note()
        return formfield


def chosen_pk(request, name: str) -> str | None:
    """The primary key the add form chose (posted) or was opened with (``?day=3``)."""
    value = request.POST.get(name) or request.GET.get(name)
    return value if value and value.isdigit() else None


class TimeZoneAdminMixin:
    """A change form whose dates and times are shown and read in the zone that
    ``time_zone_name`` gives for the object (an event's), its inlines' included.

    The zone is active from before the form is read until the page is rendered, and the
    zone active before comes back afterwards.
    """

    # What the fields of a new object say before the zone is chosen ("Times in the time
    # zone of the day’s event."); None: the server's zone, named.
    pending_zone_note: str | None = None

    def time_zone_name(self, request, obj) -> str | None:
        """The zone of ``obj``, or for a new object of what the request chose; None for the
        server's zone."""
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        chosen = self.time_zone_name(request, obj)
        zone = canonical_zone(chosen or timezone.get_default_timezone_name())
        pending = self.pending_zone_note if chosen is None and obj is None else None
        note = _pending_note.set(pending)
        try:
            with zone_active(zone):
                response = super().changeform_view(request, object_id, form_url, extra_context)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
        finally:
            _pending_note.reset(note)
        return response


class LockingInlineMixin:
    """Inline rows of a versioned model carry their version, so a stale row is refused."""

    form = VersionedForm

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), *LOCKING_FIELDS]


class ContentAdmin(TimeZoneAdminMixin, TimeFieldsMixin, PendingChangesAdminMixin, HistoryAdmin):
    """Base admin of every content model: history, optimistic locking, preview, Markdown,
    times in the event's zone, and pending changes for what the public sees
    (``cms.admin_drafts``).

    The zone mixin comes first: it looks the object up before the pending-change mixin
    marks the request, so the zone is the live object's and the form's own lookup is the
    one that opens with the pending values.

    The change form carries the object's version (``cms.locking``); every save,
    the inline rows' included, moves the version on, so that a form opened before is
    refused rather than saved over these changes.
    """

    form = VersionedForm
    change_form_template = "admin/content_change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MARKDOWN_FIELDS:
            kwargs["widget"] = MarkdownWidget
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # a bare "example.org" means https
        if isinstance(db_field, TaggableManager):
            kwargs["widget"] = TopicsWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        return [*fieldsets, (None, {"fields": LOCKING_FIELDS, "classes": ("hidden",)})]

    def save_model(self, request, obj, form, change):
        if change:
            claim_version(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.initial_forms:
            if (
                isinstance(row.instance, Versioned)
                and row.has_changed()
                and not formset._should_delete_form(row)
            ):
                claim_version(row.instance)
        super().save_formset(request, form, formset, change)

    def get_object_tools(self, request, obj) -> list[dict]:
        """Links beside History on the change page; admins add their own."""
        url = preview_url(obj)
        return [{"label": "Preview", "url": url}] if url else []

    def get_view_on_site_url(self, obj=None):
        """"View on site" of content the public cannot see yet opens its preview, not a 404."""
        url = super().get_view_on_site_url(obj)
        if obj is None or url is None or (preview := preview_url(obj)) is None:
            return url
        public = getattr(type(obj)._default_manager, "public", None)
        if public is not None and not public().filter(pk=obj.pk).exists():
            return preview
        return url

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["extra_object_tools"] = self.get_object_tools(request, obj) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)


class PublishableForm(VisibilityKeptForm, VersionedForm):
    pass


class PublishableAdmin(PublicationAdminMixin, ContentAdmin):
    """Admin of a model with a publication status: actions and publishing permission too."""

    form = PublishableForm


class PublishableInline(
    TimeFieldsMixin, PublicationInlineMixin, LockingInlineMixin, admin.TabularInline
):
    """A tabular inline of publishable, versioned rows (days, sessions, quotes)."""


class ChangePageOnlyInlinesMixin:
    """Shows inlines marked ``change_page_only = True`` only once the parent is saved.

    Some inline models validate against their saved parent (a day's date against its event,
    a session's times against its day), which a parent that is still being added cannot
    answer yet; the editor saves the parent first, then adds them.
    """

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is not None:
            return inlines
        return [inline for inline in inlines if not getattr(inline, "change_page_only", False)]


class UniqueAcrossFormsFormSet(BaseInlineFormSet):
    """Rejects two inline rows that share a value of a field in ``unique_across_forms``.

    The database constraints and the model's ``clean()`` only see rows already saved, so two
    new rows with the same session code would otherwise both pass; and Django's own check of
    the rows names no value. Runs before it, so the editor reads which value is twice.
    """

    unique_across_forms: tuple[str, ...] = ()

    def clean(self):
        for field in self.unique_across_forms:
            seen = set()
            for form in self.forms:
                unused = form in self.extra_forms and not form.has_changed()
                if unused or self._should_delete_form(form) or not form.is_valid():
                    continue
                value = form.cleaned_data.get(field)
                if not value:
                    continue
                if value in seen:
                    label = form.fields[field].label.lower()
                    raise ValidationError(f"Two rows have the same {label} “{value}”.")
                seen.add(value)
        super().clean()


def evaluated_once(formfield):
    """Freezes a select's choices so that each inline row does not query them again."""
    if formfield is not None:
        formfield.choices = list(formfield.choices)
    return formfield


# Filters by the topics (django-taggit tags) in use on the listed model.
TOPIC_FILTER = ("topics", admin.RelatedOnlyFieldListFilter)


def thumbnail(image, *, height: int = 48):
    """A small preview of an uploaded image for changelists; empty when there is none."""
    if not image:
        return ""
    return format_html('<img src="{}" alt="" height="{}" loading="lazy">', image.url, height)
