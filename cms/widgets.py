"""Admin widgets: a Markdown textarea with a live preview of the rendered text beside it;
date and time inputs without seconds; the topics input."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime, AdminTimeWidget
from django.urls import reverse_lazy
from taggit.forms import TagWidget


class MarkdownWidget(forms.Textarea):
    """A textarea that ``static/js/markdown-preview.js`` pairs with a live preview panel."""

    class Media:
        js = ["js/markdown-preview.js"]
        css = {"all": ["css/markdown-preview.css"]}

    def __init__(self, attrs=None):
        defaults = {
            "class": "vLargeTextField markdown-source",
            "data-markdown-preview-url": reverse_lazy("markdown-preview"),
            "rows": 12,
        }
        super().__init__({**defaults, **(attrs or {})})


MINUTES = "%H:%M"


class TimeInMinutes(AdminTimeWidget):
    """The admin's time input showing "09:30", not "09:30:00"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, format=MINUTES)


class SplitDateTimeInMinutes(AdminSplitDateTime):
    """The admin's date and time inputs, the time without seconds."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = MINUTES


class TopicsWidget(TagWidget):
    """A wide text input of comma-separated topics; a topic may have spaces ("social
    outcomes"), read by ``cms.topics.parse_topics``."""

    def __init__(self, attrs=None):
        defaults = {"class": "vTextField topics-input", "placeholder": "Social outcomes, Trust"}
        super().__init__({**defaults, **(attrs or {})})
