from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conference"

    def ready(self):
        from django.core import checks

        from cms import graph, page_store, signals
        from conference.identity import check_identity_settings

        checks.register(check_identity_settings)
        from conference.models import Day, Event, Organisation, SiteIdentity

        graph.publishable(Event)
        graph.publishable(Day, parent="event")
        graph.shown_by(Organisation, Event, "organiser")
        graph.shown_by(Organisation, Organisation, "parent")  # a part shows the whole
        page_store.details(Event, "summary")
        page_store.details(Day, "recap_intro")
        page_store.details(Organisation, "description")
        page_store.site_wide(SiteIdentity)
        signals.watch(self)
