from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    """The sessions app, labelled ``programme``: django.contrib.sessions owns ``sessions``."""

    name = "sessions"
    label = "programme"
    verbose_name = "Programme"
