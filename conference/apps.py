from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conference"

    def ready(self):
        from conference.signals import connect_cache_invalidation

        connect_cache_invalidation()
