"""Admin for people and the organisations they belong to.

Organisations are registered here rather than in conference/admin.py because their page
lists their people, and the speakers app depends on the conference app, not the reverse.
"""

from django.contrib import admin
from django.db.models import Count

from conference.admin_helpers import ChangePageOnlyInlinesMixin, ContentAdmin, thumbnail
from conference.admin_history import register_history
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


class ChildOrganisationInline(admin.TabularInline):
    """Read-only list of the organisations that are part of this one; edited on their page."""

    model = Organisation
    fk_name = "parent"
    fields = ("name", "short_name", "kind")
    extra = 0
    show_change_link = True
    change_page_only = True
    verbose_name = "part of this organisation"
    verbose_name_plural = "parts of this organisation"

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Speaker)
class SpeakerAdmin(ContentAdmin):
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


@admin.register(Organisation)
class OrganisationAdmin(ChangePageOnlyInlinesMixin, ContentAdmin):
    list_display = ("logo_thumbnail", "name", "short_name", "kind", "parent", "people_count")
    list_display_links = ("logo_thumbnail", "name")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    ordering = ("name",)
    inlines = (OrganisationPeopleInline, ChildOrganisationInline)
    fields = ("name", "short_name", "slug", "kind", "parent", "website", "logo", "description")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(people_count=Count("affiliations__speaker", distinct=True))
        )

    @admin.display(description="logo")
    def logo_thumbnail(self, organisation):
        return thumbnail(organisation.logo)

    @admin.display(description="people", ordering="people_count")
    def people_count(self, organisation):
        return organisation.people_count
