"""`demo_login`: one editor login for the demo, printed again unchanged on the next run."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command


@pytest.fixture
def credentials_file(tmp_path):
    return tmp_path / "var" / "demo-login.json"


def run_demo_login(credentials_file) -> str:
    out = StringIO()
    call_command("demo_login", credentials_file=credentials_file, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    return re.search(r"password:\s+(\S+)", output).group(1)


def test_demo_login_creates_a_staff_superuser_and_prints_it(db, credentials_file):
    output = run_demo_login(credentials_file)
    password = printed_password(output)
    assert "user name: editor" in output
    assert "http://127.0.0.1:8000/admin/" in output
    user = authenticate(username="editor", password=password)
    assert user is not None and user.is_staff and user.is_superuser
    assert json.loads(credentials_file.read_text())["password"] == password
    assert credentials_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_demo_login_second_run_prints_the_same_password(db, credentials_file):
    first = printed_password(run_demo_login(credentials_file))
    second_output = run_demo_login(credentials_file)
    assert printed_password(second_output) == first
    assert "kept from" in second_output
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert authenticate(username="editor", password=first) is not None


def test_demo_login_resets_the_password_when_the_file_is_gone(db, credentials_file):
    first = printed_password(run_demo_login(credentials_file))
    credentials_file.unlink()
    second = printed_password(run_demo_login(credentials_file))
    assert second != first
    assert authenticate(username="editor", password=first) is None
    assert authenticate(username="editor", password=second) is not None
    assert json.loads(credentials_file.read_text())["password"] == second


def test_demo_login_replaces_a_stale_password_file(db, credentials_file):
    credentials_file.parent.mkdir()
    credentials_file.write_text(json.dumps({"username": "editor", "password": "not-it"}))
    get_user_model().objects.create_user("editor", password="something-else")
    password = printed_password(run_demo_login(credentials_file))
    assert password != "not-it"
    assert authenticate(username="editor", password=password) is not None
