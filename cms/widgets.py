"""Admin widgets: a Markdown textarea with a live preview of the rendered text beside it."""

from django import forms
from django.urls import reverse_lazy


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
