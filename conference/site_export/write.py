"""Where an export is written: a temporary folder next to the target, which takes the
target's place only once the export is complete, so an interrupted export leaves the
previous copy as it was and no half-written site."""

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: entries carry no clock


class SiteFolder:
    """The files of an export under construction, named by their relative POSIX path."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, name: str, data: bytes) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def names(self) -> list[str]:
        files = (path for path in self.root.rglob("*") if path.is_file())
        return sorted(path.relative_to(self.root).as_posix() for path in files)


def _temporary_folder(target: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".partial", dir=target.parent))
    folder.chmod(0o755)  # mkdtemp makes it private; the site is meant to be served
    return folder


@contextmanager
def staged_folder(target: Path) -> Iterator[SiteFolder]:
    """A folder that replaces ``target`` (moved aside, then deleted) when the block succeeds."""
    temporary = _temporary_folder(target)
    try:
        yield SiteFolder(temporary)
        if target.exists():
            previous = temporary.with_suffix(".previous")
            os.replace(target, previous)
            os.replace(temporary, target)
            shutil.rmtree(previous)
        else:
            os.replace(temporary, target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


@contextmanager
def staged_zip(target: Path) -> Iterator[SiteFolder]:
    """A folder that becomes the zip file ``target`` when the block succeeds."""
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


def write_zip(site: SiteFolder, path: Path) -> None:
    """Entries in name order with a fixed date and mode: the same files give the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in site.names():
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, site.read(name))
