"""People who appear in a programme (speakers, chairs, report editors) and where they work."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cms.collation import sort_key, surname_first
from cms.images import SanitisedImageField
from cms.locking import Versioned
from cms.reversing import reverse_cached
from cms.richtext import MEDIUM_TEXT, text_limit
from conference.models import Organisation
from speakers.querysets import AffiliationQuerySet, SpeakerQuerySet


class Speaker(Versioned):
    uuid = models.UUIDField(
        "UUID", unique=True, default=uuid.uuid4, editable=False,
        help_text="Never changes: exports use it and imports match on it.",
    )  # fmt: skip
    external_id = models.CharField(
        "id in an imported schedule", max_length=200, blank=True, db_index=True,
        help_text="“acronym:id” of the schedule that brought this person in, for re-imports.",
    )  # fmt: skip
    name = models.CharField(max_length=200, help_text="As printed, without honorific.")
    honorific = models.CharField(
        max_length=50, blank=True, help_text="“Professor”, “Dr”… shown before the name."
    )
    slug = models.SlugField(max_length=200, unique=True)
    sort_name = models.CharField(
        "sorted as",
        max_length=200,
        blank=True,
        help_text="Surname first, as the name sorts in lists: “Nabatchi Tina”. Leave empty "
        "to sort by the last word of the name.",
    )
    bio = models.TextField(blank=True, help_text="Markdown.", **text_limit(MEDIUM_TEXT))
    photo = SanitisedImageField(upload_to="speakers/", blank=True)
    photo_focal_x = models.FloatField(
        "photo focal point (across)",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right: square crops keep this point in view.",
    )
    photo_focal_y = models.FloatField(
        "photo focal point (down)",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom.",
    )
    website = models.URLField(blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people", blank=True
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse_cached("speakers:speaker-detail", slug=self.slug)

    @property
    def full_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def sorting_name(self) -> str:
        """The name as lists sort it: the sort name, else surname first."""
        return self.sort_name or surname_first(self.name)

    @property
    def sort_key(self) -> tuple:
        return (*sort_key(self.sorting_name), self.pk or 0)

    @property
    def primary_affiliation(self):
        """The first affiliation, from prefetched rows when a selector loaded them."""
        affiliations = list(self.affiliations.all())
        return affiliations[0] if affiliations else None


class Affiliation(models.Model):
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(
        "role title", max_length=200, blank=True, help_text="e.g. “Dean”, “Executive Director”."
    )
    order = models.PositiveIntegerField(default=0)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["speaker", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "organisation", "role"],
                name="unique_affiliation",
                violation_error_message="This person already has this role at this organisation.",
            ),
        ]

    def __str__(self):
        if self.role:
            return f"{self.role}, {self.organisation}"
        return str(self.organisation)

