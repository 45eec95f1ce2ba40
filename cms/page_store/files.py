"""Where rendered pages are kept: the ``pages`` storage (``STORAGES`` in settings).

A URL path maps to a file name as in the static export: folders get ``index.html``, files
keep their name (``/soc24/schedule.xml``). A local folder is written atomically (a
temporary file beside the target, then a rename), so a web server reading it never sees
half a page; an object store (S3) replaces an object whole on each write.
"""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from cms.static_site.links import page_file, safe_name


def file_name(path: str) -> str | None:
    """The store's file for a URL path; None for a path that cannot be one."""
    return safe_name(page_file(path))


def _storage():
    return storages["pages"]


def _local_path(name: str) -> Path | None:
    try:
        return Path(_storage().path(name))
    except NotImplementedError:  # an object store
        return None


def write(name: str, data: bytes) -> None:
    local = _local_path(name)
    if local is None:
        storage = _storage()
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(data))
        return
    local.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=local.parent, prefix=f".{local.name}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, local)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read(name: str) -> bytes | None:
    local = _local_path(name)
    if local is not None:
        try:
            return local.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
    storage = _storage()
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        return stored.read()


def delete(name: str) -> None:
    local = _local_path(name)
    if local is not None:
        local.unlink(missing_ok=True)
    else:
        _storage().delete(name)
