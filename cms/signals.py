"""Cache invalidation: any change to content shown on public pages bumps the content version.

These are the project's only signal receivers (DESIGN.md: signals only for cache
invalidation). ``QuerySet.update()`` and ``bulk_create()`` send no signals: code that uses
them calls ``cms.caching.bump_content_version()`` itself.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from cms.caching import bump_content_version

# Apps whose every model (through models and taggit's tags included) is public content.
CONTENT_APPS = ("conference", "speakers", "programme", "reports", "taggit")
M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def content_saved_or_deleted(sender, **kwargs):
    bump_content_version()


def content_relations_changed(sender, action, **kwargs):
    if action in M2M_CHANGES:
        bump_content_version()


def connect_cache_invalidation() -> None:
    """Called once from ``ConferenceConfig.ready()``."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"page-cache-{model._meta.label_lower}"
            post_save.connect(content_saved_or_deleted, sender=model, dispatch_uid=uid)
            post_delete.connect(content_saved_or_deleted, sender=model, dispatch_uid=uid)
            m2m_changed.connect(content_relations_changed, sender=model, dispatch_uid=uid)
