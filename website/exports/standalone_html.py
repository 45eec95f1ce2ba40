"""The recap as one self-contained HTML file, and the HTML the PDF is made from.

The document template renders the web recap's own includes; this module then makes every
link absolute and every image either a data URI ("inline") or an absolute URL ("absolute"),
and copies the CSS into style attributes so that the file still looks right pasted into an
email client or another CMS that drops <style> elements.
"""

import base64
import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import css_inline
import lxml.html
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from website.exports.common import IMAGE_MODES, RecapDocument

TEMPLATE = "conference/exports/recap_document.html"


@lru_cache
def static_text(name: str) -> str:
    """A stylesheet shipped in static/, read once."""
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(f"Static file {name} is missing.")
    return Path(path).read_text(encoding="utf-8")


def _local_file(src: str) -> tuple[bytes, str] | None:
    """The bytes and type of a media or static file named by its URL, if it is ours."""
    name = None
    for prefix in (settings.MEDIA_URL, settings.STATIC_URL):
        if src.startswith(prefix):
            name = unquote(urlsplit(src[len(prefix) :]).path)
            break
    if not name:
        return None
    content_type = mimetypes.guess_type(name)[0]
    if not content_type or not content_type.startswith("image/"):
        return None
    try:
        if src.startswith(settings.MEDIA_URL):
            with default_storage.open(name) as image:
                return image.read(), content_type
        path = finders.find(name)
        return (Path(path).read_bytes(), content_type) if path else None
    except (OSError, ValueError):  # missing file, or a name outside the storage
        return None


def _image_src(src: str, document: RecapDocument, images: str) -> str:
    if images == "inline" and (found := _local_file(src)):
        data, content_type = found
        return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"
    return document.absolute(src)


def make_portable(html: str, document: RecapDocument, *, images: str) -> str:
    """``html`` with absolute links, and images inlined or absolute; in-page anchors stay."""
    if images not in IMAGE_MODES:
        raise ValueError(f"images must be one of {', '.join(IMAGE_MODES)}, not {images!r}.")
    root = lxml.html.document_fromstring(html)
    for link in root.iter("a"):
        href = link.get("href")
        if href and not href.startswith("#"):
            link.set("href", document.absolute(href))
    for image in root.iter("img"):
        image.attrib.pop("srcset", None)
        image.attrib.pop("sizes", None)
        if src := image.get("src"):
            image.set("src", _image_src(src, document, images))
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")


def document_html(
    document: RecapDocument, *, stylesheet: str, images: str, template: str = TEMPLATE
) -> str:
    """The recap document as portable HTML, styled by ``stylesheet``."""
    html = render_to_string(template, {"document": document, "stylesheet": stylesheet})
    return make_portable(html, document, images=images)


def render_standalone_html(document: RecapDocument) -> bytes:
    stylesheet = static_text("css/recap-export.css")
    html = document_html(document, stylesheet=stylesheet, images=document.images)
    inliner = css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)
    return inliner.inline(html).encode("utf-8")
