"""An attendee's journeys through the public site in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/soc24/",
    "/soc24/programme/",
    "/soc24/day-1/",
    "/soc24/sessions/keynote/",
    "/soc24/quotes/",
    "/speakers/",
    "/organisations/government-outcomes-lab/",
    "/reports/",
    "/topics/trust/",
    "/search/?q=trust",
]


def test_attendee_clicks_from_home_to_a_speaker(page):
    page.goto("/")
    page.get_by_role("link", name="Social Outcomes Conference 2024").first.click()
    expect(page).to_have_url(re.compile(r"/soc24/$"))
    page.locator("main").get_by_role("link", name=re.compile(r"Day 1")).first.click()
    expect(page).to_have_url(re.compile(r"/soc24/day-1/$"))
    page.locator(".recap-session__title").get_by_role(
        "link", name=re.compile("Keynote: accountability")
    ).click()
    expect(page).to_have_url(re.compile(r"/soc24/sessions/keynote/$"))
    expect(page.locator("h1")).to_contain_text("Keynote: accountability")
    page.locator("main .people").get_by_role("link", name=re.compile("Tina Nabatchi")).click()
    expect(page).to_have_url(re.compile(r"/speakers/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text("Professor Tina Nabatchi")


def test_programme_filter_works_without_javascript(chromium, live_server, demo):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/soc24/programme/")
    page.get_by_label("Topic").select_option("trust")
    page.get_by_role("button", name="Show sessions").click()
    expect(page).to_have_url(re.compile(r"topic=trust"))
    titles = page.locator("main .session-card__title").all_inner_texts()
    assert titles and any("Keynote: accountability" in title for title in titles)
    assert not any("Welcome" in title for title in titles)
    context.close()


def test_attendee_follows_the_programme_to_a_report(page):
    page.goto("/")
    page.get_by_role("link", name="Social Outcomes Conference 2024").first.click()
    expect(page).to_have_url(re.compile(r"/soc24/$"))
    page.locator("main").get_by_role("link", name="See the programme").click()
    expect(page).to_have_url(re.compile(r"/soc24/programme/$"))
    page.get_by_label("Topic").select_option(label="social outcomes partnerships")
    page.get_by_role("button", name="Show sessions").click()
    expect(page).to_have_url(re.compile(r"topic=social-outcomes-partnerships"))
    titles = page.locator("main .session-card__title")
    expect(titles).to_have_count(1)
    titles.get_by_role("link", name=re.compile("^Report Launch")).click()
    expect(page).to_have_url(re.compile(r"/soc24/sessions/report-launch/$"))
    page.locator("main .people").get_by_role("link", name=re.compile("Andreea Anastasiu")).click()
    expect(page).to_have_url(re.compile(r"/speakers/andreea-anastasiu/$"))
    page.get_by_role("region", name="Reports edited").get_by_role(
        "link", name=re.compile("The Evolution of Social Outcomes Partnerships")
    ).click()
    expect(page).to_have_url(re.compile(r"/reports/evolution-of-social-outcomes-[\w-]+/$"))
    expect(page.locator("h1")).to_contain_text("The Evolution of Social Outcomes Partnerships")


@pytest.mark.parametrize("width", [320, 375])
def test_no_horizontal_scroll_on_a_phone(page, width):
    page.set_viewport_size({"width": width, "height": 740})
    overflowing = []
    for path in [*PAGES, "/soc24/programme/now/", "/organisations/", "/speakers/tina-nabatchi/"]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            overflowing.append((path, overflow))
    assert not overflowing


def test_skip_link_is_first_and_visible_on_focus(page):
    page.goto("/soc24/day-1/")
    skip = page.get_by_role("link", name="Skip to main content")
    assert not _in_viewport(page, skip)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert _in_viewport(page, skip)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'
)).filter(el => !el.disabled && el.getClientRects().length > 0)"""

FOCUS_STYLE = """el => {
    const style = getComputedStyle(el);
    return style.outlineStyle === 'none' || style.outlineWidth === '0px'
        ? style.boxShadow : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
}"""


def test_keyboard_alone_moves_through_the_recap_in_order_with_visible_focus(page):
    page.goto("/soc24/day-1/")
    count = page.evaluate(
        f"""() => ({FOCUSABLE})().map((el, index) => {{
            el.dataset.tabOrder = index;
            el.dataset.restingStyle = ({FOCUS_STYLE})(el);
        }}).length"""
    )
    assert count > 20
    visited, invisible = [], []
    for _ in range(count):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            f"""() => {{
                const el = document.activeElement;
                return {{
                    order: Number(el.dataset.tabOrder),
                    style: ({FOCUS_STYLE})(el),
                    resting: el.dataset.restingStyle,
                    inMain: Boolean(el.closest('main')),
                    tag: el.tagName,
                    text: el.textContent.trim().slice(0, 40),
                }};
            }}"""
        )
        visited.append(focused)
        if focused["style"] in ("none", focused["resting"]):
            invisible.append(focused)
    assert [item["order"] for item in visited] == list(range(count))
    assert not invisible, invisible
    assert sum(item["inMain"] and item["tag"] == "A" for item in visited) > 10


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] + box["height"] > 0 and box["x"] + box["width"] > 0


def test_search_finds_a_quote(page):
    page.goto("/search/")
    page.get_by_label(re.compile("^Search sessions")).fill("mosaic of solutions")
    page.get_by_role("button", name="Search").click()
    result = page.locator(".search-result").first
    expect(result).to_contain_text("Quote")
    expect(result.locator("mark").first).to_have_text(re.compile("mosaic", re.IGNORECASE))
    assert "of" not in result.locator("mark").all_inner_texts()
    result.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/soc24/quotes/\d+/$"))
    expect(page.locator("main blockquote")).to_contain_text("mosaic of solutions")


def test_recording_player_loads_only_when_asked(page):
    from sessions.models import Session

    Session.objects.filter(slug="keynote").update(
        recording_url="https://www.youtube.com/watch?v=abcDEF12345"
    )
    asked = []

    def refuse(route):
        """Nothing leaves the machine: the player's request is recorded and refused."""
        asked.append(route.request.url)
        route.abort()

    page.route("https://www.youtube-nocookie.com/**", refuse)
    page.goto("/soc24/sessions/keynote/")
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert page.requested_hosts <= {"localhost", "127.0.0.1"}, page.requested_hosts
    button = page.get_by_role("button", name="Play — loads the video from youtube-nocookie.com")
    expect(button).to_be_visible()

    button.click()

    frame = page.locator(".recording iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/abcDEF12345")
    expect(button).to_have_count(0)
    page.wait_for_timeout(300)
    assert asked == ["https://www.youtube-nocookie.com/embed/abcDEF12345"]


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_localhost(page, path):
    response = page.goto(path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.requested_hosts <= {"localhost", "127.0.0.1"}, page.requested_hosts
