"""Sessions of a programme, who took part in them, and what they said."""

import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from cms.images import SanitisedImageField
from cms.locking import Versioned
from cms.publishing import Publishable
from cms.reversing import reverse_cached
from cms.richtext import LONG_TEXT, SHORT_TEXT, text_limit
from conference.models import Day, Event, Room
from sessions.languages import language_name, parse_languages, validate_languages
from sessions.media import (
    AttachmentFileField,
    TranscriptField,
    attachment_filename,
    attachment_name,
    attachment_type,
    private_storage,
    transcript_name,
)
from sessions.querysets import ParticipationQuerySet, QuoteQuerySet, SessionQuerySet
from speakers.models import Affiliation, Speaker


def validate_web_address(value: str) -> None:
    """An http(s) address with a host; unlike URLField, any host name (other systems'
    pages are only linked, and internal hosts have no top-level domain)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("Enter an http:// or https:// address.")


COLOUR_HELP = "A colour such as #2a6f97, for programmes that colour sessions by it."


class SessionType(models.Model):
    """What a session is (talk, workshop, keynote…), as the event names it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="session_types")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    colour = models.CharField(max_length=7, blank=True, help_text=COLOUR_HELP)

    class Meta:
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="unique_session_type_slug"),
        ]

    def __str__(self):
        return self.name


class Track(models.Model):
    """A strand of the programme (“Security”, “Policy”), as the event names it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    colour = models.CharField(max_length=7, blank=True, help_text=COLOUR_HELP)

    class Meta:
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="unique_track_slug"),
        ]

    def __str__(self):
        return self.name


class Session(Publishable, Versioned):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        KEYNOTE = "keynote", _("Keynote")
        PANEL = "panel", _("Panel")
        DEEP_DIVE = "deep_dive", _("Deep dive")
        PLENARY = "plenary", _("Plenary")
        REPORT_LAUNCH = "report_launch", _("Report launch")
        BREAK = "break", _("Break")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(
        "UUID", unique=True, default=uuid.uuid4, editable=False,
        help_text="Never changes: exports use it and imports match on it.",
    )  # fmt: skip
    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="sessions")
    code = models.CharField(
        max_length=20, blank=True, help_text="Programme number such as “1.4”; unique in the event."
    )
    external_id = models.CharField(
        "id in an imported schedule", max_length=100, blank=True,
        help_text="The `id` of the schedule file this session came from, for re-imports.",
    )  # fmt: skip
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=200, help_text="Unique within the event.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    type = models.ForeignKey(
        SessionType, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    languages = models.CharField(
        max_length=100, default="en", validators=[validate_languages],
        help_text="ISO 639-1 codes of the spoken languages, comma-separated: “en” or “en, fr”.",
    )  # fmt: skip
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    summary = models.TextField(
        blank=True,
        help_text="Markdown: one or two sentences for listings.",
        **text_limit(SHORT_TEXT),
    )
    recap_text = models.TextField(
        blank=True,
        help_text="Markdown: the session's part of the day recap.",
        **text_limit(LONG_TEXT),
    )
    recording_title = models.CharField(max_length=300, blank=True)
    recording_url = models.URLField(max_length=500, blank=True)
    recording_licence = models.CharField(max_length=200, blank=True)
    recording_optout = models.BooleanField(
        "not to be recorded", default=False, help_text="The speakers asked not to be recorded."
    )
    transcript = TranscriptField(
        upload_to=transcript_name, storage=private_storage, blank=True,
        help_text="A WebVTT (.vtt) file of what was said; <v Name> tags name the speakers.",
    )  # fmt: skip
    # Drawn from the transcript when the session is saved (TranscriptField), for the search;
    # declared after ``transcript`` so that its value is read once the file has been read.
    transcript_text = models.TextField(blank=True, editable=False)
    origin_url = models.CharField(
        max_length=500, blank=True, validators=[validate_web_address],
        help_text="The session's page in the system it was imported from.",
    )  # fmt: skip
    feedback_url = models.CharField(
        max_length=500, blank=True, validators=[validate_web_address]
    )
    extra = models.JSONField(
        default=dict, blank=True, editable=False,
        help_text="What an imported file said of the session that no field holds, verbatim.",
    )  # fmt: skip
    topics = TaggableManager(
        "topics", blank=True, help_text="Separate topics with commas; a topic may have spaces."
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Orders sessions that start at the same time."
    )
    speakers = models.ManyToManyField(Speaker, through="Participation", related_name="sessions")

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["day", "start", "order", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "slug"],
                name="unique_session_slug_per_day",
                violation_error_message="Another session of this day has this slug.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return reverse_cached("programme:session-detail", event=self.day.event.slug, slug=self.slug)

    @property
    def language_codes(self) -> list[str]:
        return parse_languages(self.languages)

    @property
    def language(self) -> str:
        """The first language, for formats that take only one (frab's ``<language>``)."""
        codes = self.language_codes
        return codes[0] if codes else "en"

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.language_codes]

    def clean(self):
        super().clean()
        self.languages = ",".join(parse_languages(self.languages))
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The session must end after it starts."
        if self.day_id:
            day = self.day
            begins, ends = day.window
            for field in ("start", "end"):
                moment = getattr(self, field)
                if moment and not begins <= moment <= ends and field not in errors:
                    errors[field] = f"The {field} must fall within the day ({day.window_label})."
            if self.room_id and self.room.event_id != day.event_id:
                errors["room"] = "This room belongs to another event."
            if self.type_id and self.type.event_id != day.event_id:
                errors["type"] = "This type belongs to another event."
            if self.track_id and self.track.event_id != day.event_id:
                errors["track"] = "This track belongs to another event."
            siblings = Session.objects.filter(day__event_id=day.event_id).exclude(pk=self.pk)
            if self.slug and siblings.filter(slug=self.slug).exists():
                errors["slug"] = "Another session of this event has this slug."
            if self.code and siblings.filter(code=self.code).exists():
                errors["code"] = "Another session of this event has this code."
        if errors:
            raise ValidationError(errors)


