"""The personal agenda's stars and the embeddable schedule, in a real browser."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser



def test_star_toggles_in_place_and_the_agenda_lists_it(page):
    page.goto("/soc24/programme/day-1/")
    star = page.locator("main a.star").first
    title = star.locator(".visually-hidden").inner_text().removeprefix(": ")
    expect(star).to_contain_text("Add to my agenda")

    star.click()

    expect(star).to_contain_text("Remove from my agenda")
    expect(page).to_have_url(re.compile(r"/soc24/programme/day-1/$"))
    expect(page.get_by_role("status")).to_have_text("Added to your agenda.")
    page.goto("/soc24/agenda/")
    expect(page).to_have_url(re.compile(r"/soc24/agenda/[^/]+/$"))
    expect(page.locator("main .agenda")).to_contain_text(title)
    page.goto("/soc24/programme/day-1/")
    star = page.locator("main a.star").first
    expect(star).to_contain_text("Remove from my agenda")
    star.click()
    expect(star).to_contain_text("Add to my agenda")
    assert page.requested_hosts <= {"localhost", "127.0.0.1"}


def test_star_works_without_javascript(chromium, live_server, demo):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/soc24/sessions/keynote/")
    page.locator("main a.star").click()
    expect(page).to_have_url(re.compile(r"/soc24/agenda/[^/]+/$"))
    expect(page.locator("h1")).to_have_text("My agenda")
    expect(page.locator("main .agenda")).to_contain_text("Keynote: accountability")
    context.close()


@pytest.fixture
def partner_site():
    """Another site on this machine (127.0.0.1, a port of its own) serving one page, set by
    the test: the page that embeds the schedule."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", pages=pages)
    server.shutdown()
    server.server_close()


def test_web_component_frames_the_schedule_from_its_own_site_only(page, live_server, partner_site):
    assert live_server.url.startswith("http://localhost:")
    partner_site.pages["/"] = (
        "<!doctype html><title>Partner</title><h1>Our partner's page</h1>"
        '<conference-schedule event="soc24" day="1"><a href="#">Programme</a>'
        "</conference-schedule>"
        f'<script src="{live_server.url}/static/js/schedule-embed.js"></script>'
    )

    page.goto(partner_site.url + "/")

    frame = page.frame_locator("conference-schedule iframe")
    expect(frame.locator("h2")).to_contain_text("Day 1")
    expect(frame.locator(".embed__session").first).to_be_visible()
    expect(page.locator("conference-schedule iframe")).to_have_attribute(
        "src", f"{live_server.url}/soc24/day-1/embed/"
    )
    page.wait_for_function(
        "document.querySelector('conference-schedule').shadowRoot"
        ".querySelector('iframe').style.height !== ''"
    )
    assert page.requested_hosts == {"127.0.0.1", "localhost"}


def test_api_docs_render_from_this_site_alone(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto("/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Conference programmes API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.requested_hosts <= {"localhost", "127.0.0.1"}
    assert not [error for error in errors if "Content Security Policy" in error]
