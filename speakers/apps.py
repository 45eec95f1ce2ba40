from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "speakers"
    verbose_name = "People"

    def ready(self):
        from cms import graph, page_store, signals
        from conference.models import Organisation
        from speakers.models import Speaker

        graph.shown_by(Organisation, Speaker, "affiliations__organisation")
        page_store.details(Speaker, "bio")
        signals.watch(self)
