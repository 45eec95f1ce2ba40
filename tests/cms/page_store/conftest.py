from contextlib import contextmanager

import pytest
from django.db import connection

from cms.page_store import rendering
from cms.page_store.changes import _RenderAfterCommit

ORIGIN = "https://programme.example.org"


@pytest.fixture
def store(settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    """The page store on, in a folder of its own. ``with store.changes() as rendered:``
    makes changes and then runs what waits for their commit (the tests run in a transaction
    that never commits), listing in ``rendered`` the paths rendered again."""
    settings.PAGE_STORE_ENABLED = True
    settings.PUBLIC_BASE_URL = ORIGIN
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "programme.example.org", "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "pages": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "pages"},
        },
    }
    renders = []
    original = rendering.render

    def recorded_render(path):
        renders.append(path)
        return original(path)

    monkeypatch.setattr(rendering, "render", recorded_render)

    class Store:
        root = tmp_path / "pages"

        def file(self, path: str):
            return self.root / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))

        def text(self, path: str) -> str:
            return self.file(path).read_text()

        @contextmanager
        def changes(self):
            rendered: list[str] = []
            renders.clear()
            # The fixtures' own changes wait for the same commit: leave them out.
            connection.run_on_commit = [
                entry for entry in connection.run_on_commit
                if not isinstance(entry[1], _RenderAfterCommit)
            ]  # fmt: skip
            with django_capture_on_commit_callbacks(execute=True):
                yield rendered
            rendered.extend(sorted(renders))

    return Store()
