"""``manage.py screenshots --output DIR``: the key public pages as PNGs, checked by axe-core.

Each page is shot at phone (390 px) and desktop (1366 px) widths, in light and dark mode
(``prefers-color-scheme``), with Debian's Chromium driven by Playwright, as in the browser
tests; axe-core (``scripts/fetch-axe-core``) runs on every shot and any violation makes the
command fail. Without ``--base-url`` it serves the site itself from a thread on localhost,
from the configured database. For reviewing the look before a release, not for CI speed.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from django.urls import reverse

from conference.models import Day, Organisation
from reports.models import Report
from sessions.models import Quote, Session
from speakers.models import Speaker
from website.selectors.event import current_event

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "build/axe/node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"phone": (390, 844), "desktop": (1366, 768)}
SCHEMES = ("light", "dark")
PAGE_NAMES = (
    "home", "event", "programme", "recap", "session", "speaker", "organisation", "quotes",
    "report",
)  # fmt: skip


def key_pages() -> dict[str, str]:
    """The path of each key page of the current event (a name is left out when the event
    has nothing public of that kind)."""
    event = current_event()
    if event is None:
        raise CommandError("No published event: load one first (manage.py load_demo).")
    day = Day.objects.public().filter(event=event).order_by("number").first()
    session = (
        Session.objects.public().filter(day__event=event).order_by("day__number", "start", "pk")
        .select_related("day__event").first()
    )  # fmt: skip
    speaker = (
        Speaker.objects.public().filter(participations__session__day__event=event)
        .order_by("name").first()
    )  # fmt: skip
    organisation = event.organiser or Organisation.objects.public().order_by("name").first()
    report = Report.objects.public().filter(event=event).order_by("pk").first()
    paths = {
        "home": reverse("conference:home"),
        "event": event.get_absolute_url(),
        "programme": day and reverse("conference:programme-day", args=[event.slug, day.number]),
        "recap": day and day.get_absolute_url(),
        "session": session and session.get_absolute_url(),
        "speaker": speaker and speaker.get_absolute_url(),
        "organisation": organisation and organisation.get_absolute_url(),
        "quotes": Quote.objects.public().filter(session__day__event=event).exists()
        and reverse("programme:quote-list", args=[event.slug]),
        "report": report and report.get_absolute_url(),
    }
    return {name: path for name, path in paths.items() if path}


class Command(BaseCommand):
    help = (
        "Render the key public pages at phone and desktop widths, light and dark, into PNGs "
        "in --output, and check each with axe-core; fails on any axe violation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The folder for the PNG files.")
        parser.add_argument(
            "--pages",
            nargs="+",
            choices=PAGE_NAMES,
            default=list(PAGE_NAMES),
            help="Only these pages (default: all).",
        )
        parser.add_argument(
            "--base-url",
            help="A running site to shoot (default: serve this one from a thread on localhost).",
        )

    def handle(self, *args, output, pages, base_url=None, **options):
        for path, what, remedy in (
            (CHROMIUM, "Chromium", "apt-get install chromium"),
            (AXE_JS, "axe-core", "scripts/fetch-axe-core"),
        ):
            if not path.exists():
                raise CommandError(f"{what} is missing ({path}): install it with `{remedy}`.")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError("Playwright is missing: pip install -e '.[test]'.") from None
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write to {folder}: {error.strerror}.") from None
        found = key_pages()
        targets = {name: found[name] for name in pages if name in found}
        for name in pages:
            if name not in found:
                self.stderr.write(f"{name}: nothing public to show, left out.")
        if base_url:
            violations = self._shoot_apart(sync_playwright, base_url.rstrip("/"), targets, folder)
        else:
            with _local_server() as url:
                violations = self._shoot_apart(sync_playwright, url, targets, folder)
        shots = len(targets) * len(WIDTHS) * len(SCHEMES)
        if violations:
            raise CommandError(
                f"{violations} axe violation{'s' if violations != 1 else ''} in {shots} "
                f"screenshots (listed above); the PNGs are in {folder}."
            )
        self.stdout.write(
            self.style.SUCCESS(f"{shots} screenshots in {folder}, no axe violation.")
        )

    def _shoot_apart(self, *args) -> int:
        """Playwright's sync API runs an event loop in its thread, where the ORM refuses to
        work and where a caller's own Playwright may already run: it gets a thread of its own."""
        with ThreadPoolExecutor(max_workers=1) as executor:
            return executor.submit(self._shoot, *args).result()

    def _shoot(self, sync_playwright, base_url, targets, folder) -> int:
        axe = AXE_JS.read_text(encoding="utf-8")
        total = 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            try:
                for name, path in targets.items():
                    for width_name, (width, height) in WIDTHS.items():
                        for scheme in SCHEMES:
                            file = folder / f"{name}-{width_name}-{scheme}.png"
                            found = self._one(
                                browser, axe, base_url + path, (width, height), scheme, file
                            )
                            total += len(found)
                            state = "ok" if not found else f"{len(found)} axe violation(s)"
                            self.stdout.write(f"{file.name}: {path}: {state}")
                            for violation in found:
                                self.stdout.write(_describe(violation))
            finally:
                browser.close()
        return total

    def _one(self, browser, axe, url, size, scheme, file) -> list[dict]:
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
        )
        try:
            page = context.new_page()
            response = page.goto(url, wait_until="networkidle")
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                raise CommandError(f"{url} answered {status}.")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(file), full_page=True)
            page.evaluate(axe)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            return result["violations"]
        finally:
            context.close()


def _describe(violation: dict) -> str:
    lines = [f"    {violation['impact']}: {violation['id']}: {violation['help']}"]
    for node in violation["nodes"][:5]:
        lines.append(f"        {', '.join(map(str, node['target']))}")
    return "\n".join(lines)


class _local_server:
    """The site served from a thread on localhost (static and media files included)."""

    def __enter__(self) -> str:
        self.overrides = override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "localhost"], SECURE_SSL_REDIRECT=False
        )
        self.overrides.enable()
        self.thread = LiveServerThread("localhost", StaticFilesHandler)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            self.overrides.disable()
            raise CommandError(f"Could not serve the site: {self.thread.error}")
        return f"http://localhost:{self.thread.port}"

    def __exit__(self, *exc):
        self.thread.terminate()
        self.overrides.disable()
        return False
