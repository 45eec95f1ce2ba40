"""Playwright driving Debian's Chromium against pytest-django's live server.

The browser is /usr/bin/chromium (``apt-get install chromium``); Playwright's own browser
downloads are never used. axe-core comes from `scripts/fetch-axe-core` (build/axe/). Without
either the tests that need it skip, except under CI, where a missing tool is a failure.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run
# unless told that it is safe here (the tests touch the database outside that loop).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).parents[2] / "build/axe/node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe.min.js, injected into pages with ``page.evaluate`` (the CSP forbids inline scripts)."""
    if not AXE_JS.exists():
        _missing(f"{AXE_JS} is missing: run scripts/fetch-axe-core")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    """The SOC24 demo programme, visible to the live server's thread."""
    from demo.loader import load_demo

    load_demo()


@pytest.fixture
def page(chromium, live_server, demo):
    """A fresh browser tab on the live server that records every request it makes."""
    viewport = {"width": 1280, "height": 900}
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    tab = context.new_page()
    tab.requested_hosts = set()
    tab.on("request", lambda request: tab.requested_hosts.add(urlsplit(request.url).hostname))
    yield tab
    context.close()
