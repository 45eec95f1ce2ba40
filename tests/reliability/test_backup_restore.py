"""``manage.py backup`` and ``restore``: every row and every media file comes back, and a bad
archive or a database with content is refused with nothing changed."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
import reversion
from django.core import serializers
from django.core.management import CommandError, call_command

from cms.backup import MADE_BY_MIGRATIONS, backed_up_models, sign
from conference.models import Event
from speakers.models import Speaker
from tests.factories import SpeakerFactory, image_upload


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT, "base_url": None},
        }
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def site(db, media, editor_user):
    """The demo, a speaker with an uploaded photo, and revision history by a user."""
    call_command("load_demo", stdout=io.StringIO())
    with reversion.create_revision():
        speaker = SpeakerFactory(name="Ada Backup", photo=image_upload("ada.jpg"))
        reversion.set_user(editor_user)
        reversion.set_comment("Added Ada")
    with reversion.create_revision():
        speaker.bio = "Second version of the bio."
        speaker.save()
        reversion.set_user(editor_user)
    return speaker


def snapshot() -> dict[str, list[str]]:
    """Every backed-up row as serialised JSON (natural keys as in the backup), per model."""
    rows = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        text = serializers.serialize(
            "jsonl",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=label in MADE_BY_MIGRATIONS,
        )
        rows[label] = sorted(text.splitlines())
    return rows


def media_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def empty_site(media: Path) -> None:
    for model in reversed(backed_up_models()):
        model._base_manager.all().delete()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def rewrite_archive(source: Path, target: Path, change) -> None:
    """A copy of the archive with ``change(members)`` applied to a {name: bytes} dict."""
    with tarfile.open(source, "r:gz") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}
    change(members)
    write_archive(target, members)


def write_archive(target: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(target, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def refresh_manifest(members: dict[str, bytes], *, signed: bool = True) -> None:
    """Recompute the checksums, as an attacker would (``signed=False``: without the key) or a
    buggy tool holding the key."""
    manifest = json.loads(members["manifest.json"])
    manifest["members"] = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items()
        if name not in ("manifest.json", "manifest.sig")
    }
    members["manifest.json"] = json.dumps(manifest).encode()
    if signed:
        members["manifest.sig"] = sign(members["manifest.json"]).encode()


def test_backup_restore_into_empty_database_gives_every_row_and_file_back(site, media, tmp_path):
    before, files_before = snapshot(), media_digests(media)
    assert files_before, "the uploaded photo is in the media folder"
    assert before["reversion.version"] and before["auth.user"] and before["programme.session"]
    archive = tmp_path / "site.tar.gz"

    assert "Wrote" in backup(archive)
    empty_site(media)
    assert not Event.objects.exists() and not media_digests(media)
    output = restore(archive)

    assert f"{len(files_before)} media files" in output
    assert snapshot() == before
    assert media_digests(media) == files_before
    assert Speaker.objects.get(name="Ada Backup").photo.read()[:2] == b"\xff\xd8"


def test_backup_manifest_counts_rows_and_checksums_files(site, media, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup(archive)

    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        photo = next(n for n in manifest["members"] if n.startswith("media/speakers/"))
        data = opened.extractfile(photo).read()
    assert manifest["counts"]["speakers.speaker"] == Speaker.objects.count()
    assert manifest["counts"]["reversion.version"] == 2
    assert manifest["members"][photo]["sha256"] == hashlib.sha256(data).hexdigest()
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_restore_refuses_database_with_content(site, media, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    before = snapshot()

    with pytest.raises(CommandError, match="database is not empty"):
        restore(archive)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update({"data.jsonl": m["data.jsonl"] + b"\n"}), "checksum"),
        (lambda m: m.pop("manifest.json"), "no manifest.json"),
        (lambda m: m.update({"manifest.json": b'{"format": "other"}'}), "signature"),
        (lambda m: m.update({"media/extra.txt": b"x"}), "does not hold the files"),
        (lambda m: m.update({"../escape.txt": b"x"}), "unexpected member"),
        (lambda m: m.update({"/etc/cron.d/evil": b"x"}), "unexpected member"),
        (lambda m: m.update({"media/../../escape.txt": b"x"}), "unexpected member"),
    ],
    ids=["checksum", "no-manifest", "foreign", "unlisted", "dotdot", "absolute", "media-dotdot"],
)
def test_restore_refuses_damaged_archive_and_changes_nothing(
    site, media, tmp_path, change, message
):
    archive, damaged = tmp_path / "site.tar.gz", tmp_path / "damaged.tar.gz"
    backup(archive)
    empty_site(media)
    rewrite_archive(archive, damaged, change)

    with pytest.raises(CommandError, match=message):
        restore(damaged)
    assert not Event.objects.exists()
    assert not media_digests(media)
    assert not (tmp_path / "escape.txt").exists()


def test_restore_refuses_links_in_archive(db, media, tmp_path):
    archive = tmp_path / "link.tar.gz"
    with tarfile.open(archive, "w:gz") as opened:
        link = tarfile.TarInfo("media/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        opened.addfile(link)

    with pytest.raises(CommandError, match="unexpected member “media/passwd”"):
        restore(archive)
    assert not (media / "passwd").exists()


@pytest.mark.parametrize("content", [b"", b"not gzip at all", b"\x1f\x8b\x08\x00trunc"])
def test_restore_refuses_file_that_is_not_archive(db, tmp_path, content):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="not a readable backup archive"):
        restore(path)


def test_restore_refuses_truncated_archive(site, media, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    empty_site(media)
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    with pytest.raises(CommandError, match="not a readable backup archive"):
        restore(archive)
    assert not Event.objects.exists()


def test_restore_failing_rows_undo_rows_and_media(site, media, tmp_path):
    archive, broken = tmp_path / "site.tar.gz", tmp_path / "broken.tar.gz"
    backup(archive)
    empty_site(media)

    def break_rows(members):
        bad = {"model": "programme.quote", "pk": 9999, "fields": {"session": 123456, "text": "x"}}
        members["data.jsonl"] += json.dumps(bad).encode() + b"\n"
        refresh_manifest(members)

    rewrite_archive(archive, broken, break_rows)

    with pytest.raises(CommandError, match="restore failed and was undone"):
        restore(broken)
    assert not Event.objects.exists()
    assert not media_digests(media)


def test_restore_missing_file_gives_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        restore(tmp_path / "nowhere.tar.gz")


def test_backup_into_missing_folder_gives_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        backup(tmp_path / "missing" / "site.tar.gz")


def test_restore_refuses_tampered_archive_with_recomputed_checksums(site, media, tmp_path):
    """The attack: change a row, recompute every checksum; only the key could re-sign it."""
    archive, tampered = tmp_path / "site.tar.gz", tmp_path / "tampered.tar.gz"
    backup(archive)
    empty_site(media)

    def make_superuser(members):
        members["data.jsonl"] = members["data.jsonl"].replace(
            b'"is_superuser": false', b'"is_superuser": true'
        )
        refresh_manifest(members, signed=False)

    rewrite_archive(archive, tampered, make_superuser)

    with pytest.raises(CommandError, match=r"signature of .* does not match"):
        restore(tampered)
    assert not Event.objects.exists()
    assert not media_digests(media)


def test_restore_refuses_archive_signed_with_another_key(site, media, tmp_path, settings):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    empty_site(media)
    settings.BACKUP_SIGNING_KEY = "another-key"

    with pytest.raises(CommandError, match="another BACKUP_SIGNING_KEY"):
        restore(archive)
    assert not Event.objects.exists()


def test_restore_refuses_unsigned_archive(site, media, tmp_path):
    archive, unsigned = tmp_path / "site.tar.gz", tmp_path / "unsigned.tar.gz"
    backup(archive)
    empty_site(media)
    rewrite_archive(archive, unsigned, lambda members: members.pop("manifest.sig"))

    with pytest.raises(CommandError, match="is not signed"):
        restore(unsigned)


def test_backup_signing_key_defaults_to_the_secret_key(settings):
    assert settings.BACKUP_SIGNING_KEY == settings.SECRET_KEY


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', id="svg"),
        pytest.param(b"<html><script>alert(1)</script></html>", id="html"),
    ],
)
def test_restore_validates_images_again(site, media, tmp_path, content):
    """A photo swapped for a script in a signed archive (a compromised media folder)."""
    archive, planted = tmp_path / "site.tar.gz", tmp_path / "planted.tar.gz"
    backup(archive)
    empty_site(media)

    def plant(members):
        photo = next(name for name in members if name.startswith("media/speakers/"))
        members[photo] = content
        refresh_manifest(members)

    rewrite_archive(archive, planted, plant)

    with pytest.raises(CommandError, match="is not an image this site accepts"):
        restore(planted)
    assert not Event.objects.exists()
    assert not media_digests(media)


def test_backup_keeps_private_report_pdfs(site, media, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import Report
    from tests.reports.pdfs import pdf_bytes

    report = Report.objects.first()
    report.pdf = SimpleUploadedFile("report.pdf", pdf_bytes())
    report.save()
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    files_before = media_digests(private)
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    empty_site(media)
    empty_site(private)

    restore(archive)

    assert media_digests(private) == files_before
    assert Report.objects.get(pk=report.pk).pdf.read() == pdf_bytes()
