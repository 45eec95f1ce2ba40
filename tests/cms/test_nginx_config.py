"""`manage.py nginx_config`: the nginx configuration that serves the page store, its values
from settings, and (where nginx is installed) nginx itself applying its rules."""

import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from io import StringIO

import pytest
from csp.utils import build_policy
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.page_store.paths import CONTENT_TYPES

SECURITY_HEADERS = [
    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
    "Cross-Origin-Opener-Policy", "X-Frame-Options",
]


@pytest.fixture
def deployment(settings, tmp_path):
    settings.PAGE_STORE_ROOT = tmp_path / "pages"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_COOKIE_NAME = "editor_session"
    settings.ALLOWED_HOSTS = ["programme.example.org", "testserver"]
    for folder in ("pages", "static", "media"):
        (tmp_path / folder).mkdir()
    return tmp_path


def nginx_config(**options) -> str:
    out = StringIO()
    call_command("nginx_config", stdout=out, **options)
    return out.getvalue()


def test_config_serves_the_store_and_sends_the_rest_to_django(deployment):
    config = nginx_config(upstream="unix:/run/conference/gunicorn.sock", listen="8080")

    assert f'root "{deployment / "pages"}";' in config
    assert f'alias "{deployment / "static"}/";' in config
    assert f'alias "{deployment / "media"}/";' in config
    assert "server unix:/run/conference/gunicorn.sock;" in config
    assert "listen 8080;" in config
    assert "server_name programme.example.org testserver;" in config
    assert "try_files $uri $uri/index.html @django;" in config
    assert "error_page 418 = @django;" in config
    assert "if ($request_method !~ ^(GET|HEAD)$) {" in config
    assert 'if ($args != "") {' in config
    assert r'if ($http_cookie ~ "(^|;)\\s*editor_session=") {' in config
    assert "proxy_pass http://conference_django;" in config
    for extension, content_type in CONTENT_TYPES.items():
        assert f'"{content_type}" {extension[1:]};' in config


def test_config_sends_the_headers_django_sends(deployment, settings):
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    config = nginx_config()

    store = config[config.index("location / {"):config.index("location @django")]
    assert f'add_header Content-Security-Policy "{build_policy()}" always;' in store
    assert 'add_header X-Content-Type-Options "nosniff" always;' in store
    assert 'add_header Referrer-Policy "strict-origin-when-cross-origin" always;' in store
    assert 'add_header Cross-Origin-Opener-Policy "same-origin" always;' in store
    assert 'add_header X-Frame-Options "DENY" always;' in store
    assert (
        'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'
        in store
    )
    # Django's own answers keep their headers: none are added to them twice.
    assert "add_header" not in config[config.index("location @django"):]


def test_config_has_no_hsts_in_debug(deployment, settings):
    settings.DEBUG = True
    assert "Strict-Transport-Security" not in nginx_config()


def test_config_headers_are_the_ones_of_a_public_page(deployment, client, public_site):
    response = client.get("/")
    assert response.status_code == 200
    config = nginx_config()
    for name in SECURITY_HEADERS:
        assert f'add_header {name} "{response[name]}" always;' in config


def test_a_value_nginx_would_read_as_a_variable_is_refused(deployment, settings):
    settings.PAGE_STORE_ROOT = deployment / "$pages"
    with pytest.raises(CommandError, match="Cannot write"):
        nginx_config()


def test_a_store_in_a_bucket_is_refused(deployment, settings):
    settings.STORAGES = {
        **settings.STORAGES, "pages": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    with pytest.raises(CommandError, match="not a local folder"):
        nginx_config()


needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main_config(prefix, site_config: str) -> str:
    """An nginx main file around the printed server configuration, as a distribution's
    http block including it would be (with its MIME types for static files)."""
    (prefix / "site.conf").write_text(site_config)
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"{kind}_temp_path {prefix}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime_types = (
        "include /etc/nginx/mime.types;\n" if os.path.exists("/etc/nginx/mime.types") else ""
    )
    path = prefix / "nginx.conf"
    path.write_text(
        f"{user}pid {prefix}/nginx.pid;\nerror_log stderr error;\ndaemon off;\n"
        "events { worker_connections 64; }\n"
        f"http {{\naccess_log off;\n{temp}{mime_types}include {prefix}/site.conf;\n}}\n"
    )
    return str(path)


