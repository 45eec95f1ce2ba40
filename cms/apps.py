from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared machinery; the domain apps register their models with it from their ready()."""

    name = "cms"
    verbose_name = "Publishing"
