"""What a change to public content sets off: the page cache's version is bumped, and the
stored pages that show the changed objects are rendered again (``cms.page_store``).

These are the project's only signal receivers (DESIGN.md: signals only for cache
invalidation). Each domain app asks for its models to be watched from its ``ready()``.
``QuerySet.update()`` and ``bulk_create()`` send no signals: code that uses them calls
``cms.caching.bump_content_version()`` and ``cms.page_store.changes.touched()`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from cms.caching import bump_content_version
from cms.page_store import changes, recording

M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def content_saved(sender, instance, created=False, raw=False, **kwargs):
    bump_content_version()
    changes.touched(changes.keys_of_save(instance, created))


def content_deleted(sender, instance, **kwargs):
    bump_content_version()
    changes.touched(changes.keys_of_delete(instance))


def content_relations_changed(sender, instance, action, model, pk_set, **kwargs):
    if action in M2M_CHANGES:
        bump_content_version()
        changes.touched(changes.keys_of_relation_change(instance, model, pk_set))


def content_loaded(sender, instance, **kwargs):
    changes.remember_state(instance)
    recording.loaded(sender, instance)


def watch(app_config) -> None:
    """Every model of ``app_config`` (through models included) is public content."""
    for model in app_config.get_models(include_auto_created=True):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(content_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(content_deleted, sender=model, dispatch_uid=uid)
        post_init.connect(content_loaded, sender=model, dispatch_uid=uid)
        m2m_changed.connect(content_relations_changed, sender=model, dispatch_uid=uid)
