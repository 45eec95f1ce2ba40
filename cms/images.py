"""Uploaded images: checked by their content, re-encoded without metadata, stored safely.

Every image field (speaker photos, organisation logos, event banners, report covers) is a
``SanitisedImageField``, so the admin answers a bad file with a form error (the field's
validator) and every path that saves a model, an import included, stores only a re-encoded
copy under a generated name (the field's ``pre_save``).
"""

import contextlib
import io
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000
# Kept on re-encoding: how the colours and transparency are to be read, nothing about anyone.
KEPT_INFO = ("icc_profile", "transparency")
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
}
INVALID_MESSAGE = "Upload a valid image: a JPEG, PNG or WebP file."


def _refuse(message: str, code: str):
    return ValidationError(message, code=code)


def _looks_like_svg(head: bytes) -> bool:
    return b"<svg" in head.lower()


@contextlib.contextmanager
def _truncated_images_refused():
    """Refuse truncated files while decoding, whatever a library set globally.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` when it is imported, which
    would otherwise let a truncated upload through once a PDF has been made.
    """
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def open_checked_image(file) -> Image.Image:
    """Decode ``file`` fully, refusing anything but a sound JPEG, PNG or WebP within limits.

    The size and pixel count are checked before the pixels are decoded, so neither a huge
    upload nor a decompression bomb costs memory; decoding everything catches truncated files.
    Pillow reads a copy of the bytes, so closing the image never closes the caller's file.
    """
    limit = settings.MAX_UPLOAD_IMAGE_BYTES
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise _refuse(f"The image is larger than {limit // (1024 * 1024)} MB.", "too_large")
    try:
        with warnings.catch_warnings(), _truncated_images_refused():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(
                    f"The image is {width:,} × {height:,} pixels; "
                    f"at most {MAX_PIXELS // 1_000_000} megapixels are accepted.",
                    "too_many_pixels",
                )
            if image.format not in ACCEPTED_FORMATS:
                raise _refuse(
                    f"{image.format} images are not accepted: upload a JPEG, PNG or WebP file.",
                    "invalid_format",
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            f"The image has too many pixels: at most {MAX_PIXELS // 1_000_000} megapixels "
            "are accepted.",
            "too_many_pixels",
        ) from None
    except UnidentifiedImageError:
        if _looks_like_svg(data[:1024]):
            raise _refuse(
                "SVG images are not accepted (they can carry scripts): "
                "upload a JPEG, PNG or WebP file.",
                "invalid_format",
            ) from None
        raise _refuse(INVALID_MESSAGE, "unreadable_image") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _refuse(
            "The image is damaged or incomplete: upload a JPEG, PNG or WebP file.",
            "damaged_image",
        ) from None
    return image


def validate_image_file(file) -> None:
    """Field validator: the form error an editor sees for a bad image."""
    open_checked_image(file).close()


def sanitise_image(file) -> ContentFile:
    """A re-encoded copy of ``file``: upright, without EXIF/GPS/XMP/comments, safely named."""
    image = open_checked_image(file)
    image_format = image.format
    upright = ImageOps.exif_transpose(image)
    kept = {key: upright.info[key] for key in KEPT_INFO if key in upright.info}
    upright.info = kept
    if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    options = dict(SAVE_OPTIONS[image_format])
    if "icc_profile" in kept:
        options["icc_profile"] = kept["icc_profile"]
    buffer = io.BytesIO()
    upright.save(buffer, format=image_format, **options)
    image.close()
    name = f"{uuid.uuid4().hex}.{ACCEPTED_FORMATS[image_format]}"
    return ContentFile(buffer.getvalue(), name=name)


class SanitisedImageFormField(forms.ImageField):
    """Leaves the checking to the model field's validator, which gives the clearer messages."""

    default_validators = []

    def to_python(self, data):
        return forms.FileField.to_python(self, data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


class SanitisedImageField(models.ImageField):
    """An ImageField that stores only a sanitised, re-encoded copy under a generated name."""

    default_validators = [validate_image_file]

    def run_validators(self, value):
        # A stored file was sanitised when it was saved; only a new upload needs checking.
        if value and not getattr(value, "_committed", True):
            super().run_validators(value)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = sanitise_image(file)
            file.file, file.name = clean, clean.name
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SanitisedImageFormField, **kwargs})
