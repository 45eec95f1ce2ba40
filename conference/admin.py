"""Admin for events, their days and rooms, and organisations.

Higher apps extend these admins (the programme adds a day's sessions, the speakers app an
organisation's people, the website the recap exports) by registering a subclass.
"""

from django.contrib import admin

from cms.admin_base import (
    PUBLICATION_FIELDSET,
    ChangePageOnlyInlinesMixin,
    ContentAdmin,
    PublishableAdmin,
    PublishableInline,
    UniqueAcrossFormsFormSet,
    thumbnail,
)
from cms.history import register_history
from conference.models import Day, Event, Organisation, Room

register_history(Organisation)
register_history(Room)
register_history(Day)
register_history(Event, "days", "rooms")


class DayListFilter(admin.RelatedFieldListFilter):
    """Lists days with their event in one query (a day's name includes its event's)."""

    def field_choices(self, field, request, model_admin):
        days = Day.objects.select_related("event").order_by("-event__start_date", "number")
        return [(day.pk, str(day)) for day in days]


class DayFormSet(UniqueAcrossFormsFormSet):
    unique_across_forms = ("number", "date")


class DayInline(PublishableInline):
    model = Day
    formset = DayFormSet
    fields = ("number", "date", "title", "status")
    extra = 1
    show_change_link = True
    change_page_only = True


class RoomInline(admin.TabularInline):
    model = Room
    fields = ("name", "order")
    extra = 1


@admin.register(Event)
class EventAdmin(ChangePageOnlyInlinesMixin, PublishableAdmin):
    list_display = ("name", "short_name", "start_date", "end_date", "format", "status")
    list_filter = ("status", "format")
    search_fields = ("name", "short_name", "theme", "summary")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organiser",)
    inlines = (RoomInline, DayInline)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "theme", "organiser")}),
        ("When and where", {"fields": ("start_date", "end_date", "time_zone", "venue", "format")}),
        ("Content", {"fields": ("summary", "programme_note", "banner", "website")}),
        PUBLICATION_FIELDSET,
    )


@admin.register(Day)
class DayAdmin(ChangePageOnlyInlinesMixin, PublishableAdmin):
    list_display = ("__str__", "date", "title", "status")
    list_editable = ("status",)
    list_filter = ("event", "status")
    list_select_related = ("event",)
    search_fields = ("title", "recap_intro", "event__name", "event__short_name")
    date_hierarchy = "date"
    ordering = ("event", "number")
    fieldsets = (
        (None, {"fields": ("event", "number", "date", "title", "recap_intro")}),
        PUBLICATION_FIELDSET,
    )


class ChildOrganisationInline(admin.TabularInline):
    """Read-only list of the organisations that are part of this one; edited on their page."""

    model = Organisation
    fk_name = "parent"
    fields = ("name", "short_name", "kind")
    extra = 0
    show_change_link = True
    change_page_only = True
    verbose_name = "part of this organisation"
    verbose_name_plural = "parts of this organisation"

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ChangePageOnlyInlinesMixin, ContentAdmin):
    list_display = ("logo_thumbnail", "name", "short_name", "kind", "parent")
    list_display_links = ("logo_thumbnail", "name")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    ordering = ("name",)
    inlines = (ChildOrganisationInline,)
    fields = ("name", "short_name", "slug", "kind", "parent", "website", "logo", "description")

    @admin.display(description="logo")
    def logo_thumbnail(self, organisation):
        return thumbnail(organisation.logo)
