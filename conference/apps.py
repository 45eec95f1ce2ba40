from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conference"

    def ready(self):
        from django.core import checks

        from cms import graph, signals
        from conference.identity import check_identity_settings

        checks.register(check_identity_settings)
        from conference.models import Day, Event, Organisation

        graph.publishable(Event)
        graph.publishable(Day, parent="event")
        graph.shown_by(Organisation, Event, "organiser")
        graph.shown_by(Organisation, Organisation, "parent")  # a part shows the whole
        signals.watch(self)