@needs_nginx
def test_nginx_accepts_the_config(deployment):
    prefix = deployment / "nginx"
    prefix.mkdir()
    conf = main_config(prefix, nginx_config(listen=f"127.0.0.1:{free_port()}"))
    result = subprocess.run(
        ["nginx", "-t", "-p", str(prefix), "-e", "stderr", "-c", conf],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class Upstream(http.server.BaseHTTPRequestHandler):
    """Stands for Django: says which request reached it."""

    def answer(self):
        body = f"django {self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_site(deployment):
    """nginx from the generated configuration in front of a stand-in upstream, its store
    holding a programme page, a calendar file and a folder without a page."""
    pages = deployment / "pages"
    (pages / "soc24" / "day-1").mkdir(parents=True)
    (pages / "soc24" / "index.html").write_text("<h1>Stored programme</h1>")
    (pages / "soc24" / "programme.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (pages / "soc24" / "day-1" / "programme.ics").write_text("BEGIN:VCALENDAR\r\n")
    (deployment / "static" / "site.css").write_text("body {}")

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    prefix = deployment / "nginx"
    prefix.mkdir()
    conf = main_config(prefix, nginx_config(
        listen=f"127.0.0.1:{port}", upstream=f"127.0.0.1:{upstream.server_address[1]}",
    ))
    server = subprocess.Popen(["nginx", "-p", str(prefix), "-e", "stderr", "-c", conf])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def get(url: str, *, method: str = "GET", cookie: str | None = None):
    request = urllib.request.Request(url, method=method, data=b"x=1" if method == "POST" else None)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers


@needs_nginx
def test_nginx_serves_stored_files_with_their_type_and_headers(nginx_site):
    body, headers = get(f"{nginx_site}/soc24/")
    assert body == "<h1>Stored programme</h1>"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Page-Store"] == "file"
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == build_policy()

    body, headers = get(f"{nginx_site}/soc24/programme.ics")
    assert body.startswith("BEGIN:VCALENDAR")
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"

    body, headers = get(f"{nginx_site}/static/site.css")
    assert body == "body {}"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Page-Store" not in headers


@needs_nginx
@pytest.mark.parametrize(
    ("path", "method", "cookie", "reaches_django_as"),
    [
        ("/soc24/?day=1", "GET", None, "GET /soc24/?day=1"),  # a query string
        ("/soc24/", "POST", None, "POST /soc24/"),  # not a GET
        ("/soc24/", "GET", "csrftoken=a; editor_session=b", "GET /soc24/"),  # signed in
        ("/soc24/day-2/", "GET", None, "GET /soc24/day-2/"),  # a miss
        ("/soc24/day-1/", "GET", None, "GET /soc24/day-1/"),  # a folder, its page not stored
        ("/admin/", "GET", None, "GET /admin/"),
        ("/api/v1/events/", "GET", None, "GET /api/v1/events/"),
    ],
)
def test_nginx_sends_everything_else_to_django(nginx_site, path, method, cookie,
                                               reaches_django_as):
    body, headers = get(nginx_site + path, method=method, cookie=cookie)
    assert body == f"django {reaches_django_as}"
    assert "X-Page-Store" not in headers


@needs_nginx
def test_nginx_serves_the_store_to_a_visitor_with_other_cookies(nginx_site):
    body, _ = get(f"{nginx_site}/soc24/", cookie="csrftoken=a; not_editor_session=b")
    assert body == "<h1>Stored programme</h1>"
