"""Querysets of the reports app."""

from django.db.models import Prefetch

from cms.publishing import PublishableQuerySet, Status


class ReportQuerySet(PublishableQuerySet):
    def public(self):
        """Reports the public may see: the report and its event are published."""
        return self.filter(status=Status.PUBLISHED, event__status=Status.PUBLISHED)

    def for_event(self, event):
        return self.filter(event=event)

    def with_editors(self):
        from reports.models import ReportEditor

        return self.select_related("publisher", "event").prefetch_related(
            Prefetch(
                "report_editors",
                queryset=ReportEditor.objects.select_related("speaker"),
            )
        )
