"""Pages rendered by Django itself, through the whole middleware stack, as a browser gets them.

The export never renders a template on its own: each path is requested in-process from the
real URLconf, so the static copy is exactly what the site serves.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from cms.page_store import rendering

# Reserved name (RFC 2606): links built from it are recognisable and never reach a real host.
EXPORT_HOST = "site-export.invalid"
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Rendered:
    status: int
    content_type: str
    body: bytes
    location: str = ""  # the path a redirect points to, on this site; empty otherwise

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


class Renderer:
    """Requests pages over HTTPS from ``host``; ``origin`` is what absolute links start with."""

    def __init__(self, host: str | None = None):
        if host is None:  # the store's pages are rendered for the public address
            host = rendering.origin()[1] if settings.PAGE_STORE_ENABLED else EXPORT_HOST
        self.host = host
        self.origin = f"https://{host}"
        self._client = Client(HTTP_HOST=host)

    @contextmanager
    def serving(self):
        """Let the site answer requests for the export's host, as the test runner does, and
        keep the export's thousands of pages out of the page cache (each is read once) and
        out of the per-address rate limits, which are for visitors, not for the export.

        With the page store on, pages come from the store (those missing are rendered into
        it, PDFs included), so the export is a copy of the store."""
        hosts = [*settings.ALLOWED_HOSTS, self.host]
        with (
            override_settings(ALLOWED_HOSTS=hosts, PAGE_CACHE_SECONDS=0, RATE_LIMITS={}),
            rendering.patient(),
        ):
            yield self

    def get(self, path: str) -> Rendered:
        response = self._client.get(path, secure=True)
        content_type = response.get("Content-Type", "")
        if response.status_code in REDIRECTS:
            target = urlsplit(urljoin(f"{self.origin}{path}", response["Location"]))
            location = target.path if target.netloc == self.host and not target.query else ""
            return Rendered(response.status_code, content_type, b"", location)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return Rendered(response.status_code, content_type, body)
