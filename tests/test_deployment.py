"""Production settings: the deployment check is clean and secrets are required."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-7f3a9c1e2b4d6f8a",
    "ALLOWED_HOSTS": "conference.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def subprocess_env(overrides):
    """This process's environment with ``overrides``, less what tests set for themselves
    (the browser tests allow async-unsafe calls in-process; a deployment never does)."""
    dropped = {"DJANGO_DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in dropped} | overrides


def run_manage(*args, env_overrides):
    env = subprocess_env(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_without_debug_is_a_clear_error():
    env = dict(PRODUCTION_ENV)
    env["SECRET_KEY"] = ""
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
    ],
)
def test_security_headers_on_admin_login(db, client, header, expected):
    response = client.get("/admin/login/")
    assert response[header] == expected


def test_content_security_policy_forbids_inline_script(db, client):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert directives["frame-ancestors"] == "'none'"


HTTPS_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
client = Client(headers={"host": "conference.example.org"})
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    plain = client.get("/admin/login/")
    secure = client.get("/admin/login/", secure=True)
csrf = secure.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "redirect": [plain.status_code, plain.headers.get("Location")],
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(csrf["secure"]),
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
}))
"""


def test_production_settings_force_https_with_hsts_and_secure_cookies(tmp_path):
    env = subprocess_env(
        PRODUCTION_ENV | {"DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}"}
    )
    result = subprocess.run(
        [sys.executable, "-c", HTTPS_PROBE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["redirect"] == [301, "https://conference.example.org/admin/login/"]
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert probe["csrf_cookie_secure"] is True
    assert probe["session_cookie"] == [True, True]


def test_manage_py_without_configuration_runs_as_a_development_checkout():
    env = subprocess_env({"DJANGO_SETTINGS_MODULE": "config.settings"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


LOCKOUT_ADDRESS_PROBE = """
import django, json
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
request = RequestFactory().get(
    "/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.5"
)
print(json.dumps(get_client_ip_address(request)))
"""


@pytest.mark.parametrize(
    ("extra_env", "address"),
    [
        ({"BEHIND_HTTPS_PROXY": "1"}, "192.0.2.7"),  # no proxy counted: the header is forged
        ({"BEHIND_HTTPS_PROXY": "1", "TRUSTED_PROXIES": "1"}, "203.0.113.5"),
    ],
)
def test_login_lockout_trusts_forwarded_addresses_only_from_counted_proxies(
    tmp_path, extra_env, address
):
    env = subprocess_env(
        PRODUCTION_ENV
        | {"DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}"}
        | extra_env
    )
    result = subprocess.run(
        [sys.executable, "-c", LOCKOUT_ADDRESS_PROBE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == address
