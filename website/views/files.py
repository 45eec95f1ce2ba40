"""Downloads: a rendered file as an HTTP answer (ETags come from ConditionalGetMiddleware)."""

from django.http import HttpResponse


def file_response(body: bytes, content_type: str, filename: str | None = None) -> HttpResponse:
    """``body`` as a response; with ``filename``, offered for saving under that name."""
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
