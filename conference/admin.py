"""Admin for events with their days and rooms.

Days are registered in sessions/admin.py and organisations in speakers/admin.py, because
their pages inline models of those apps (dependencies point from them to this app).
"""

from django.contrib import admin

from conference.admin_actions import RecapExportActionsMixin
from conference.admin_helpers import (
    PUBLICATION_FIELDSET,
    ChangePageOnlyInlinesMixin,
    PublishableAdmin,
    PublishableInline,
)
from conference.admin_history import register_history
from conference.admin_publishing import ExportPermissionMixin
from conference.models import Day, Event, Organisation, Room

register_history(Organisation)
register_history(Room)
register_history(Day)
register_history(Event, "days", "rooms")


class DayInline(PublishableInline):
    model = Day
    fields = ("number", "date", "title", "status")
    extra = 1
    show_change_link = True
    change_page_only = True


class RoomInline(admin.TabularInline):
    model = Room
    fields = ("name", "order")
    extra = 1


@admin.register(Event)
class EventAdmin(
    ExportPermissionMixin, RecapExportActionsMixin, ChangePageOnlyInlinesMixin, PublishableAdmin
):
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
