"""Publication status, shared by every model the public can see.

A draft is never visible to the public; ``.public()`` on each queryset is the only
gate that pages, exports, feeds, sitemaps and search go through.
"""

from django.core.exceptions import ValidationError
from django.db import models

# Custom permissions, declared on Event's Meta and given to the Organiser group.
PUBLISH_PERMISSION = "conference.publish_content"
EXPORT_PERMISSION = "conference.export_content"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


class Publishable(models.Model):
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="For scheduled content: when it becomes public.",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def clean(self):
        super().clean()
        if self.status == Status.SCHEDULED and not self.publish_at:
            raise ValidationError({"publish_at": "Scheduled content needs a publication time."})


def can_publish(user) -> bool:
    """Whether ``user`` may publish, schedule or unpublish (organisers and superusers)."""
    return user.has_perm(PUBLISH_PERMISSION)


def can_export(user) -> bool:
    """Whether ``user`` may download exports from the admin (organisers and superusers)."""
    return user.has_perm(EXPORT_PERMISSION)