class Link(models.Model):
    """Slides, a video, a paper or a page about a session."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        VIDEO = "video", _("Video")
        PAPER = "paper", _("Paper")
        WEBSITE = "website", _("Website")
        OTHER = "other", _("Other")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session", "order", "pk"]

    def __str__(self):
        return self.title or self.url


class SessionAttachment(models.Model):
    """Slides or another file shown under a session: a PDF or an image, served only while
    the session is public (the file is in private storage)."""

    class Kind(models.TextChoices):
        SLIDES = "slides", "Slides"
        OTHER = "other", "Other"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=300)
    file = AttachmentFileField(
        upload_to=attachment_name, storage=private_storage, max_length=200,
        help_text="A PDF or an image (JPEG, PNG or WebP).",
    )  # fmt: skip
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SLIDES)
    licence = models.CharField(max_length=200, blank=True, help_text="Such as “CC BY 4.0”.")
    order = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0, editable=False, help_text="In bytes.")

    class Meta:
        ordering = ["session", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        session = self.session
        return reverse_cached(
            "programme:session-attachment",
            event=session.day.event.slug,
            slug=session.slug,
            pk=self.pk,
            filename=self.filename,
        )

    @property
    def filename(self) -> str:
        """The name it is downloaded under: its title's slug and its stored type's ending."""
        return attachment_filename(self.title, self.file.name)

    @property
    def file_type(self) -> str:
        return attachment_type(self.file.name)


class SessionPhoto(models.Model):
    """A photograph of a session, shown in its gallery with the photographer's credit."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="photos")
    image = SanitisedImageField(upload_to="sessions/photos/")
    alt_text = models.CharField(
        max_length=300, help_text="What the photo shows, for people who cannot see it."
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="The photographer.")
    licence = models.CharField(max_length=200, blank=True, help_text="Such as “CC BY 4.0”.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session", "order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text


class Participation(models.Model):
    class Role(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote speaker")
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        PANELLIST = "panellist", _("Panellist")
        PRESENTER = "presenter", _("Presenter")
        SPEAKER = "speaker", _("Speaker")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participations")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveIntegerField(default=0)
    affiliation = models.ForeignKey(
        Affiliation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
        help_text="The affiliation shown for this session; the person's first one if empty.",
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"],
                name="unique_person_per_session",
                violation_error_message="This person is already in this session: give them "
                "one role.",
            ),
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()}) in {self.session}"

    @property
    def shown_affiliation(self):
        return self.affiliation or self.speaker.primary_affiliation

    def clean(self):
        if (
            self.affiliation_id
            and self.speaker_id
            and self.affiliation.speaker_id != self.speaker_id
        ):
            raise ValidationError({"affiliation": "This affiliation belongs to another person."})


class Quote(Publishable, Versioned):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    attribution = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who said it, when the person has no page of their own.",
    )
    text = models.TextField(
        help_text="Verbatim, without surrounding quotation marks.", **text_limit(SHORT_TEXT)
    )
    featured = models.BooleanField(default=False, help_text="Shown on the event page.")
    order = models.PositiveIntegerField(default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["session", "order", "pk"]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"“{text}” – {self.attributed_to}"

    def get_absolute_url(self):
        event = self.session.day.event.slug
        return reverse_cached("programme:quote-detail", event=event, pk=self.pk)

    @property
    def attributed_to(self) -> str:
        if self.speaker_id:
            return self.speaker.full_name
        return self.attribution

    def clean(self):
        super().clean()
        if not self.speaker_id and not self.attribution.strip():
            raise ValidationError("A quote needs a speaker or an attribution.")
        if not self.text.strip():
            raise ValidationError({"text": "A quote needs its text."})
