"""Admin actions on days and events: export the selected recaps as PDF, HTML or Markdown.

One recap downloads as its file, several as one zip. Drafts are skipped (an event exports
its published days), and the editor is told what was left out.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponse

from cms.publishing import can_export
from conference.models import Day
from website.exports import FORMATS, ExportFormat, day_document, event_document
from website.exports.bundle import zip_files
from website.metadata import public_origin


def _documents(queryset, base_url: str) -> list:
    if queryset.model is Day:
        days = queryset.public().with_event().order_by("event__start_date", "number")
        return [day_document(day=day, base_url=base_url) for day in days]
    documents = (
        event_document(event=event, base_url=base_url)
        for event in queryset.public().order_by("start_date", "name")
    )
    return [document for document in documents if document.recaps]


def _zip_name(documents: list, export: ExportFormat) -> str:
    """A zip named after what it holds: "soc24-days-1-2-recaps-pdf.zip" for days of one
    event, "day-recaps-soc24-gw25-pdf.zip" across events, "event-recaps-soc24-gw25-pdf.zip"
    for whole events (at most three events named, then how many more)."""
    slugs = list(dict.fromkeys(document.event.slug for document in documents))
    named = "-".join(slugs[:3]) + (f"-and-{len(slugs) - 3}-more" if len(slugs) > 3 else "")
    if documents[0].event_wide:
        return f"event-recaps-{named}-{export.key}.zip"
    if len(slugs) == 1:
        numbers = "-".join(str(document.recaps[0].day.number) for document in documents)
        return f"{named}-days-{numbers}-recaps-{export.key}.zip"
    return f"day-recaps-{named}-{export.key}.zip"


def export_recaps(modeladmin, request, queryset, export: ExportFormat):
    base_url = public_origin(request)
    documents = _documents(queryset, base_url)
    skipped = queryset.count() - len(documents)
    if skipped:
        modeladmin.message_user(
            request,
            f"{skipped} of the selected {modeladmin.opts.verbose_name_plural} left out: "
            "drafts and events without a published day are never exported.",
            messages.WARNING,
        )
    if not documents:
        return None
    files = [(export.filename(document), export.render(document)) for document in documents]
    if len(files) == 1:
        filename, body = files[0]
        response = HttpResponse(body, content_type=export.content_type)
    else:
        filename = _zip_name(documents, export)
        response = HttpResponse(zip_files(files), content_type="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _action(export: ExportFormat):
    @admin.action(description=f"Export selected recaps as {export.label}")
    def action(modeladmin, request, queryset):
        return export_recaps(modeladmin, request, queryset, export)

    action.__name__ = f"export_recaps_as_{export.key}"
    return action


EXPORT_ACTIONS = [_action(export) for export in FORMATS.values()]


class RecapExportActionsMixin:
    """Adds the export actions to a Day or Event admin, beside the actions it declares, for
    users who may export; an action that is not offered cannot be run either."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET or not can_export(request.user):
            return actions
        for action in EXPORT_ACTIONS:
            actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions
