from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conference"

    def ready(self):
        from cms import graph, page_store, signals
        from conference.models import Day, Event, Organisation

        graph.publishable(Event)
        graph.publishable(Day, parent="event")
        graph.shown_by(Organisation, Event, "organiser")
        graph.shown_by(Organisation, Organisation, "parent")  # a part shows the whole
        page_store.details(Event, "summary")
        page_store.details(Day, "recap_intro")
        page_store.details(Organisation, "description")
        signals.watch(self)
