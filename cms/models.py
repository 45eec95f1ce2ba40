"""The models of the shared machinery: pending changes to live content (``cms.drafts``) and
topics (taggit's tags, named for the admin) and the page store's record of what each stored
file shows (``cms.page_store``)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from taggit.models import Tag


class PendingChange(models.Model):
    """Edits to an object the public sees, kept aside until someone publishes them.

    ``data`` holds the edited field values of the object and the changes to its inline
    rows (see ``cms.drafts``); ``version`` is the live object's version counter when the
    changes were last saved, so publishing refuses changes made against an older object.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    version = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who saved these changes last.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_change_per_object"
            )
        ]

    def __str__(self):
        return f"Pending changes to {self.object_repr}"


class StoredPage(models.Model):
    """A file of the page store: the URL path it answers and when it was rendered."""

    path = models.CharField(max_length=500, unique=True)
    rendered_at = models.DateTimeField()

    def __str__(self):
        return self.path


class StoredPageKey(models.Model):
    """One object (``label:pk``) or special key (``listing``, ``clock``) a stored file shows:
    a change to it renders the file again."""

    page = models.ForeignKey(StoredPage, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="one_key_per_stored_page")
        ]

    def __str__(self):
        return f"{self.page}: {self.key}"


class Topic(Tag):
    """Taggit's tag under the name editors know it by, with its own admin and permissions."""

    class Meta:
        proxy = True
        verbose_name = "topic"
        verbose_name_plural = "topics"
        ordering = ["name"]
