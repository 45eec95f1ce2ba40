"""Cache invalidation: any change to content shown on public pages bumps the content version.

These are the project's only signal receivers (DESIGN.md: signals only for cache
invalidation). Each domain app asks for its models to be watched from its ``ready()``.
``QuerySet.update()`` and ``bulk_create()`` send no signals: code that uses them calls
``cms.caching.bump_content_version()`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from cms.caching import bump_content_version

M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def content_saved_or_deleted(sender, **kwargs):
    bump_content_version()


def content_relations_changed(sender, action, **kwargs):
    if action in M2M_CHANGES:
        bump_content_version()


def watch(app_config) -> None:
    """Every model of ``app_config`` (through models included) is public content."""
    for model in app_config.get_models(include_auto_created=True):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(content_saved_or_deleted, sender=model, dispatch_uid=uid)
        post_delete.connect(content_saved_or_deleted, sender=model, dispatch_uid=uid)
        m2m_changed.connect(content_relations_changed, sender=model, dispatch_uid=uid)
