"""deploy/: the systemd units start commands that exist, with the environment file the
README describes, and the timer runs publish_due every minute."""

import configparser
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy"
SERVICES = ["conference-web.service", "conference-render@.service",
            "conference-publish-due.service"]  # fmt: skip


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / name).read_text().replace("\\\n", " "))
    return parser


@pytest.mark.parametrize("name", SERVICES)
def test_services_run_existing_commands_with_the_environment_file(name):
    service = unit(name)["Service"]
    assert service["EnvironmentFile"] == "/etc/conference/env"
    command = shlex.split(service["ExecStart"])
    if command[0].endswith("/gunicorn"):
        assert command[1] == "config.wsgi"
    else:
        assert command[1] == "manage.py"
        assert command[2] in get_commands()


def test_render_workers_take_the_page_store_tasks():
    command = shlex.split(unit("conference-render@.service")["Service"]["ExecStart"])
    assert command[2] == "db_worker"
    env = dict(
        line.split("=", 1) for line in (DEPLOY / "env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["TASKS_BACKEND"] == "database"
    assert env["PAGE_STORE_ROOT"]


def test_publish_due_runs_every_minute():
    timer = unit("conference-publish-due.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* *:*:00"
    command = shlex.split(unit("conference-publish-due.service")["Service"]["ExecStart"])
    assert command[2] == "publish_due"
