"""The event and day admins extended with the recap exports (PDF, HTML, Markdown)."""

from django.contrib import admin

from conference import admin as conference_admin
from conference.models import Day, Event
from sessions import admin as programme_admin
from website.admin_actions import RecapExportActionsMixin

admin.site.unregister(Event)
admin.site.unregister(Day)


@admin.register(Event)
class EventAdmin(RecapExportActionsMixin, conference_admin.EventAdmin):
    pass


@admin.register(Day)
class DayAdmin(RecapExportActionsMixin, programme_admin.DayAdmin):
    pass
