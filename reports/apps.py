from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from cms import graph, page_store, signals
        from conference.models import Organisation
        from reports.models import Report
        from speakers.models import Speaker

        graph.publishable(Report, parent="event")
        graph.shown_by(Speaker, Report, "report_editors__speaker")
        graph.shown_by(Organisation, Report, "publisher")
        page_store.details(Report, "summary")
        signals.watch(self)
