from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Publishing"

    def ready(self):
        from cms.signals import connect_cache_invalidation

        connect_cache_invalidation()
