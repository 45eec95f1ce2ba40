"""Admin for reports and their editors."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from modeltranslation.admin import TranslationAdmin
from taggit.admin import TagAdmin
from taggit.models import Tag

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


class TopicAdmin(TagAdmin):
    """Taggit's tag admin, whose merge page checked only that the user was staff."""

    def merge_tags_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        if not request.session.get("selected_tag_ids"):
            messages.error(request, "Choose the topics to merge in the list first.")
            return redirect("admin:taggit_tag_changelist")
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, TopicAdmin)
