"""The site identity's stylesheet: the accent colour and the chosen typefaces as CSS.

The content security policy allows no inline style, so the identity's CSS is a small file
in media storage, named after a hash of its content: made once when first needed (like
image renditions), and a new name whenever the identity or a font file's URL changes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static

from cms.colours import dark_mode_tint, validate_accent_colour
from cms.fonts import SYSTEM_SANS, SYSTEM_SERIF, TYPEFACE_PAIRS
from conference.models import SiteIdentity

FOLDER = "identity"


def stylesheet_text(identity: SiteIdentity) -> str:
    pair = TYPEFACE_PAIRS.get(identity.typeface, TYPEFACE_PAIRS["system"])
    faces = [
        {"family": family.name, "file": file, "url": static(file.static_name)}
        for family in pair.families
        for file in family.files
    ]
    return render_to_string(
        "conference/identity.css",
        {
            "accent": identity.accent_colour,
            "accent_dark": dark_mode_tint(identity.accent_colour),
            "faces": faces,
            "text_stack": pair.stack(pair.text, SYSTEM_SANS),
            "heading_stack": pair.stack(
                pair.headings, SYSTEM_SERIF if pair.serif_headings else SYSTEM_SANS
            ),
            "custom_type": pair.text is not None,
            "serif_headings": pair.serif_headings,
        },
    )


def stylesheet_url(identity: SiteIdentity) -> str:
    """The URL of the identity's stylesheet, written to media storage if missing.

    The URL is cached, so that a page costs no storage request (S3 answers each over HTTP).
    """
    text = stylesheet_text(identity)
    name = f"{FOLDER}/site-{hashlib.sha256(text.encode()).hexdigest()[:16]}.css"
    url = cache.get(f"identity-stylesheet:{name}")
    if url is None:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(text.encode()))
        url = default_storage.url(name)
        cache.set(f"identity-stylesheet:{name}", url, timeout=24 * 60 * 60)
    return url


def check_identity_settings(app_configs=None, **kwargs) -> list[Error]:
    """The settings' identity (used until an Organiser sets one) obeys the admin's rules."""
    errors = []
    try:
        validate_accent_colour(settings.SITE_ACCENT_COLOUR)
    except ValidationError as error:
        errors.append(Error(f"SITE_ACCENT_COLOUR: {error.messages[0]}", id="conference.E001"))
    if settings.SITE_TYPEFACE not in TYPEFACE_PAIRS:
        errors.append(
            Error(
                f"SITE_TYPEFACE is {settings.SITE_TYPEFACE!r}; choose one of "
                f"{', '.join(TYPEFACE_PAIRS)}.",
                id="conference.E002",
            )
        )
    return errors
