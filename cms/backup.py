"""Backup and restore of the whole site: database rows and media files in one archive.

``manage.py backup`` and ``manage.py restore`` call :func:`write_backup` and
:func:`restore_backup`. The archive (``.tar.gz``) holds:

- ``manifest.json``: format and version, date, the migrations applied, the number of rows
  of each model, and the size and SHA-256 of every other member;
- ``manifest.sig``: an HMAC-SHA256 of the manifest with ``BACKUP_SIGNING_KEY``, so that the
  manifest, and through its digests every file, cannot be changed without the key;
- ``data.jsonl``: every row, in Django's JSON Lines serialisation (what
  ``dumpdata --format jsonl`` writes), with natural keys for references to content types,
  permissions, users and tags, so that rows made by ``migrate`` on another database match;
- ``media/<path>``: every file under ``MEDIA_ROOT``; ``private/<path>``: every file under
  ``PRIVATE_MEDIA_ROOT`` (report PDFs).

Content types and permissions are made by ``migrate``, and login sessions and failed-login
records are not content: they are left out. A restore goes into an empty database only,
checks the whole archive before it changes anything (signature, checksums, and every image
decoded again as an upload would be), and loads the rows in one transaction.
"""

import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils.crypto import salted_hmac

from cms.caching import bump_content_version
from cms.images import SanitisedImageField, open_checked_image
from cms.page_store import changes

FORMAT = "conference-cms-backup"
VERSION = 2  # 2: signed, with private media
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA = "data.jsonl"
MEDIA = "media"
PRIVATE = "private"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# Not content: made by migrations, per visit, or derived (the page store's index of what
# each stored page shows, and its render queue, are rebuilt by rendering after a restore).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "django_tasks_database"}
EXCLUDED_MODELS = {"auth.permission", "cms.storedpage", "cms.storedpagekey"}
# Rows that data migrations create: matched by natural key on restore, not counted as content.
MADE_BY_MIGRATIONS = {"auth.group"}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot be done; nothing was changed."""


@dataclass
class Summary:
    rows: int
    files: int
    size: int = 0


def backed_up_models() -> list[type[Model]]:
    """Every concrete model whose rows a backup keeps, in dependency order."""
    app_list = {
        config: None
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS and config.models_module is not None
    }
    return [
        model
        for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True)
        if model._meta.label_lower not in EXCLUDED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def file_roots() -> dict[str, Path]:
    """The folders a backup keeps, by the archive prefix of their files."""
    return {MEDIA: Path(settings.MEDIA_ROOT), PRIVATE: Path(settings.PRIVATE_MEDIA_ROOT)}


def _file_target(name: str, roots: dict[str, Path]) -> Path | None:
    """Where an archive member ``media/...`` or ``private/...`` goes; None for the others."""
    prefix, _, rest = name.partition("/")
    return roots[prefix] / rest if prefix in roots and rest else None


def sign(manifest: bytes) -> str:
    """The manifest's signature: an HMAC with ``BACKUP_SIGNING_KEY`` (SECRET_KEY by default)."""
    return salted_hmac(
        "cms.backup.manifest", manifest, secret=settings.BACKUP_SIGNING_KEY, algorithm="sha256"
    ).hexdigest()


def media_files(root: Path) -> list[PurePosixPath]:
    """Regular files under the media folder (links are not followed), by relative path."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append(PurePosixPath(path.relative_to(root).as_posix()))
    return sorted(found)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations() -> dict[str, str]:
    """The last migration applied for each app, as recorded in the database."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


def write_backup(output: Path, *, progress: Progress | None = None) -> Summary:
    """Write the archive to ``output``, replacing it only once it is complete."""
    progress = progress or _silent
    output = output.expanduser().absolute()
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    roots = file_roots()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
        data = Path(work, DATA)
        outermost = not connection.in_atomic_block
        with transaction.atomic():  # one consistent view of the rows (REPEATABLE READ on PG)
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counts = _dump_rows(data, progress)
        files = [f"{prefix}/{path}" for prefix, root in roots.items() for path in media_files(root)]
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "counts": counts,
            "members": {DATA: _describe(data)},
        }
        for name in files:
            manifest["members"][name] = _describe(_file_target(name, roots))
        progress(f"Media: {len(files)} files")
        partial = Path(work, "backup.tar.gz")
        raw_manifest = json.dumps(manifest, indent=2).encode()
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, raw_manifest)
            _add_bytes(archive, SIGNATURE, sign(raw_manifest).encode())
            archive.add(data, DATA, recursive=False)
            for name in files:
                archive.add(_file_target(name, roots), name, recursive=False)
        partial.chmod(0o600)  # the archive holds password hashes
        os.replace(partial, output)
    return Summary(rows=sum(counts.values()), files=len(files), size=output.stat().st_size)


