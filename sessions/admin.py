"""Admin for the programme: sessions with their people and quotes, and the day admin
extended with the day's sessions."""

from adminsortable2.admin import (
    CustomInlineFormSetMixin,
    SortableAdminBase,
    SortableInlineAdminMixin,
    SortableTabularInline,
)
from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from modeltranslation.admin import TranslationAdmin

from cms.admin_base import (
    PUBLICATION_FIELDSET,
    TOPIC_FILTER,
    PublishableAdmin,
    PublishableInline,
    UniqueAcrossFormsFormSet,
    chosen_pk,
    evaluated_once,
    zone_note,
)
from cms.history import register_history
from cms.locking import VersionedForm
from cms.widgets import TimeInMinutes
from conference import admin as conference_admin
from conference.models import Day, Room
from sessions.models import (
    Link,
    Participation,
    Quote,
    Session,
    SessionAttachment,
    SessionPhoto,
    SessionType,
    Track,
)
from speakers.models import Affiliation

register_history(Participation)
register_history(Link)
register_history(Quote)
register_history(SessionAttachment)
register_history(SessionPhoto)
register_history(Session, "participations", "links", "quotes", "attachments", "photos")


class SessionFormSet(CustomInlineFormSetMixin, UniqueAcrossFormsFormSet):
    unique_across_forms = ("code",)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.day = self.instance  # each row's times are read on this day
        return form


class SessionRowForm(VersionedForm):
    """A row of a day's sessions: the start and end are times; the date comes from the day,
    the next calendar date for times after midnight of a day that runs past it."""

    start = forms.TimeField(required=False, widget=TimeInMinutes)
    end = forms.TimeField(required=False, widget=TimeInMinutes)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].help_text = zone_note()
            moment = getattr(self.instance, name)
            if moment is not None:
                self.initial[name] = timezone.localtime(moment).replace(second=0).time()

    def clean(self):
        cleaned_data = super().clean()
        for name in ("start", "end"):
            if cleaned_data.get(name) is not None:
                cleaned_data[name] = self.instance.day.at(cleaned_data[name])
        return cleaned_data


class ParticipationFormSet(CustomInlineFormSetMixin, UniqueAcrossFormsFormSet):
    """One person once per session: a second role goes in the same row, not another."""

    unique_across_forms = ("speaker",)


class SessionInline(SortableInlineAdminMixin, PublishableInline):
    """A day's sessions; each row links to the session's own page for its people and quotes.
    Dragging a row orders sessions that start at the same time (parallel sessions)."""

    model = Session
    ordering = ("order",)  # the field that dragging sets
    template = SortableTabularInline.template
    form = SessionRowForm
    formset = SessionFormSet
    fields = ("code", "title", "slug", "kind", "start", "end", "room", "order", "status")
    prepopulated_fields = {"slug": ("title",)}
    show_change_link = True
    change_page_only = True
    parent_day = None

    def get_extra(self, request, obj=None, **kwargs):
        """Three empty rows for a day without sessions, one for a day that has some."""
        return 1 if obj is not None and obj.sessions.exists() else 3

    def get_ordering(self, request):
        return ("start", "order", "code", "pk")  # by start; dragging orders parallel ones

    def get_formset(self, request, obj=None, **kwargs):
        self.parent_day = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "room":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        if self.parent_day is not None:
            kwargs["queryset"] = Room.objects.for_event(self.parent_day.event_id)
        return evaluated_once(super().formfield_for_foreignkey(db_field, request, **kwargs))


def day_time_zone(day_pk: str | None) -> str | None:
    """The time zone of the event of the day with key ``day_pk``, if there is one."""
    if day_pk is None:
        return None
    return Day.objects.filter(pk=day_pk).values_list("event__time_zone", flat=True).first()


admin.site.unregister(Day)


@admin.register(Day)
class DayAdmin(SortableAdminBase, conference_admin.DayAdmin):
    """The day's page with its sessions."""

    list_display = ("__str__", "date", "title", "session_count", "status")
    inlines = (SessionInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description="sessions", ordering="session_count")
    def session_count(self, day):
        return day.session_count


class AffiliationSelect(forms.Select):
    """Options that say whose affiliation they are (``data-speaker``), so the participant
    row can offer only the chosen person's (static/js/affiliation-select.js), and where to
    fetch the affiliations of a person added in the "+" popup."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("admin:speakers_speaker_affiliations")
        context["widget"]["attrs"]["data-affiliations-url"] = url
        return context

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-speaker"] = str(instance.speaker_id)
        return option


class AffiliationChoiceField(forms.ModelChoiceField):
    widget = AffiliationSelect

    def label_from_instance(self, affiliation):
        return str(affiliation)


class ParticipationForm(forms.ModelForm):
    """A saved row lists only its person's affiliations, even without scripts; the model's
    ``clean()`` refuses another person's whatever the browser sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("affiliation")
        if field is not None and self.instance.speaker_id:
            field.choices = [
                (value, label)
                for value, label in field.choices
                if not value or value.instance.speaker_id == self.instance.speaker_id
            ]


