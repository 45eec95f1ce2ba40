"""The admin's live Markdown preview: the HTML the public will see, for editors only.

``static/js/markdown-preview.js`` (loaded by ``cms.widgets.MarkdownWidget``) posts a
field's text here as the editor types and shows the answer beside the field.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from cms.richtext import markdown_to_html

MAX_PREVIEW_CHARS = 100_000


@staff_member_required
@require_POST
def markdown_preview(request):
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_CHARS:
        return HttpResponseBadRequest(
            f"The text is too long to preview (more than {MAX_PREVIEW_CHARS:,} characters).",
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(markdown_to_html(text), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
