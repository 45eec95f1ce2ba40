"""Rendered pages and files made to work without the server: relative links everywhere.

Links to pages or files that are part of the export become relative paths to their files
(``../../speakers/x/index.html``), so the copy works from ``file://`` and from any static
host. Links to pages of the site that are not exported (query-string pages such as filters,
pagination and search, or pages of other events) lose their ``href``; forms, which need the
server, are removed. Metadata that must be absolute (canonical link, Open Graph URLs,
JSON-LD) points to ``base_url`` when one is given and is removed otherwise. Whatever else
still names the export's origin is rewritten to ``base_url`` (or to a root-relative path).
"""

import re
from collections.abc import Callable, Iterator
from urllib.parse import quote

import lxml.html
from icalendar.parser import foldline

from cms.static_site.links import Linker, Target, relative_link

URL_ATTRIBUTES = ("href", "src", "poster")
UNWRAP = {"a", "area"}  # these keep their content without a link; other elements go
CANONICAL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]"
CSS_URL = re.compile(r"""(url\(\s*(['"]?))([^'")]+?)(\2\s*\))""")
CSS_IMPORT = re.compile(r"""(@import\s+(['"]))([^'"]+)(\2)""")
FOLDED = re.compile(r"\r\n[ \t]")


def _charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type)
    return match.group(1) if match else "utf-8"


def is_text(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip()
    return kind.startswith("text/") or kind.endswith(("/json", "+json", "/xml", "+xml"))


class Rewriter:
    """Rewrites the files of one export; ``exported(target)`` names a target's file or None."""

    def __init__(self, linker: Linker, exported: Callable[[Target], str | None], base_url: str):
        self.linker = linker
        self.exported = exported
        self.base_url = base_url

    # ----- HTML -----

    def html_links(self, body: bytes, path: str) -> list[Target]:
        """Everything a page links to on this site, metadata included (to export og:image)."""
        doc = self._parse(body)
        urls = [url for _, _, url in self._slots(doc)]
        urls += doc.xpath(f"{CANONICAL}/@href | //meta/@content[starts-with(., 'http')]")
        urls += [
            candidate.split()[0]
            for srcset in doc.xpath("//@srcset")
            for candidate in srcset.split(",")
            if candidate.strip()
        ]
        return [t for t in (self.linker.target(url, path) for url in urls) if t is not None]

    def html(self, body: bytes, path: str, file: str) -> bytes:
        doc = self._parse(body)
        self._absolute_metadata(doc, path)
        self._share_links(doc)
        for element, attribute, url in list(self._slots(doc)):
            link = self._relink(url, path, file)
            if link is not None:
                element.set(attribute, link)
            elif element.tag in UNWRAP:
                del element.attrib[attribute]
            else:
                element.drop_tree()
        for element in doc.xpath("//*[@srcset]"):
            element.set("srcset", self._srcset(element.get("srcset"), path, file))
        text = lxml.html.tostring(doc, doctype="<!doctype html>", encoding="unicode")
        return self._without_origin(text).encode()

    def _parse(self, body: bytes):
        doc = lxml.html.document_fromstring(body.decode())
        for form in doc.xpath("//form"):
            form.drop_tree()
        for element in doc.xpath("//*[@nonce]"):
            del element.attrib["nonce"]
        return doc

    def _slots(self, doc) -> Iterator[tuple]:
        canonical = set(doc.xpath(CANONICAL))
        for element in doc.iter():
            if element in canonical or not isinstance(element.tag, str):
                continue
            for attribute in URL_ATTRIBUTES:
                url = element.get(attribute)
                if url is not None:
                    yield element, attribute, url

    def _relink(self, url: str, path: str, file: str) -> str | None:
        """The link as it works in the export: unchanged if it leads elsewhere, relative if
        its target is exported, None if it leads to a page of the site that is not."""
        target = self.linker.target(url, path)
        if target is None:
            return url
        exported = self.exported(target)
        return relative_link(file, exported, target.fragment) if exported else None

    def _srcset(self, value: str, path: str, file: str) -> str:
        candidates = []
        for candidate in value.split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            link = self._relink(url, path, file) if url else None
            if link:
                candidates.append(f"{link} {descriptor.strip()}".strip())
        return ", ".join(candidates)

    def _absolute_metadata(self, doc, path: str) -> None:
        for element in doc.xpath(f"{CANONICAL} | //meta[starts-with(@content, 'http')]"):
            attribute = "href" if element.tag == "link" else "content"
            target = self.linker.target(element.get(attribute), path)
            if target is None:
                continue
            public = self._public_url(target)
            if public:
                element.set(attribute, public)
            else:
                element.drop_tree()
        for script in doc.xpath("//script[@type='application/ld+json']"):
            if self.base_url:
                script.text = self._without_origin(script.text or "")
            else:
                script.drop_tree()

    def _share_links(self, doc) -> None:
        """Share links (marked ``data-share``) carry the page's address encoded in theirs:
        it names ``base_url`` instead of the export's origin, and without one, where the
        page will live is unknown, the links go."""
        encoded, public = quote(self.linker.origin, safe=""), quote(self.base_url, safe="")
        for element in doc.xpath("//*[@data-share]"):
            if not self.base_url:
                element.drop_tree()
                continue
            for link in element.iter("a"):
                link.set("href", link.get("href", "").replace(encoded, public))

    def _public_url(self, target: Target) -> str | None:
        exported = self.exported(target) if self.base_url else None
        if exported is None:
            return None
        return self.base_url + (f"/{exported}" if target.is_asset else target.path)

    def _without_origin(self, text: str) -> str:
        return text.replace(self.linker.origin, self.base_url)

    # ----- CSS -----

    def css_links(self, body: bytes, url: str) -> list[Target]:
        text = body.decode()
        urls = [m.group(3) for pattern in (CSS_URL, CSS_IMPORT) for m in pattern.finditer(text)]
        return [t for t in (self.linker.target(u, url) for u in urls) if t is not None]

    def css(self, body: bytes, url: str, file: str) -> bytes:
        """Stylesheet references made relative; references to missing files are left as
        they were (the browser ignores them)."""

        def relink(match):
            target = self.linker.target(match.group(3), url)
            exported = self.exported(target) if target else None
            if exported is None:
                return match.group(0)
            link = relative_link(file, exported, target.fragment)
            return f"{match.group(1)}{link}{match.group(4)}"

        text = body.decode()
        for pattern in (CSS_URL, CSS_IMPORT):
            text = pattern.sub(relink, text)
        return text.encode()

    # ----- Data files -----

    def data(self, body: bytes, content_type: str) -> bytes:
        """Data exports (iCalendar, XML, JSON, CSV, Markdown) with the site's own URLs
        pointing to ``base_url``, or root-relative without one; binary files as they are."""
        if not is_text(content_type):
            return body
        charset = _charset(content_type)
        text = body.decode(charset)
        if self.linker.origin not in FOLDED.sub("", text):
            return body
        if content_type.startswith("text/calendar"):
            lines = FOLDED.sub("", text).split("\r\n")
            text = "\r\n".join(foldline(self._without_origin(line)) for line in lines)
        else:
            text = self._without_origin(text)
        return text.encode(charset)
