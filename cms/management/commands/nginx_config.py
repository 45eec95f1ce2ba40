"""``manage.py nginx_config``: prints the nginx server configuration that serves the page
store without Python (deploy/nginx.conf, a Django template, filled in from settings).

The headers Django's middleware sends (security middleware, CSP, clickjacking) are written
into the locations nginx answers itself, so a stored page reads the same whoever serves it;
answers from Django keep their own headers.
"""

import re

from csp.utils import build_policy
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine

from cms.page_store.paths import CONTENT_TYPES

TEMPLATE = settings.BASE_DIR / "deploy" / "nginx.conf"


def escaped(value) -> str:
    """``value`` for inside a double-quoted nginx string. nginx has no escape for ``$``
    (it would read a variable), so a value holding one is refused."""
    text = str(value)
    if "$" in text or "\n" in text:
        raise CommandError(f"Cannot write {text!r} into the nginx configuration.")
    return text.replace("\\", "\\\\").replace('"', '\\"')


def quoted(value) -> str:
    return f'"{escaped(value)}"'


def security_headers() -> list[tuple[str, str]]:
    """The headers Django adds to a public page, as (name, quoted value)."""
    headers = []
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    if policy:
        headers.append(("Content-Security-Policy", build_policy()))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        referrer = settings.SECURE_REFERRER_POLICY
        if not isinstance(referrer, str):
            referrer = ",".join(referrer)
        headers.append(("Referrer-Policy", referrer))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    if not settings.DEBUG and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return [(name, quoted(value)) for name, value in headers]


def local_url(url: str) -> str | None:
    """A URL prefix served from this host's disk; None for another host (S3, a CDN)."""
    return url if url.startswith("/") else None


def check_local_store() -> None:
    backend = settings.STORAGES["pages"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        raise CommandError(
            f"The page store is not a local folder ({backend}): nginx cannot read it. Serve "
            "the bucket through its CDN and send what it does not hold to the app servers "
            "(README, Production)."
        )


def render(*, upstream: str, listen: str, server_name: str, max_body: str) -> str:
    check_local_store()
    options = f"upstream {upstream}, listen {listen}"
    cookie = re.escape(settings.SESSION_COOKIE_NAME)
    context = {
        "options": options,
        "upstream": upstream,
        "listen": listen,
        "server_name": server_name,
        "max_body": max_body,
        "page_store_root": quoted(settings.PAGE_STORE_ROOT),
        "static_url": local_url(settings.STATIC_URL),
        "static_alias": quoted(f"{str(settings.STATIC_ROOT).rstrip('/')}/"),
        "hashed_static_alias": f'"{escaped(str(settings.STATIC_ROOT).rstrip("/"))}/$static_file"',
        "media_url": local_url(settings.MEDIA_URL),
        "media_alias": quoted(f"{str(settings.MEDIA_ROOT).rstrip('/')}/"),
        "session_cookie_pattern": quoted(rf"(^|;)\s*{cookie}="),
        "types": [
            (quoted(content_type), extension.lstrip("."))
            for extension, content_type in CONTENT_TYPES.items()
        ],
        "headers": security_headers(),
    }
    engine = Engine(dirs=[str(TEMPLATE.parent)], autoescape=False)
    return engine.get_template(TEMPLATE.name).render(Context(context, autoescape=False))


class Command(BaseCommand):
    help = "Print the nginx server configuration that serves the page store (deploy/nginx.conf)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--upstream", default="127.0.0.1:8000",
            help="The app servers (gunicorn): host:port or unix:/path.sock (default: %(default)s).",
        )
        parser.add_argument("--listen", default="80", help="nginx's listen (default: %(default)s).")
        parser.add_argument(
            "--server-name",
            help="Host names (default: ALLOWED_HOSTS; '_' when any host is allowed).",
        )
        parser.add_argument(
            "--max-body", default="50m",
            help="Largest request body, for uploads and imports (default: %(default)s).",
        )

    def handle(self, *args, **options):
        server_name = options["server_name"] or " ".join(
            "_" if host == "*" else host for host in settings.ALLOWED_HOSTS
        ) or "_"
        self.stdout.write(
            render(
                upstream=options["upstream"], listen=options["listen"],
                server_name=server_name, max_body=options["max_body"],
            ),
            ending="",
        )
