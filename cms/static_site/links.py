"""Where a link of a rendered page points: a page of the site, a static or media file, or
elsewhere; and which file of the export stands for it."""

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Target:
    """A link to this site. ``path`` is a page's URL path, or an asset's file in the export."""

    path: str
    is_asset: bool
    query: str = ""
    fragment: str = ""


def page_file(path: str) -> str:
    """The export's file for a URL path: folders get ``index.html``, files keep their name."""
    name = unquote(path).lstrip("/")
    return name + "index.html" if not name or name.endswith("/") else name


def safe_name(name: str) -> str | None:
    """``name`` if it stays inside the export folder, else None."""
    clean = posixpath.normpath(name)
    if clean.startswith(("/", "..")) or clean == "." or "\\" in clean or "\x00" in clean:
        return None
    return clean


def relative_link(from_file: str, to_file: str, fragment: str = "") -> str:
    """A link that works from ``from_file`` on disk (``file://``) and on any static host."""
    link = quote(posixpath.relpath(to_file, posixpath.dirname(from_file) or "."))
    return f"{link}#{fragment}" if fragment else link


class Linker:
    """Classifies URLs found in pages rendered for ``origin`` (``https://<export host>``)."""

    def __init__(self, origin: str):
        self.origin = origin
        self.host = urlsplit(origin).netloc
        self._assets = [
            (urljoin(f"{origin}/", settings.STATIC_URL), "static"),
            (urljoin(f"{origin}/", settings.MEDIA_URL), "media"),
        ]
        self._known: dict[tuple[str, str], Target | None] = {}

    def target(self, url: str, base: str) -> Target | None:
        """The site's page or file that ``url`` (found in the page at path ``base``) links to.

        None for links elsewhere, fragments of the same page, and other schemes (mailto:, data:).
        Answers are remembered: the same few hundred links recur on every page.
        """
        url = url.strip()
        absolute = url.startswith(("https://", "http://")) or (
            url.startswith("/") and not url.startswith("//")
        )
        key = (url, "" if absolute else base)
        if key not in self._known:
            self._known[key] = self._target(url, base)
        return self._known[key]

    def _target(self, url: str, base: str) -> Target | None:
        if not url or url.startswith("#"):
            return None
        parts = urlsplit(urljoin(f"{self.origin}{base}", url))
        if parts.scheme not in ("http", "https"):
            return None
        if parts.netloc == self.host:
            parts = urlsplit(f"{self.origin}{parts.path}?{parts.query}#{parts.fragment}")
        absolute = parts._replace(query="", fragment="").geturl()
        for prefix, folder in self._assets:
            if absolute.startswith(prefix):
                name = safe_name(f"{folder}/{unquote(absolute[len(prefix):])}")
                return Target(name, True, parts.query, parts.fragment) if name else None
        if parts.netloc != self.host:
            return None
        return Target(parts.path or "/", False, parts.query, parts.fragment)

    def asset_url(self, file: str) -> str:
        """The URL an asset's file (``static/css/site.css``) was linked at."""
        folder, _, name = file.partition("/")
        prefix = next(prefix for prefix, known in self._assets if known == folder)
        return prefix + quote(name)
