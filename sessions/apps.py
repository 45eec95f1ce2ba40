from django.apps import AppConfig, apps


class ProgrammeConfig(AppConfig):
    """The sessions app, labelled ``programme``: django.contrib.sessions owns ``sessions``."""

    name = "sessions"
    label = "programme"
    verbose_name = "Programme"

    def ready(self):
        from cms import graph, page_store, signals
        from sessions.models import Quote, Session
        from speakers.models import Speaker

        graph.publishable(Session, parent="day")
        graph.publishable(Quote, parent="session")
        graph.shown_by(Speaker, Session, "participations__speaker")
        graph.shown_by(Speaker, Quote, "speaker")
        page_store.details(Session, "summary", "recap_text")
        signals.watch(self)
        signals.watch(apps.get_app_config("taggit"))  # sessions' and reports' topics
