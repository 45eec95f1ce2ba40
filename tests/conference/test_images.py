"""Uploaded images: bad files refused with a clear error and nothing stored; good ones cleaned."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import modelform_factory
from PIL import ExifTags, Image

from cms.images import sanitise_image, validate_image_file
from conference.models import Event, Organisation
from reports.models import Report
from speakers.models import Speaker
from tests.factories import image_upload

SpeakerForm = modelform_factory(Speaker, fields=["name", "slug", "photo"])


def _submit(upload):
    return SpeakerForm(data={"name": "Ada Example", "slug": "ada-example"}, files={"photo": upload})


def _stored_files(folder="speakers"):
    path = Path(settings.MEDIA_ROOT) / folder
    return sorted(path.iterdir()) if path.exists() else []


def _png_header_only(width, height):
    """A PNG that declares width × height pixels: enough to tempt a decoder into a bomb."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _gps_exif(orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 45.0, 12.5),
    }
    return exif


@pytest.fixture(autouse=True)
def _empty_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


BAD_UPLOADS = {
    "text file renamed .jpg": (
        lambda: SimpleUploadedFile("photo.jpg", b"just some text, not a picture\n" * 20),
        "Upload a valid image",
    ),
    "truncated JPEG": (
        lambda: SimpleUploadedFile("photo.jpg", image_upload(size=(400, 300)).read()[:1500]),
        "damaged or incomplete",
    ),
    "20,000 × 20,000 bomb": (
        lambda: SimpleUploadedFile("bomb.png", _png_header_only(20_000, 20_000)),
        "at most 40 megapixels",
    ),
    "SVG with script": (
        lambda: SimpleUploadedFile(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b"<script>alert(document.cookie)</script></svg>",
        ),
        "SVG images are not accepted",
    ),
    "SVG renamed .png": (
        lambda: SimpleUploadedFile("logo.png", b'<?xml version="1.0"?>\n<svg></svg>'),
        "SVG images are not accepted",
    ),
    "GIF": (
        lambda: image_upload("anim.gif", image_format="GIF"),
        "GIF images are not accepted",
    ),
    "BMP renamed .jpg": (
        lambda: image_upload("photo.jpg", image_format="BMP"),
        "BMP images are not accepted",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_UPLOADS, ids=list(BAD_UPLOADS))
def test_upload_bad_image_refused_and_nothing_stored(case):
    make_upload, message = BAD_UPLOADS[case]

    form = _submit(make_upload())

    assert not form.is_valid()
    assert message in " ".join(form.errors["photo"])
    assert not Speaker.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
def test_upload_larger_than_ten_megabytes_refused():
    too_big = image_upload().read() + b"\x00" * (10 * 1024 * 1024)

    form = _submit(SimpleUploadedFile("photo.jpg", too_big))

    assert not form.is_valid()
    assert "larger than 10 MB" in form.errors["photo"][0]
    assert _stored_files() == []


def test_image_over_forty_megapixels_refused_before_decoding():
    # 8,000 × 5,001 is just over 40 megapixels and well under Pillow's own bomb limit.
    upload = SimpleUploadedFile("wide.png", _png_header_only(8_000, 5_001))

    with pytest.raises(ValidationError, match="at most 40 megapixels"):
        validate_image_file(upload)


@pytest.mark.django_db
def test_upload_jpeg_stored_upright_without_exif_or_gps():
    form = _submit(image_upload(size=(60, 40), exif=_gps_exif(orientation=6)))

    assert form.is_valid(), form.errors
    speaker = form.save()

    with Image.open(speaker.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (40, 60)  # rotated as the camera meant
        assert "exif" not in stored.info
        assert len(stored.getexif()) == 0
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"PhoneCo" not in Path(speaker.photo.path).read_bytes()


@pytest.mark.django_db
def test_upload_stored_under_generated_name_not_the_uploaded_one():
    form = _submit(image_upload("../../../etc/evil name.JPG"))

    assert form.is_valid(), form.errors
    speaker = form.save()

    folder, name = speaker.photo.name.split("/")
    assert folder == "speakers"
    assert name.endswith(".jpg") and len(name) == len("0" * 32 + ".jpg")
    assert ".." not in speaker.photo.name and "evil" not in speaker.photo.name
    assert _stored_files() == [Path(speaker.photo.path)]


@pytest.mark.django_db
def test_upload_extension_follows_content_not_name():
    form = _submit(image_upload("photo.jpg", image_format="PNG"))

    assert form.is_valid(), form.errors
    speaker = form.save()

    assert speaker.photo.name.endswith(".png")
    with Image.open(speaker.photo.path) as stored:
        assert stored.format == "PNG"


@pytest.mark.django_db
def test_upload_webp_accepted():
    form = _submit(image_upload("photo.webp", image_format="WEBP"))

    assert form.is_valid(), form.errors
    assert form.save().photo.name.endswith(".webp")


@pytest.mark.django_db
def test_model_save_without_form_still_sanitises(event):
    """An import that saves models directly goes through the same pipeline."""
    organisation = Organisation.objects.create(
        name="Example", slug="example", logo=image_upload("logo.png", exif=_gps_exif(1))
    )
    event.banner = image_upload("banner.jpg", exif=_gps_exif(1))
    event.save()
    report = Report.objects.create(
        title="R", slug="r", event=event, cover=image_upload("cover.webp", image_format="WEBP")
    )

    for field_file in (organisation.logo, event.banner, report.cover):
        assert "example" not in field_file.name and "banner" not in field_file.name
        with Image.open(field_file.path) as stored:
            assert len(stored.getexif()) == 0
    assert Event.objects.get(pk=event.pk).banner.name.startswith("events/")


@pytest.mark.django_db
def test_model_save_of_bad_file_raises_and_stores_nothing():
    speaker = Speaker(name="B", slug="b", photo=SimpleUploadedFile("x.jpg", b"not an image"))

    with pytest.raises(ValidationError), transaction.atomic():
        speaker.save()

    assert not Speaker.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
def test_saving_again_keeps_the_stored_file():
    form = _submit(image_upload())
    speaker = form.save()
    name = speaker.photo.name

    speaker.name = "Renamed"
    speaker.full_clean()
    speaker.save()

    assert Speaker.objects.get().photo.name == name
    assert _stored_files() == [Path(speaker.photo.path)]


def test_sanitised_png_keeps_transparency():
    image = Image.new("RGBA", (10, 10), (255, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")

    clean = sanitise_image(SimpleUploadedFile("t.png", buffer.getvalue()))

    with Image.open(clean) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_form_file_picker_offers_only_accepted_types():
    assert SpeakerForm().fields["photo"].widget.attrs["accept"] == "image/jpeg,image/png,image/webp"


def test_truncated_image_refused_even_after_weasyprint_import(monkeypatch):
    """WeasyPrint turns on Pillow's truncated-image loading globally when imported."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = image_upload(size=(400, 300)).read()
    with pytest.raises(ValidationError) as excinfo:
        validate_image_file(SimpleUploadedFile("photo.jpg", data[: len(data) // 2]))
    assert "damaged or incomplete" in str(excinfo.value)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
