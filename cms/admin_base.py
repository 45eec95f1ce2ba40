"""Building blocks shared by the admin modules of every app.

They keep the editors' pages fast (a constant number of queries however many rows or
inline forms a page shows) and keep model validation where editors see it, as form errors.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseInlineFormSet
from django.utils.html import format_html

from cms.admin_drafts import PendingChangesAdminMixin
from cms.admin_publishing import PublicationAdminMixin, PublicationInlineMixin
from cms.history import HistoryAdmin
from cms.locking import LOCKING_FIELDS, Versioned, VersionedForm, claim_version
from cms.preview import preview_url
from cms.widgets import MarkdownWidget

PUBLICATION_FIELDSET = ("Publication", {"fields": ("status", "publish_at")})
# The long text fields, all Markdown, edited with a live preview beside them.
MARKDOWN_FIELDS = {"recap_intro", "recap_text", "summary", "bio", "description"}


class LockingInlineMixin:
    """Inline rows of a versioned model carry their version, so a stale row is refused."""

    form = VersionedForm

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), *LOCKING_FIELDS]


class ContentAdmin(PendingChangesAdminMixin, HistoryAdmin):
    """Base admin of every content model: history, optimistic locking, preview, Markdown,
    and pending changes for what the public sees (``cms.admin_drafts``).

    The change form carries the object's version (``cms.locking``); every save,
    the inline rows' included, moves the version on, so that a form opened before is
    refused rather than saved over these changes.
    """

    form = VersionedForm
    change_form_template = "admin/content_change_form.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MARKDOWN_FIELDS:
            kwargs["widget"] = MarkdownWidget
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # a bare "example.org" means https
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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["extra_object_tools"] = self.get_object_tools(request, obj) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)


class PublishableAdmin(PublicationAdminMixin, ContentAdmin):
    """Admin of a model with a publication status: actions and publishing permission too."""


class PublishableInline(PublicationInlineMixin, LockingInlineMixin, admin.TabularInline):
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
    new rows with the same session code would otherwise both pass.
    """

    unique_across_forms: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        for field in self.unique_across_forms:
            seen = set()
            for form in self.forms:
                if not form.has_changed() or self._should_delete_form(form):
                    continue
                value = form.cleaned_data.get(field)
                if not value:
                    continue
                if value in seen:
                    label = form.fields[field].label.lower()
                    raise ValidationError(f"Two rows have the same {label} “{value}”.")
                seen.add(value)


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