def _dump_rows(path: Path, progress: Progress) -> dict[str, int]:
    counts = {}
    with path.open("w", encoding="utf-8") as out:
        for model in backed_up_models():
            label = model._meta.label_lower
            rows = model._base_manager.order_by("pk")
            counts[label] = 0
            for start in range(0, rows.count(), 1000):
                chunk = list(rows[start : start + 1000])
                serializers.serialize(
                    "jsonl",
                    chunk,
                    stream=out,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=label in MADE_BY_MIGRATIONS,
                )
                counts[label] += len(chunk)
            if counts[label]:
                progress(f"{model._meta.verbose_name_plural.capitalize()}: {counts[label]}")
    return counts


def _describe(path: Path) -> dict:
    return {"size": path.stat().st_size, "sha256": file_digest(path)}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _silent(message: str) -> None:
    pass


def restore_backup(archive_path: Path, *, progress: Progress | None = None) -> Summary:
    """Load an archive made by :func:`write_backup` into an empty database and media folder.

    The archive is read and checked in full (member names, signature, manifest, checksums,
    images) before anything changes; the rows load in one transaction, and the media files
    are copied within it, removed again if anything fails.
    """
    progress = progress or _silent
    roots = file_roots()
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        staging = Path(work)
        manifest = _unpack(Path(archive_path), staging)
        progress(
            f"Archive checked: {len(manifest['members'])} file(s), signature and checksums match"
        )
        _check_images(manifest, staging)
        _check_migrations(manifest)
        _check_empty(manifest, staging, roots)
        try:
            files = _load(manifest, staging, roots)
        except (DatabaseError, DeserializationError, OSError, ValueError) as error:
            raise BackupError(f"The restore failed and was undone: {error}") from error
    return Summary(rows=sum(manifest["counts"].values()), files=files)


def _load(manifest: dict, staging: Path, roots: dict[str, Path]) -> int:
    """Rows and media files in one go: the files copied are removed if the rows fail."""
    written: list[Path] = []
    try:
        with transaction.atomic():
            call_command("loaddata", str(staging / DATA), verbosity=0)
            _check_counts(manifest)
            for name in manifest["members"]:
                target = _file_target(name, roots)
                if target is not None and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(staging / name, target)
                    written.append(target)
            bump_content_version()
            changes.everything_changed()  # every stored page, once the restore commits
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return sum(1 for name in manifest["members"] if _file_target(name, roots) is not None)


