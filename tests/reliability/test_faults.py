"""Faults: the database going away gives a 503 page and the site recovers when it returns;
a full disk or an unwritable folder during an export gives a clear error and leaves the
previous export intact; an export killed half way leaves no partial output."""

import errno
import fcntl
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.template import loader
from django.test import Client, RequestFactory

from bench.postgres import postgres_bin, private_postgres
from cms.static_site import write
from cms.unavailable import server_error

ROOT = Path(settings.BASE_DIR)
OUTAGE = "connection to server at 127.0.0.1 failed: Connection refused"


def digests(root: Path) -> dict[str, str]:
    if root.is_file():
        return {root.name: hashlib.sha256(root.read_bytes()).hexdigest()}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def database_down(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OperationalError(OUTAGE)

    monkeypatch.setattr(connection, "cursor", refuse)


# The database going away


def test_database_outage_gives_503_page_then_site_recovers(public_site, monkeypatch):
    client = Client(raise_request_exception=False)
    url = public_site.event.get_absolute_url()
    database_down(monkeypatch)

    down = client.get(url)

    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert "no-store" in down["Cache-Control"]
    assert "We’ll be back in a moment" in down.content.decode()
    assert '<main id="main"' in down.content.decode()

    monkeypatch.undo()
    back = client.get(url)
    assert back.status_code == 200
    assert public_site.event.name in back.content.decode()


def test_database_outage_in_admin_gives_503_page(editor_client, monkeypatch):
    client = Client(raise_request_exception=False)
    client.cookies = editor_client.cookies
    database_down(monkeypatch)

    response = client.get("/admin/")
    monkeypatch.undo()

    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()


def test_unavailable_page_renders_without_database(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        page = loader.render_to_string("503.html")
    assert "<h1>We’ll be back in a moment</h1>" in page


def test_server_error_handler_keeps_500_for_other_errors(db):
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert "Something went wrong on our side" in response.content.decode()


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed")
def test_gunicorn_on_postgresql_survives_database_restart(tmp_path):
    """A real outage: the PostgreSQL server stops under a running gunicorn, then returns.
    Pages already in the page store are served throughout; what needs the database gets
    the 503 page, and everything works again once the database is back."""
    with private_postgres() as cluster:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="0",
            SECRET_KEY="fault-test-secret-key-used-nowhere-else-8d1f0c2b7a",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            DATABASE_URL=cluster.url(),
            CACHE_URL="locmemcache://faults",
            PAGE_CACHE_SECONDS="0",
            STATIC_ROOT=str(tmp_path / "static"),
            MEDIA_ROOT=str(tmp_path / "media"),
            PAGE_STORE_ROOT=str(tmp_path / "pages"),
            LOG_LEVEL="CRITICAL",
        )
        for command in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                stdout=subprocess.DEVNULL,
            )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--log-level", "critical"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait(base + "/robots.txt")
            pages = ["/soc24/", "/speakers/", "/soc24/day-1/", "/soc24/programme.ics"]
            dynamic = ["/search/?q=trust", "/soc24/quotes/?speaker=x", "/organisations/"]
            assert [_get(base + page)[0] for page in pages] == [200] * len(pages)

            cluster.stop()
            stored = [_get(base + page) for page in pages]
            down = [_get(base + page) for page in dynamic]  # the last one never stored
            cluster.start()
            back = [_get(base + page) for page in (pages + dynamic) * 2]
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert [status for status, _, _ in stored] == [200] * len(pages)
    assert "Social Outcomes Conference 2024" in stored[0][2]
    assert [status for status, _, _ in down] == [503] * len(dynamic)
    assert all(headers["Retry-After"] == "30" for _, headers, _ in down)
    assert all("We’ll be back in a moment" in body for _, _, body in down)
    assert [status for status, _, _ in back] == [200] * len(pages + dynamic) * 2
    assert "Social Outcomes Conference 2024" in back[0][2]


# A full disk or an unwritable folder during an export


