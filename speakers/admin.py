"""Admin for people, and the organisation admin extended with each organisation's people."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path
from modeltranslation.admin import TranslationAdmin

from cms.admin_base import ContentAdmin, thumbnail
from cms.history import register_history
from conference import admin as conference_admin
from conference.models import Organisation
from speakers.models import Affiliation, Speaker

register_history(Affiliation)
register_history(Speaker, "affiliations")


class SpeakerAffiliationInline(admin.TabularInline):
    model = Affiliation
    fields = ("organisation", "role", "order")
    autocomplete_fields = ("organisation",)
    extra = 1
    verbose_name_plural = "affiliations (shown in this order)"


class OrganisationPeopleInline(admin.TabularInline):
    model = Affiliation
    fields = ("speaker", "role", "order")
    autocomplete_fields = ("speaker",)
    extra = 1
    verbose_name = "person"
    verbose_name_plural = "people"


@admin.register(Speaker)
class SpeakerAdmin(ContentAdmin, TranslationAdmin):
    list_display = ("photo_thumbnail", "full_name", "affiliation_list", "session_count")
    list_display_links = ("photo_thumbnail", "full_name")
    list_filter = (("organisations", admin.RelatedOnlyFieldListFilter), "sessions__day__event")
    search_fields = (
        "name",
        "honorific",
        "affiliations__role",
        "affiliations__organisation__name",
        "affiliations__organisation__short_name",
    )
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name", "pk")  # annotated querysets drop Meta.ordering
    inlines = (SpeakerAffiliationInline,)
    fields = (
        "honorific",
        "name",
        "sort_name",
        "slug",
        "photo",
        ("photo_focal_x", "photo_focal_y"),
        "bio",
        "website",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_affiliations()
            .annotate(session_count=Count("participations__session", distinct=True))
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.affiliations_view)
        return [
            path("affiliations/", view, name="speakers_speaker_affiliations"),
            *super().get_urls(),
        ]

    def affiliations_view(self, request):
        """The affiliations of ``?speaker=ID`` as JSON, for the session form's participant
        rows (static/js/affiliation-select.js) after a person is added in the "+" popup,
        whose affiliations the page did not hold when it was opened."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        speaker = request.GET.get("speaker", "")
        affiliations = (
            Affiliation.objects.filter(speaker_id=speaker).select_related("organisation")
            if speaker.isdigit()
            else Affiliation.objects.none()
        )
        return JsonResponse(
            {"affiliations": [{"id": a.pk, "label": str(a)} for a in affiliations]}
        )

    @admin.display(description="photo")
    def photo_thumbnail(self, speaker):
        return thumbnail(speaker.photo)

    @admin.display(description="name", ordering="name")
    def full_name(self, speaker):
        return speaker.full_name

    @admin.display(description="affiliations")
    def affiliation_list(self, speaker):
        return "; ".join(str(affiliation) for affiliation in speaker.affiliations.all())

    @admin.display(description="sessions", ordering="session_count")
    def session_count(self, speaker):
        return speaker.session_count


admin.site.unregister(Organisation)


@admin.register(Organisation)
class OrganisationAdmin(conference_admin.OrganisationAdmin):
    """The organisation's page with the people affiliated to it."""

    list_display = (*conference_admin.OrganisationAdmin.list_display, "people_count")
    inlines = (OrganisationPeopleInline, *conference_admin.OrganisationAdmin.inlines)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(people_count=Count("affiliations__speaker", distinct=True))
        )

    @admin.display(description="people", ordering="people_count")
    def people_count(self, organisation):
        return organisation.people_count
