"""Admin for reports and their editors."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from cms.admin_base import PUBLICATION_FIELDSET, TOPIC_FILTER, PublishableAdmin, chosen_pk
from cms.history import register_history
from conference.admin import event_time_zone
from reports.models import Report, ReportEditor

register_history(ReportEditor)
register_history(Report, "report_editors")


class ReportEditorInline(admin.TabularInline):
    model = ReportEditor
    fields = ("speaker", "order")
    autocomplete_fields = ("speaker",)
    extra = 1
    verbose_name = "editor"
    verbose_name_plural = "editors (shown in this order)"


@admin.register(Report)
class ReportAdmin(PublishableAdmin, TranslationAdmin):
    list_display = ("title", "event", "publisher", "publication_date", "status")
    list_select_related = ("event", "publisher")
    list_filter = ("event", TOPIC_FILTER, "status")
    search_fields = ("title", "subtitle", "summary", "report_editors__speaker__name")
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("publisher", "launch_session")
    inlines = (ReportEditorInline,)
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "event", "publisher", "topics")}),
        (
            "Content",
            {"fields": ("summary", "contributors_count", "url", "pdf", "cover")},
        ),
        ("Launch", {"fields": ("publication_date", "launch_session")}),
        PUBLICATION_FIELDSET,
    )
    pending_zone_note = "Times in the time zone of the chosen event."

    def time_zone_name(self, request, obj):
        if obj is not None:
            return obj.event.zone_name
        return event_time_zone(chosen_pk(request, "event"))