class ParticipationInline(SortableTabularInline):
    """The session's people, in the order they are dragged into."""

    model = Participation
    ordering = ("order",)
    form = ParticipationForm
    formset = ParticipationFormSet
    fields = ("speaker", "role", "affiliation", "order")
    autocomplete_fields = ("speaker",)
    extra = 1

    class Media:
        js = ("js/affiliation-select.js",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "affiliation":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = Affiliation.objects.select_related(
            "speaker", "organisation"
        ).order_by("speaker__name", "order")
        kwargs["form_class"] = AffiliationChoiceField
        return evaluated_once(super().formfield_for_foreignkey(db_field, request, **kwargs))


class LinkInline(admin.TabularInline):
    model = Link
    fields = ("kind", "title", "url", "order")
    extra = 0


class AttachmentInline(admin.TabularInline):
    """Slides and other files; each is checked (a PDF or an image) when it is uploaded."""

    model = SessionAttachment
    fields = ("title", "kind", "file", "licence", "order")
    extra = 0


class PhotoInline(admin.TabularInline):
    model = SessionPhoto
    fields = ("image", "alt_text", "caption", "credit", "licence", "order")
    extra = 0


class QuoteInline(SortableInlineAdminMixin, PublishableInline):
    model = Quote
    ordering = ("order",)
    template = SortableTabularInline.template
    fields = ("text", "speaker", "attribution", "featured", "order", "status")
    autocomplete_fields = ("speaker",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    extra = 1


SESSION_MAIN_FIELDS = (
    "day", "code", "title", "subtitle", "slug", "kind", "type", "track", "languages", "topics",
)  # fmt: skip
SESSION_CONTENT_FIELDS = (
    "summary", "recap_text", "recording_title", "recording_url", "recording_licence",
    "recording_optout", "transcript",
)  # fmt: skip


@admin.register(Session)
class SessionAdmin(SortableAdminBase, PublishableAdmin, TranslationAdmin):
    # Adds "Import a schedule" (sessions/admin_import.py) to the history admin's list.
    change_list_template = "admin/programme/session/change_list.html"
    list_display = (
        "code",
        "title",
        "day",
        "kind",
        "local_start",
        "room",
        "speaker_count",
        "order",
        "status",
    )
    list_display_links = ("code", "title")
    list_editable = ("order", "status")
    list_select_related = ("day__event", "room")
    list_filter = (
        "day__event",
        ("day", conference_admin.DayListFilter),
        "kind",
        TOPIC_FILTER,
        "status",
    )
    search_fields = ("code", "title", "summary", "recap_text", "participations__speaker__name")
    date_hierarchy = "start"
    ordering = ("day", "start", "order", "code", "pk")  # annotated querysets drop Meta.ordering
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ParticipationInline, LinkInline, AttachmentInline, PhotoInline, QuoteInline)
    readonly_fields = ("uuid", "external_id", "extra")
    fieldsets = (
        (None, {"fields": SESSION_MAIN_FIELDS}),
        ("Time and place", {"fields": ("start", "end", "room", "order")}),
        ("Content", {"fields": SESSION_CONTENT_FIELDS}),
        (
            "Identity and origin",
            {
                "classes": ("collapse",),
                "fields": ("uuid", "external_id", "origin_url", "feedback_url", "extra"),
            },
        ),
        PUBLICATION_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(speaker_count=Count("participations__speaker", distinct=True))
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            event_id = obj.day.event_id
            for name, queryset in (
                ("room", Room.objects.for_event(event_id)),
                ("type", SessionType.objects.filter(event_id=event_id)),
                ("track", Track.objects.filter(event_id=event_id)),
            ):
                if name in form.base_fields:
                    form.base_fields[name].queryset = queryset
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "day":
            kwargs["queryset"] = Day.objects.select_related("event")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    pending_zone_note = "Times in the time zone of the chosen day’s event."

    def time_zone_name(self, request, obj):
        if obj is not None:
            return obj.day.event.zone_name
        return day_time_zone(chosen_pk(request, "day"))

    @admin.display(description="start", ordering="start")
    def local_start(self, session):
        """In the session's event's zone, whatever zone the list is shown in."""
        if session.start is None:
            return None
        return f"{session.start.astimezone(session.day.event.tzinfo):%-d %b %Y %H:%M}"

    @admin.display(description="speakers", ordering="speaker_count")
    def speaker_count(self, session):
        return session.speaker_count


@admin.register(SessionType, Track)
class TypeAndTrackAdmin(admin.ModelAdmin):
    """Session types and tracks: each event's own, created by hand or by an import."""

    list_display = ("name", "event", "slug", "colour")
    list_filter = ("event",)
    list_select_related = ("event",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Quote)
class QuoteAdmin(PublishableAdmin, TranslationAdmin):
    list_display = ("short_text", "attributed_to", "session", "featured", "status")
    list_editable = ("featured", "status")
    list_select_related = ("speaker", "session")
    list_filter = (
        "session__day__event",
        ("session__day", conference_admin.DayListFilter),
        "featured",
        "status",
    )
    search_fields = ("text", "attribution", "speaker__name", "session__title", "session__code")
    autocomplete_fields = ("session", "speaker")
    fieldsets = (
        (None, {"fields": ("session", "text", "speaker", "attribution", "featured", "order")}),
        PUBLICATION_FIELDSET,
    )

    pending_zone_note = "Times in the time zone of the chosen session’s event."

    def time_zone_name(self, request, obj):
        if obj is not None:
            return obj.session.day.event.zone_name
        session_pk = chosen_pk(request, "session")
        if session_pk is None:
            return None
        sessions = Session.objects.filter(pk=session_pk)
        return sessions.values_list("day__event__time_zone", flat=True).first()

    def get_object_tools(self, request, obj):
        card = reverse("quote-card-admin", kwargs={"pk": obj.pk})
        return [
            *super().get_object_tools(request, obj),
            {"label": "Share card (PNG)", "url": f"{card}?download"},
        ]

    @admin.display(description="quote", ordering="text")
    def short_text(self, quote):
        return Truncator(quote.text).chars(80)

    @admin.display(description="said by")
    def attributed_to(self, quote):
        return quote.attributed_to
