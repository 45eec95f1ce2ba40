"""``manage.py demo_login``: the editor login that ``make run`` prints for the demo site.

The password is random and kept in ``var/demo-login.json`` (git-ignored), so a second run
prints the same login instead of changing it. When the file is missing or no longer matches,
the password is reset and the file rewritten, so what is printed always works.
"""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

USERNAME = "editor"
ADMIN_URL = "http://127.0.0.1:8000/admin/"
DEFAULT_FILE = Path(settings.BASE_DIR) / "var" / "demo-login.json"


class Command(BaseCommand):
    help = "Create (once) the demo editor login and print its user name and password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials-file",
            type=Path,
            default=DEFAULT_FILE,
            help=f"Where the password is kept (default: {DEFAULT_FILE}).",
        )

    def handle(self, *args, credentials_file: Path, **options):
        password = _read_password(credentials_file)
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(
                username=USERNAME, defaults={"email": "editor@example.org"}
            )
            kept = not created and password is not None and user.check_password(password)
            if not kept:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                _write_password(credentials_file, password)  # a failed write saves nothing
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
        state = "kept from" if kept else "saved in"
        self.stdout.write(self.style.SUCCESS(f"Demo editor login ({state} {credentials_file}):"))
        self.stdout.write(f"  user name: {USERNAME}")
        self.stdout.write(f"  password:  {password}")
        self.stdout.write(f"  admin:     {ADMIN_URL}")


def _read_password(path: Path) -> str | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(stored, dict) and stored.get("username") == USERNAME:
        return stored.get("password") or None
    return None


def _write_password(path: Path, password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"username": USERNAME, "password": password}), encoding="utf-8")
    path.chmod(0o600)
