"""Where an export is written: a temporary folder next to the target, which takes the
target's place only once the export is complete, so an interrupted export leaves the
previous copy as it was and no half-written site.

A failed write (full disk, unwritable folder) raises ``WriteError`` with the target left
alone. An export killed half way leaves only its temporary folder or file, named after the
target (``.<target>-*.partial``); the next export into the same folder removes it, while
holding a lock on the folder so that it never touches a running export's files.
"""

import fcntl
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: entries carry no clock
PARTIAL = ".partial"
PREVIOUS = ".previous"


class WriteError(Exception):
    """The export could not be written; the target is as it was."""


def write_bytes(path: Path, data: bytes) -> None:
    """Every file of an export is written here (tests make it fail like a full disk)."""
    path.write_bytes(data)


class SiteFolder:
    """The files of an export under construction, named by their relative POSIX path."""

    def __init__(self, root: Path):
        self.root = root
        self._folders: set[Path] = set()  # made by this process: one mkdir each, not per file

    def write(self, name: str, data: bytes) -> None:
        path = self.root / name
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        write_bytes(path, data)

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def names(self) -> list[str]:
        files = (path for path in self.root.rglob("*") if path.is_file())
        return sorted(path.relative_to(self.root).as_posix() for path in files)


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    """Holds the lock on the target's folder for one export, after clearing what an
    interrupted export into the same target left behind."""
    try:
        handle = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise WriteError(f"Cannot open the folder {target.parent}: {error.strerror}.") from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise WriteError(
                f"Another export is writing in {target.parent}; try again when it has finished."
            ) from error
        try:
            remove_stale(target)
            yield
        except OSError as error:
            raise WriteError(_explain(error, target)) from error
    finally:
        os.close(handle)


def remove_stale(target: Path) -> None:
    """Remove the temporary files of interrupted exports of ``target``; put a previous copy
    back if an export was killed between moving it aside and moving the new one in."""
    # mkdtemp and mkstemp add eight characters from this set between prefix and suffix.
    own = re.compile(rf"\.{re.escape(target.name)}-[a-z0-9_]{{8}}(\{PARTIAL}|\{PREVIOUS})")
    for leftover in target.parent.iterdir():
        if not own.fullmatch(leftover.name):
            continue
        if leftover.suffix == PREVIOUS and not target.exists():
            os.replace(leftover, target)
        else:
            _remove(leftover)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _explain(error: OSError, target: Path) -> str:
    detail = error.strerror or str(error)
    if error.filename:
        detail += f": {error.filename}"
    return f"The export could not be written ({detail}). {target} is as it was."


def _temporary_folder(target: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=PARTIAL, dir=target.parent))
    folder.chmod(0o755)  # mkdtemp makes it private; the site is meant to be served
    return folder


@contextmanager
def staged_folder(target: Path) -> Iterator[SiteFolder]:
    """A folder that replaces ``target`` (moved aside, then deleted) when the block succeeds."""
    with exclusive(target):
        temporary = _temporary_folder(target)
        try:
            yield SiteFolder(temporary)
            if target.exists():
                previous = temporary.with_suffix(PREVIOUS)
                os.replace(target, previous)
                try:
                    os.replace(temporary, target)
                except OSError:
                    os.replace(previous, target)
                    raise
                shutil.rmtree(previous)
            else:
                os.replace(temporary, target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)


@contextmanager
def staged_zip(target: Path) -> Iterator[SiteFolder]:
    """A folder that becomes the zip file ``target`` when the block succeeds."""
    with exclusive(target):
        temporary = _temporary_folder(target)
        try:
            site = SiteFolder(temporary / "site")
            site.root.mkdir()
            yield site
            partial = temporary / "site.zip"
            write_zip(site, partial)
            os.replace(partial, target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)


def replace_file(target: Path, data: bytes) -> None:
    """Write one file (a recap export) beside ``target`` and move it into place when whole."""
    with exclusive(target):
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}-", suffix=PARTIAL
        )
        os.close(handle)
        temporary = Path(name)
        try:
            write_bytes(temporary, data)
            temporary.chmod(0o644)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)


def write_zip(site: SiteFolder, path: Path) -> None:
    """Entries in name order with a fixed date and mode: the same files give the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in site.names():
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, site.read(name))

