"""The bytes of static and media files that exported pages use.

Static files come from the staticfiles finders (the project's sources), else from
``STATIC_ROOT`` through the static storage (hashed names of the manifest storage); media
files from the default storage, wherever it keeps them.
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage


def read_asset(name: str) -> bytes | None:
    """``name`` is ``static/<path>`` or ``media/<path>``; None when there is no such file."""
    folder, _, path = name.partition("/")
    if folder == "static":
        found = finders.find(path)
        if found:
            with open(found, "rb") as file:
                return file.read()
        storage = staticfiles_storage
    else:
        storage = default_storage
    try:
        if not storage.exists(path):
            return None
        with storage.open(path, "rb") as file:
            return file.read()
    except (SuspiciousFileOperation, OSError):
        return None