def _unpack(archive_path: Path, staging: Path) -> dict:
    """Extract the archive into ``staging``, refusing anything a backup would not hold."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            members = archive.getmembers()
            names = [_checked_name(member) for member in members]
            if MANIFEST not in names:
                raise BackupError(f"{archive_path} is not a backup: it has no {MANIFEST}.")
            raw_manifest = archive.extractfile(archive.getmember(MANIFEST)).read()
            _check_signature(archive, names, raw_manifest, archive_path)
            manifest = _read_manifest(raw_manifest)
            expected = set(manifest["members"])
            if set(names) - {MANIFEST, SIGNATURE} != expected or len(names) != len(set(names)):
                raise BackupError(
                    f"{archive_path} does not hold the files its manifest lists: "
                    "it is incomplete or has been altered."
                )
            for member, name in zip(members, names, strict=True):
                if name not in (MANIFEST, SIGNATURE):
                    _extract(archive, member, staging / name, manifest["members"][name])
    except FileNotFoundError as error:
        raise BackupError(f"There is no file {archive_path}.") from error
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(
            f"{archive_path} is not a readable backup archive (.tar.gz): {error}"
        ) from error
    return manifest


def _checked_name(member: tarfile.TarInfo) -> str:
    name = member.name
    parts = PurePosixPath(name).parts
    if (
        not member.isfile()
        or not parts
        or name != str(PurePosixPath(name))
        or name.startswith("/")
        or "\\" in name
        or ".." in parts
        or not (
            name in (MANIFEST, SIGNATURE, DATA)
            or (parts[0] in (MEDIA, PRIVATE) and len(parts) > 1)
        )
    ):
        raise BackupError(f"The archive holds an unexpected member “{name}”: refused.")
    return name


def _check_signature(archive, names: list[str], raw_manifest: bytes, archive_path) -> None:
    if SIGNATURE not in names:
        raise BackupError(
            f"{archive_path} is not signed: it was made by an older version of "
            "`manage.py backup`, or its signature was removed."
        )
    signature = archive.extractfile(archive.getmember(SIGNATURE)).read(200).strip()
    if not hmac.compare_digest(signature, sign(raw_manifest).encode()):
        raise BackupError(
            f"The signature of {archive_path} does not match: the archive was altered, or "
            "made with another BACKUP_SIGNING_KEY (SECRET_KEY unless set). Nothing restored."
        )


def _image_members(manifest: dict, staging: Path) -> set[str]:
    """Archive members that must be images: named so, or stored in an image field."""
    names = {
        name
        for name in manifest["members"]
        if name.startswith(f"{MEDIA}/") and PurePosixPath(name).suffix.lower() in IMAGE_SUFFIXES
    }
    image_fields = {
        model._meta.label_lower: [
            field.name for field in model._meta.fields if isinstance(field, SanitisedImageField)
        ]
        for model in apps.get_models()
    }
    with (staging / DATA).open(encoding="utf-8") as rows:
        for line in rows:
            try:
                row = json.loads(line)
                fields = image_fields.get(row["model"], ())
                values = [row["fields"].get(field) for field in fields]
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # loaddata reports malformed rows
            names.update(f"{MEDIA}/{value}" for value in values if isinstance(value, str) and value)
    return names


def _check_images(manifest: dict, staging: Path) -> None:
    """Decodes every image again as an upload would be: a planted file is refused."""
    for name in sorted(_image_members(manifest, staging)):
        if name not in manifest["members"]:
            continue  # a row naming a missing file: the site shows no image, as before
        try:
            with (staging / name).open("rb") as file:
                open_checked_image(file).close()
        except ValidationError as error:
            raise BackupError(
                f"{name} is not an image this site accepts ({' '.join(error.messages)}): "
                "the archive was refused, nothing restored."
            ) from None


def _read_manifest(raw: bytes) -> dict:
    try:
        manifest = json.loads(raw)
    except ValueError as error:
        raise BackupError(f"The archive's {MANIFEST} is not valid JSON.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This archive was not made by `manage.py backup`.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"This archive is in backup format version {manifest.get('version')}; "
            f"this site reads version {VERSION}."
        )
    if not isinstance(manifest.get("members"), dict) or DATA not in manifest["members"]:
        raise BackupError(f"The archive's {MANIFEST} lists no {DATA}.")
    return manifest


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, path: Path, expected) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with archive.extractfile(member) as source, path.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != expected.get("sha256") or member.size != expected.get("size"):
        raise BackupError(f"{member.name} does not match its checksum: the archive is damaged.")


def _check_migrations(manifest: dict) -> None:
    applied = applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, name in manifest.get("migrations", {}).items()
        if app in applied and applied[app] < name
    ]
    if missing:
        raise BackupError(
            "The backup was made with newer migrations than this database has "
            f"({', '.join(missing)}): run `manage.py migrate` first."
        )


def _check_empty(manifest: dict, staging: Path, roots: dict[str, Path]) -> None:
    """Refuse to restore over content: the database and the media folder must be empty."""
    filled = [
        model._meta.label
        for model in backed_up_models()
        if model._meta.label_lower not in MADE_BY_MIGRATIONS and model._base_manager.exists()
    ]
    if filled:
        raise BackupError(
            "The database is not empty (it has rows in "
            f"{', '.join(filled[:5])}{'…' if len(filled) > 5 else ''}): restore into a new "
            "database (`manage.py migrate` on an empty one) or flush this one first."
        )
    clashes = [
        (name, target)
        for name in manifest["members"]
        if (target := _file_target(name, roots)) is not None
        and target.exists()
        and file_digest(target) != file_digest(staging / name)
    ]
    if clashes:
        name, target = clashes[0]
        folder = roots[name.partition("/")[0]]
        raise BackupError(
            f"The media folder {folder} already has different files with the same names "
            f"(such as {target.relative_to(folder)}): empty it first."
        )


def _check_counts(manifest: dict) -> None:
    for label, count in manifest["counts"].items():
        model = apps.get_model(label)
        found = model._base_manager.count()
        if found != count and label not in MADE_BY_MIGRATIONS:
            raise BackupError(f"{label}: {found} rows after loading, the manifest says {count}.")
