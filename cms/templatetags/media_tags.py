"""``{% rendition %}`` and ``{% srcset %}``: responsive ``<img>`` elements for uploaded images.

    {% load media_tags %}
    {% rendition speaker.photo "speaker" %}
    {% rendition event.banner "banner" alt="" sizes="100vw" class="banner" %}
    {% srcset report.cover %}

The alt text defaults to the name of what the image belongs to (the speaker, organisation,
event or report); pass ``alt=""`` where the name is already beside a decorative image.
"""

from django import template
from django.utils.html import format_html, format_html_join

from cms.renditions import PRESETS, get_renditions

register = template.Library()


@register.simple_tag
def rendition(image, preset="default", *, alt=None, sizes=None, **attrs):
    """An ``<img>`` with ``srcset`` for ``image`` (a model's image field); nothing if empty.

    Other keyword arguments (``class``, ``id``...) become attributes of the ``<img>``.
    """
    renditions = get_renditions(image, preset) if image else []
    if not renditions:
        return ""
    largest = renditions[-1]
    srcset = ", ".join(f"{r.url} {r.width}w" for r in renditions)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
        'loading="lazy" decoding="async">',
        largest.url,
        srcset,
        sizes or PRESETS[preset].sizes,
        largest.width,
        largest.height,
        str(image.instance) if alt is None else alt,
        format_html_join("", ' {}="{}"', sorted(attrs.items())),
    )


@register.simple_tag
def srcset(image, **kwargs):
    """``{% rendition image "default" %}``, for images that keep their shape."""
    return rendition(image, "default", **kwargs)