def export_site(*args) -> str:
    out = io.StringIO()
    call_command("export_site", *map(str, args), stdout=out)
    return out.getvalue()


def fail_after(monkeypatch, writes: int, code: int) -> None:
    """Export writes succeed ``writes`` times, then fail as a full disk or a denied folder."""
    real, done = write.write_bytes, []

    def failing(path, data):
        if len(done) >= writes:
            raise OSError(code, os.strerror(code), str(path))
        done.append(path)
        real(path, data)

    monkeypatch.setattr(write, "write_bytes", failing)


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")],
)
@pytest.mark.parametrize("form", ["--output", "--zip"])
def test_export_site_write_failure_keeps_previous_export(
    public_site, tmp_path, monkeypatch, code, message, form
):
    target = tmp_path / ("site.zip" if form == "--zip" else "site")
    export_site("tc24", form, target)
    before = digests(target)

    fail_after(monkeypatch, 10 if form == "--output" else 0, code)
    with pytest.raises(CommandError, match=f"could not be written \\({message}.*is as it was"):
        export_site("tc24", form, target)

    assert digests(target) == before
    assert [path.name for path in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
def test_export_recap_write_failure_keeps_previous_file(
    public_site, tmp_path, monkeypatch, code, message
):
    target = tmp_path / "recap.md"
    target.write_text("the previous export")
    call_command(
        "export_recap", "tc24", "--day", "1", "--format", "md", "--output", str(target),
        stdout=io.StringIO(),
    )
    before = target.read_bytes()

    fail_after(monkeypatch, 0, code)
    with pytest.raises(CommandError, match=message):
        call_command(
            "export_recap", "tc24", "--format", "md", "--output", str(target),
            stdout=io.StringIO(),
        )

    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["recap.md"]


def test_export_refuses_while_another_export_writes_in_the_folder(public_site, tmp_path):
    handle = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        # flock locks belong to the open file: a second open, as another process has, waits.
        with pytest.raises(CommandError, match="Another export is writing in"):
            export_site("tc24", "--output", tmp_path / "site")
    finally:
        os.close(handle)
    assert list(tmp_path.iterdir()) == []


# An export killed half way


def test_remove_stale_restores_previous_copy_and_spares_other_targets(tmp_path):
    target = tmp_path / "site"
    moved_aside = tmp_path / ".site-abcd1234.previous"
    moved_aside.mkdir()
    (moved_aside / "index.html").write_text("previous")
    (tmp_path / ".site-zyxw9876.partial").mkdir()
    (tmp_path / ".site-old-abcd1234.partial").mkdir()  # another target's: not ours
    (tmp_path / ".site-mine.txt").write_text("not an export's")

    write.remove_stale(target)

    assert (target / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site-mine.txt", ".site-old-abcd1234.partial", "site"
    ]


@pytest.fixture
def demo_database(tmp_path):
    """Environment for commands in a subprocess: a file SQLite database with the demo."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        CACHE_URL="locmemcache://export",
    )
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    return env


def test_export_site_killed_half_way_leaves_previous_export(demo_database, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "site"
    command = [sys.executable, "manage.py", "export_site", "soc24", "--output", str(target)]
    subprocess.run(command, cwd=ROOT, env=demo_database, check=True, stdout=subprocess.DEVNULL)
    before = digests(target)

    export = subprocess.Popen(command, cwd=ROOT, env=demo_database, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(len(list(p.rglob("*.html"))) >= 3 for p in out.glob(".site-*.partial")):
        assert export.poll() is None, "the export ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    export.send_signal(signal.SIGKILL)
    export.wait()

    assert digests(target) == before
    assert [p.name for p in out.glob(".site-*.partial")], "the killed export's folder is left"

    subprocess.run(command, cwd=ROOT, env=demo_database, check=True, stdout=subprocess.DEVNULL)
    assert sorted(p.name for p in out.iterdir()) == ["site"]
    assert digests(target) == before
