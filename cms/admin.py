"""The Topics admin: rename a topic, or merge several into one (taggit's tags, shown as
topics; sessions and reports add them from their own forms). The render queue has none."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django_tasks.backends.database.models import DBTaskResult
from taggit.models import Tag

from cms.models import Topic
from cms.topics import merge_topics

admin.site.unregister(Tag)
# The page store's render queue is the workers' business (their log says what they did),
# not something to edit by hand.
admin.site.unregister(DBTaskResult)


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this topic",
        help_text="Everything tagged with the others is tagged with it; the others are deleted.",
        error_messages={"required": "Choose the topic to keep."},
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = topics


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "item_count")
    search_fields = ("name",)
    ordering = ("name", "pk")
    fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    actions = ("merge_selected",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("taggit_taggeditem_items"))

    @admin.display(description="sessions and reports", ordering="item_count")
    def item_count(self, topic):
        return topic.item_count

    @admin.action(description="Merge selected topics into…", permissions=("change", "delete"))
    def merge_selected(self, request, queryset):
        """First the page that asks which topic to keep, then (posted with ``kept``) the merge."""
        topics = queryset.order_by("name")
        if len(topics) < 2:
            self.message_user(request, "Select two or more topics to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "kept" in request.POST else None, topics=topics)
        if form.is_bound and form.is_valid():
            kept = form.cleaned_data["kept"]
            others = [topic for topic in topics if topic.pk != kept.pk]
            try:
                moved = merge_topics(kept=kept, merged=others)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            names = ", ".join(f"“{topic.name}”" for topic in others)
            self.message_user(
                request, f"Merged {names} into “{kept.name}” ({moved} items moved).",
                messages.SUCCESS,
            )  # fmt: skip
            return None
        return TemplateResponse(
            request,
            "admin/cms/topic/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge topics",
                "opts": self.model._meta,
                "topics": topics,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
