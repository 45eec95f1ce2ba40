"""Event, Day, Room and Organisation: the frame every programme hangs on."""

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.caching import content_version
from cms.colours import validate_accent_colour
from cms.fonts import TYPEFACE_CHOICES
from cms.images import SanitisedImageField
from cms.locking import Versioned
from cms.publishing import Publishable
from cms.reversing import reverse_cached
from cms.richtext import LONG_TEXT, MEDIUM_TEXT, text_limit
from cms.timezones import canonical_zone
from conference.querysets import DayQuerySet, EventQuerySet, OrganisationQuerySet, RoomQuerySet


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. Europe/London).")


class Organisation(Versioned):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH = "research", _("Research centre")
        GOVERNMENT = "government", _("Government")
        CHARITY = "charity", _("Charity / VCSE")
        COMPANY = "company", _("Company")
        INVESTOR = "investor", _("Investor")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=50, blank=True, help_text="Abbreviation such as “DCMS” or “GO Lab”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(blank=True)
    logo = SanitisedImageField(upload_to="organisations/", blank=True)
    description = models.TextField(blank=True, help_text="Markdown.", **text_limit(MEDIUM_TEXT))
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
        return reverse_cached("speakers:organisation-detail", slug=self.slug)

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
        "accessibility", "admin", "api", "feeds", "media", "organisations", "preview",
        "programme", "reports",
        "robots", "search", "sitemap", "speakers", "static", "topics",
    }
)  # fmt: skip


class Event(Publishable, Versioned):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    uuid = models.UUIDField(
        "UUID", unique=True, default=uuid.uuid4, editable=False,
        help_text="Never changes: exports use it and imports match on it.",
    )  # fmt: skip
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
    summary = models.TextField(blank=True, help_text="Markdown.", **text_limit(MEDIUM_TEXT))
    programme_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown with the programme, e.g. that times are provisional.",
    )
    banner = SanitisedImageField(upload_to="events/", blank=True)
    logo = SanitisedImageField(
        upload_to="events/logos/",
        blank=True,
        help_text="The event's own mark, shown on its page and on the home page.",
    )
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
        return reverse_cached("conference:event-detail", event=self.slug)

    @property
    def zone_name(self) -> str:
        """The canonical name of the event's zone, as exports write it ("America/New_York"
        for a stored "US/Eastern")."""
        return canonical_zone(self.time_zone)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone_name)

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
        if self.time_zone:  # "US/Eastern" is stored as "America/New_York"
            self.time_zone = canonical_zone(self.time_zone)


class Day(Publishable, Versioned):
    uuid = models.UUIDField("UUID", unique=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveSmallIntegerField()
    date = models.DateField()
    start = models.TimeField(
        null=True, blank=True, help_text="Local time the day begins; midnight if empty."
    )
    end = models.TimeField(
        null=True,
        blank=True,
        help_text="Local time the day ends; earlier than the start means the next morning "
        "(10:00 to 04:00). Midnight if empty.",
    )
    title = models.CharField(max_length=200, blank=True)
    recap_intro = models.TextField(
        blank=True,
        help_text="Markdown: the opening paragraphs of the day's recap.",
        **text_limit(LONG_TEXT),
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
            models.UniqueConstraint(
                fields=["event", "date"],
                name="unique_day_date_per_event",
                violation_error_message="This event already has a day on this date.",
            ),
        ]

    def __str__(self):
        return f"{self.event} – Day {self.number}"

    def get_absolute_url(self):
        return reverse_cached("conference:day-recap", event=self.event.slug, number=self.number)

    @property
    def label(self) -> str:
        return self.title or gettext("Day %(number)s") % {"number": self.number}

    @property
    def runs_past_midnight(self) -> bool:
        return self.end is not None and self.end < (self.start or dt.time(0))

    def at(self, time: dt.time) -> dt.datetime:
        """The moment local ``time`` of this day: on the next calendar date when the day
        runs past midnight and ``time`` comes before the day's start (01:30 of a day from
        10:00 to 04:00)."""
        date = self.date
        if self.runs_past_midnight and time < (self.start or dt.time(0)):
            date += dt.timedelta(days=1)
        return dt.datetime.combine(date, time, tzinfo=self.event.tzinfo)

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """When the day begins and ends, as aware datetimes: its sessions lie within."""
        tz = self.event.tzinfo
        begins = dt.datetime.combine(self.date, self.start or dt.time(0), tzinfo=tz)
        if self.end is None or self.runs_past_midnight or self.end == dt.time(0):
            next_date = self.date + dt.timedelta(days=1)
            ends = dt.datetime.combine(next_date, self.end or dt.time(0), tzinfo=tz)
        else:
            ends = dt.datetime.combine(self.date, self.end, tzinfo=tz)
        return begins, ends

    @property
    def window_label(self) -> str:
        """ "5 September 2024, 10:00 to 04:00 the next morning", for messages."""
        begins, ends = self.window
        if ends.time() == dt.time(0):
            until = "midnight"
        elif ends.date() > self.date:
            until = f"{ends:%H:%M} the next morning"
        else:
            until = f"{ends:%H:%M}"
        return f"{self.date:%-d %B %Y}, {begins:%H:%M} to {until}"

    def clean(self):
        super().clean()
        if self.start is not None and self.end is not None and self.start == self.end:
            raise ValidationError({"end": "The day must end at another time than it starts."})
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
    uuid = models.UUIDField("UUID", unique=True, default=uuid.uuid4, editable=False)
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


def _default_name() -> str:
    return settings.SITE_NAME


def _default_accent() -> str:
    return settings.SITE_ACCENT_COLOUR


def _default_typeface() -> str:
    return settings.SITE_TYPEFACE


class SiteIdentity(models.Model):
    """The site's name, logo, accent colour and typefaces: one row, set by an Organiser.

    Without a row the settings (SITE_NAME, SITE_ACCENT_COLOUR, SITE_TYPEFACE) apply.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(
        "site name",
        max_length=100,
        default=_default_name,
        help_text="Beside the logo on every page, the home page's heading and title, and the "
        "site name of shared links and the recap feed.",
    )
    logo = SanitisedImageField(
        upload_to="identity/",
        blank=True,
        help_text="Shown before the site name, at most 40 px high: a wide mark reads best.",
    )
    accent_colour = models.CharField(
        max_length=7,
        default=_default_accent,
        validators=[validate_accent_colour],
        help_text="Links and buttons, as #rrggbb; it must read at WCAG AA against white. "
        "Dark mode uses a lighter tint of it.",
    )
    typeface = models.CharField(
        "typefaces",
        max_length=30,
        choices=TYPEFACE_CHOICES,
        default=_default_typeface,
        help_text="Open fonts that this site serves itself.",
    )

    class Meta:
        verbose_name = "site identity"
        verbose_name_plural = "site identity"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.singleton = True
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "SiteIdentity":
        """The saved identity, else the settings' one; cached until content next changes."""
        key = f"site-identity:{content_version()}"
        identity = cache.get(key)
        if identity is None:
            try:
                identity = cls.objects.first() or cls()
            except DatabaseError:  # the error pages still render, with the defaults
                return cls()
            cache.set(key, identity, timeout=24 * 60 * 60)
        return identity
