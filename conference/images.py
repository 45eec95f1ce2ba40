"""Validation of uploaded images by their content, not their name.

Used as a field validator on every image field (speaker photos, organisation logos,
event banners, report covers) so that the admin answers a bad file with a form error.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000


def validate_image_file(file) -> None:
    size = getattr(file, "size", None)
    if size is not None and size > settings.MAX_UPLOAD_IMAGE_BYTES:
        limit_mb = settings.MAX_UPLOAD_IMAGE_BYTES // (1024 * 1024)
        raise ValidationError(f"The image is larger than {limit_mb} MB.", code="too_large")
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "The image has more than 40 megapixels.", code="too_many_pixels"
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "Upload a valid image: a JPEG, PNG or WebP file.", code="invalid_image"
        ) from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"{image_format or 'This'} images are not accepted: upload a JPEG, PNG or WebP file.",
            code="invalid_format",
        )
