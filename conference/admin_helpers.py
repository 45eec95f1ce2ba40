"""Building blocks shared by the admin modules of every app.

They keep the editors' pages fast (a constant number of queries however many rows or
inline forms a page shows) and keep model validation where editors see it, as form errors.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.utils.html import format_html

from conference.models import Day

PUBLICATION_FIELDSET = ("Publication", {"fields": ("status", "publish_at")})


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


class DayListFilter(admin.RelatedFieldListFilter):
    """Lists days with their event in one query (a day's name includes its event's)."""

    def field_choices(self, field, request, model_admin):
        days = Day.objects.select_related("event").order_by("-event__start_date", "number")
        return [(day.pk, str(day)) for day in days]


def thumbnail(image, *, height: int = 48):
    """A small preview of an uploaded image for changelists; empty when there is none."""
    if not image:
        return ""
    return format_html('<img src="{}" alt="" height="{}" loading="lazy">', image.url, height)
