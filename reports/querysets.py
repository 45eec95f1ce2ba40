"""Querysets of the reports app."""

from django.db.models import Prefetch

from cms.querysets import PublishableQuerySet


class ReportQuerySet(PublishableQuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def with_editors(self):
        editor_model = self.model._meta.get_field("report_editors").related_model
        return self.select_related("publisher", "event").prefetch_related(
            Prefetch(
                "report_editors",
                queryset=editor_model.objects.select_related("speaker"),
            )
        )
