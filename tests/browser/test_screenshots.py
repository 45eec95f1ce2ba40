"""``manage.py screenshots`` on the SOC24 demo: PNGs at both widths and schemes, axe-checked."""

import io
import struct
from contextlib import redirect_stdout

import pytest
from django.core.management import CommandError, call_command

from website.management.commands.screenshots import AXE_JS, key_pages

pytestmark = pytest.mark.browser


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_two_demo_pages_at_both_widths_light_and_dark(
    chromium, live_server, demo, tmp_path  # chromium: skips where there is none
):
    if not AXE_JS.exists():
        pytest.skip("axe-core is missing: run scripts/fetch-axe-core")
    out = io.StringIO()
    with redirect_stdout(out):
        call_command(
            "screenshots", output=str(tmp_path), pages=["home", "speaker"],
            base_url=live_server.url, stdout=out,
        )  # fmt: skip
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(
        f"{page}-{width}-{scheme}.png"
        for page in ("home", "speaker")
        for width in ("phone", "desktop")
        for scheme in ("light", "dark")
    )
    assert _png_size(tmp_path / "home-phone-light.png")[0] == 390
    assert _png_size(tmp_path / "speaker-desktop-dark.png")[0] == 1366
    assert "8 screenshots" in out.getvalue() and "no axe violation" in out.getvalue()


def test_key_pages_are_the_demo_events(demo):
    pages = key_pages()
    assert pages["event"] == "/soc24/"
    assert pages["programme"] == "/soc24/programme/day-1/"
    assert pages["recap"] == "/soc24/day-1/"
    assert pages["quotes"] == "/soc24/quotes/"
    assert pages["speaker"].startswith("/speakers/")
    assert pages["report"].startswith("/reports/")
    assert list(pages) == [
        "home", "event", "programme", "recap", "session", "speaker", "organisation",
        "quotes", "report",
    ]  # fmt: skip


def test_without_a_published_event_the_command_says_so(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="No published event"):
        call_command("screenshots", output=str(tmp_path))
