"""Every change form of the admin fits a 1,366 px wide screen with the demo content: no
sideways scrolling to reach a field."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTH = 1366
SCROLLING_INLINES = """Math.max(0, ...[...document.querySelectorAll(".inline-group fieldset")]
    .map(box => box.scrollWidth - box.clientWidth))"""


def _change_pages():
    from cms.models import Topic
    from conference.models import Day, Event, Organisation
    from reports.models import Report
    from sessions.models import Quote, Session
    from speakers.models import Speaker

    event = Event.objects.get(slug="soc24")
    session = Session.objects.filter(day__event=event).order_by("-start").first()
    return {
        "event": event,
        "day": Day.objects.filter(event=event).first(),
        # The session with the most people and quotes: the widest inline rows.
        "session": max(
            Session.objects.filter(day__event=event),
            key=lambda s: (s.participations.count() + s.quotes.count(), s == session),
        ),
        "speaker": Speaker.objects.filter(affiliations__isnull=False).first(),
        "organisation": Organisation.objects.filter(parent__isnull=False).first()
        or Organisation.objects.first(),
        "quote": Quote.objects.order_by("-text").first(),
        "report": Report.objects.first(),
        "topic": Topic.objects.first(),
    }


def test_every_change_form_fits_1366_pixels(chromium, live_server, demo):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("layout", "layout@example.org", "layout-pw-9")
    pages = _change_pages()
    assert all(pages.values()), pages
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": WIDTH, "height": 900}
    )
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill("layout")
    tab.get_by_label("Password").fill("layout-pw-9")
    tab.get_by_role("button", name="Log in").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))

    widths = {}
    for name, obj in pages.items():
        meta = obj._meta
        tab.goto(f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/")
        expect(tab.locator("#content h1")).to_be_visible()
        widths[name] = tab.evaluate("document.scrollingElement.scrollWidth")
        # Nor does an inline table hide columns in a box of its own that scrolls.
        widths[f"{name} inline rows"] = tab.evaluate(SCROLLING_INLINES) + WIDTH
    context.close()

    too_wide = {name: width for name, width in widths.items() if width > WIDTH}
    assert not too_wide, f"wider than {WIDTH} px: {too_wide}"
