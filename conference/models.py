"""Event, Day, Room and Organisation: the frame every programme hangs on."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from cms.images import SanitisedImageField
from cms.locking import Versioned
from cms.publishing import Publishable
from conference.querysets import DayQuerySet, EventQuerySet, OrganisationQuerySet, RoomQuerySet


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. Europe/London).")


class Organisation(Versioned):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", "University"
        RESEARCH = "research", "Research centre"
        GOVERNMENT = "government", "Government"
        CHARITY = "charity", "Charity / VCSE"
        COMPANY = "company", "Company"
        INVESTOR = "investor", "Investor"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=50, blank=True, help_text="Abbreviation such as “DCMS” or “GO Lab”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(blank=True)
    logo = SanitisedImageField(upload_to="organisations/", blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The organisation this one is part of.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("speakers:organisation-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "An organisation cannot be part of itself."})
            ancestor = ancestor.parent


# Event pages live at /<slug>/, so an event must not take the first segment of a site URL.
RESERVED_EVENT_SLUGS = frozenset(
    {
        "admin", "feeds", "media", "organisations", "preview", "programme", "reports",
        "robots", "search", "sitemap", "speakers", "static", "topics",
    }
)  # fmt: skip


class Event(Publishable, Versioned):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    theme = models.CharField(max_length=300, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    venue = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    summary = models.TextField(blank=True, help_text="Markdown.")
    programme_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown with the programme, e.g. that times are provisional.",
    )
    banner = SanitisedImageField(upload_to="events/", blank=True)
    website = models.URLField(blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        permissions = [
            ("publish_content", "Can publish, schedule and unpublish content"),
            ("export_content", "Can export recaps and programmes"),
            ("import_content", "Can import schedules"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conference:event-detail", kwargs={"event": self.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self):
        super().clean()
        if self.slug and self.slug.lower() in RESERVED_EVENT_SLUGS:
            raise ValidationError(
                {
                    "slug": f"“{self.slug}” is taken by the site’s own /{self.slug.lower()}/ "
                    "pages; choose another slug, such as the event’s short name and year."
                }
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The event cannot end before it starts."})


class Day(Publishable, Versioned):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveSmallIntegerField()
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    recap_intro = models.TextField(
        blank=True, help_text="Markdown: the opening paragraphs of the day's recap."
    )

    objects = DayQuerySet.as_manager()

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"],
                name="unique_day_number_per_event",
                violation_error_message="This event already has a day with this number.",
            ),
        ]

    def __str__(self):
        return f"{self.event} – Day {self.number}"

    def get_absolute_url(self):
        return reverse(
            "conference:day-recap", kwargs={"event": self.event.slug, "number": self.number}
        )

    @property
    def label(self) -> str:
        return self.title or f"Day {self.number}"

    def clean(self):
        super().clean()
        if self.event_id and self.date:
            event = self.event
            if event.start_date and event.end_date and not (
                event.start_date <= self.date <= event.end_date
            ):
                raise ValidationError(
                    {
                        "date": f"The date must lie within the event "
                        f"({event.start_date:%-d %B %Y} to {event.end_date:%-d %B %Y})."
                    }
                )


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    objects = RoomQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"],
                name="unique_room_name_per_event",
                violation_error_message="This event already has a room with this name.",
            ),
        ]

    def __str__(self):
        return self.name
