"""Resized copies of uploaded images for ``srcset``, made once and kept in media storage.

The ``{% rendition %}`` tag calls ``get_renditions`` while a page renders. Renditions live in
``renditions/<hash of the original's name>/<preset>/`` and their names carry a key made from
the original's name, size and modification time, the preset and the focal point: a new upload
or a moved focal point gives a new key, so the copies are rebuilt and the stale ones removed.
Finding them costs two stat calls and one directory listing, never a database query.
"""

import hashlib
import io
import logging
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from PIL import Image

logger = logging.getLogger(__name__)

ROOT = "renditions"
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80},
}
NAME_PATTERN = re.compile(r"^(?P<key>[0-9a-f]{20})-(?P<width>\d+)x(?P<height>\d+)\.\w+$")


@dataclass(frozen=True)
class Preset:
    widths: tuple[int, ...]
    sizes: str
    square: bool = False


PRESETS = {
    "default": Preset((320, 640, 1280), "(min-width: 45rem) 40rem, 100vw"),
    "speaker": Preset((160, 320, 640), "10rem", square=True),
    "logo": Preset((160, 320, 640), "12rem"),
    "banner": Preset((640, 1280, 1920), "100vw"),
    "cover": Preset((320, 640, 1280), "(min-width: 45rem) 20rem, 50vw"),
}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def focal_point(field_file: FieldFile) -> tuple[float, float]:
    """The point a square crop keeps in view: ``<field>_focal_x/_y`` on the model, or the centre."""
    instance, name = field_file.instance, field_file.field.name
    return (
        getattr(instance, f"{name}_focal_x", 0.5),
        getattr(instance, f"{name}_focal_y", 0.5),
    )


def get_renditions(field_file: FieldFile, preset_name: str = "default") -> list[Rendition]:
    """The renditions of an image, narrowest first; made now if missing or stale.

    An empty list when there is no image or the original has gone from storage.
    """
    if not field_file:
        return []
    preset = PRESETS[preset_name]
    storage, name = field_file.storage, field_file.name
    focal = focal_point(field_file) if preset.square else (0.5, 0.5)
    try:
        state = f"{name}|{storage.size(name)}|{storage.get_modified_time(name).timestamp()}"
    except OSError:
        logger.warning("Image %s is missing from storage: no renditions.", name)
        return []
    folder = f"{ROOT}/{hashlib.sha256(name.encode()).hexdigest()[:16]}/{preset_name}"
    key = hashlib.sha256(f"{state}|{preset}|{focal}".encode()).hexdigest()[:20]
    found = _find(storage, folder, key)
    if not found:
        found = _build(storage, name, folder, key, preset, focal)
    return [
        Rendition(storage.url(f"{folder}/{file_name}"), width, height)
        for file_name, width, height in sorted(found, key=lambda item: item[1])
    ]


def _find(storage, folder, key):
    """The (name, width, height) of this key's renditions in ``folder``."""
    try:
        _, names = storage.listdir(folder)
    except FileNotFoundError:
        return []
    matches = ((n, NAME_PATTERN.match(n)) for n in names)
    return [(n, int(m["width"]), int(m["height"])) for n, m in matches if m and m["key"] == key]


def _build(storage, name, folder, key, preset, focal):
    with storage.open(name) as original, Image.open(original) as image:
        image_format = image.format
        image.load()
        source = _crop_square(image, focal) if preset.square else image
    if image_format not in EXTENSIONS:
        logger.warning("Image %s is %s, not a format with renditions.", name, image_format)
        return []
    _remove_stale(storage, folder)
    built = []
    for width in sorted({min(width, source.width) for width in preset.widths}):
        height = max(1, round(source.height * width / source.width))
        resized = source.resize((width, height), Image.Resampling.LANCZOS)
        if image_format == "JPEG" and resized.mode not in ("RGB", "L"):
            resized = resized.convert("RGB")
        buffer = io.BytesIO()
        resized.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
        file_name = f"{key}-{width}x{height}.{EXTENSIONS[image_format]}"
        storage.save(f"{folder}/{file_name}", ContentFile(buffer.getvalue()))
        built.append((file_name, width, height))
    return built


def _crop_square(image: Image.Image, focal: tuple[float, float]) -> Image.Image:
    """The largest square of ``image`` centred as near the focal point as the edges allow."""
    side = min(image.size)

    def start(focus, length):
        return min(max(round(focus * length - side / 2), 0), length - side)

    left, top = start(focal[0], image.width), start(focal[1], image.height)
    return image.crop((left, top, left + side, top + side))


def _remove_stale(storage, folder):
    """Delete the old renditions of one image and preset, which are about to be rebuilt."""
    try:
        _, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in names:
        storage.delete(f"{folder}/{file_name}")
