"""Admin for events, their days and rooms, and organisations.

Translated fields (conference/translation.py) show one input per language, side by side
(modeltranslation's TranslationAdmin, after the content admin in the bases, so that
its fieldsets get the content admin's hidden version fields).

Higher apps extend these admins (the programme adds a day's sessions, the speakers app an
organisation's people, the website the recap exports) by registering a subclass.
"""

import datetime as dt
import zoneinfo

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from modeltranslation.admin import TranslationAdmin

from cms.admin_base import (
    PUBLICATION_FIELDSET,
    ChangePageOnlyInlinesMixin,
    ContentAdmin,
    PublishableAdmin,
    PublishableInline,
    UniqueAcrossFormsFormSet,
    chosen_pk,
    thumbnail,
)
from cms.admin_publishing import PublicationAdminMixin, publish_with_contents_action
from cms.history import register_history
from conference.models import Day, Event, Organisation, Room, SiteIdentity

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
    fields = ("number", "date", "start", "end", "title", "status")
    extra = 1
    show_change_link = True
    change_page_only = True


class RoomInline(admin.TabularInline):
    model = Room
    fields = ("name", "order")

    def get_extra(self, request, obj=None, **kwargs):
        """Three empty rows for an event without rooms yet (a main hall and two breakouts)."""
        return 1 if obj is not None and obj.rooms.exists() else 3


MAX_DAYS_ADDED = 14


def add_event_days(event: Event) -> None:
    """A new event's days, one per date from its start to its end (drafts, numbered from 1),
    so that the editor goes on to their sessions instead of typing each day. Longer
    events (over two weeks: a season, not a conference) get none."""
    count = (event.end_date - event.start_date).days + 1
    if event.days.exists() or not 0 < count <= MAX_DAYS_ADDED:
        return
    for number in range(1, count + 1):
        day = Day(event=event, number=number, date=event.start_date + dt.timedelta(number - 1))
        day.full_clean()
        day.save()


@admin.register(Event)
class EventAdmin(ChangePageOnlyInlinesMixin, PublishableAdmin, TranslationAdmin):
    list_display = ("name", "short_name", "start_date", "end_date", "format", "status")
    list_filter = ("status", "format")
    search_fields = ("name", "short_name", "theme", "summary")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organiser",)
    inlines = (RoomInline, DayInline)
    actions = (*PublicationAdminMixin.actions, publish_with_contents_action)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "theme", "organiser")}),
        ("When and where", {"fields": ("start_date", "end_date", "time_zone", "venue", "format")}),
        ("Content", {"fields": ("summary", "programme_note", "banner", "logo", "website")}),
        PUBLICATION_FIELDSET,
    )
    pending_zone_note = "Times in the event’s time zone."

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            add_event_days(form.instance)

    def time_zone_name(self, request, obj):
        if obj is not None:
            return obj.zone_name
        chosen = request.POST.get("time_zone", "")  # a new event: the zone being saved
        return chosen if chosen in zoneinfo.available_timezones() else None


def event_time_zone(event_pk: str | None) -> str | None:
    """The time zone of the event with key ``event_pk``, if there is one."""
    if event_pk is None:
        return None
    return Event.objects.filter(pk=event_pk).values_list("time_zone", flat=True).first()


@admin.register(Day)
class DayAdmin(ChangePageOnlyInlinesMixin, PublishableAdmin, TranslationAdmin):
    list_display = ("__str__", "date", "title", "status")
    list_editable = ("status",)
    list_filter = ("event", "status")
    list_select_related = ("event",)
    search_fields = ("title", "recap_intro", "event__name", "event__short_name")
    date_hierarchy = "date"
    ordering = ("event", "number")
    actions = (*PublicationAdminMixin.actions, publish_with_contents_action)
    fieldsets = (
        (None, {"fields": ("event", "number", "date", "start", "end", "title", "recap_intro")}),
        PUBLICATION_FIELDSET,
    )
    pending_zone_note = "Times in the time zone of the chosen event."

    def time_zone_name(self, request, obj):
        if obj is not None:
            return obj.event.zone_name
        return event_time_zone(chosen_pk(request, "event"))


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
class OrganisationAdmin(ChangePageOnlyInlinesMixin, ContentAdmin, TranslationAdmin):
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


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    """One row: the list and "add" open the identity itself (or, before it is set, the form)."""

    fields = ("name", "logo", "accent_colour", "typeface")

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        identity = SiteIdentity.objects.first()
        if identity is None:
            return redirect(reverse("admin:conference_siteidentity_add"))
        return redirect(reverse("admin:conference_siteidentity_change", args=[identity.pk]))

    def add_view(self, request, form_url="", extra_context=None):
        identity = SiteIdentity.objects.first()
        if identity is not None and self.has_change_permission(request, identity):
            # Set already: change it rather than add a second.
            return redirect(reverse("admin:conference_siteidentity_change", args=[identity.pk]))
        return super().add_view(request, form_url, extra_context)
