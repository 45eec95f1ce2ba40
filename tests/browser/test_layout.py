"""Layout in a real browser: what a reader sees at phone and desktop widths."""

import pytest

pytestmark = pytest.mark.browser

GAP = """([above, below]) => {
    const a = document.querySelector(above).getBoundingClientRect();
    const b = document.querySelector(below).getBoundingClientRect();
    return b.top - a.bottom;
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_event_counters_keep_clear_of_the_paragraph_above(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/soc24/")
    assert page.evaluate(GAP, ["main .prose", "main .counts"]) >= 16


NAV = """() => {
    const visible = [...document.querySelectorAll('.site-nav li')]
        .filter(li => li.getClientRects().length && getComputedStyle(li).visibility !== 'hidden'
                      && li.closest('details:not([open])') === null);
    const nav = document.querySelector('.site-nav');
    return {
        tops: [...new Set(visible.map(li => Math.round(li.getBoundingClientRect().top)))],
        count: visible.length,
        overflow: nav.scrollWidth - nav.clientWidth,
        menu: getComputedStyle(document.querySelector('.site-nav__menu')).display !== 'none',
    };
}"""


def test_the_nav_never_strands_items_on_a_second_line(page):
    stranded = []
    for width in range(320, 1281, 32):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/soc24/day-1/")
        nav = page.evaluate(NAV)
        # Either all five links on one line, or (phones) the folded menu and no link.
        on_one_line = nav["count"] == 5 and len(nav["tops"]) == 1 and not nav["menu"]
        folded = nav["count"] == 0 and nav["menu"]
        if not (on_one_line or folded) or nav["overflow"] > 0:
            stranded.append((width, nav))
    assert not stranded


def test_the_phone_menu_opens_to_every_link(page):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/soc24/")
    page.get_by_text("Menu", exact=True).click()
    links = page.locator(".site-nav__menu a")
    names = ["Programme", "Speakers", "Organisations", "Reports", "Search"]
    assert links.all_inner_texts() == names
    links.filter(has_text="Speakers").click()
    assert page.url.endswith("/speakers/")


def test_recap_on_a_phone_folds_its_contents_and_offers_downloads_near_the_title(page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/soc24/day-1/")
    contents = page.locator("details.contents")
    assert contents.evaluate("el => el.open") is False
    assert contents.bounding_box()["height"] < 80
    pdf = page.locator(".downloads").get_by_role("link", name="PDF").first
    assert pdf.bounding_box()["y"] < 740  # on the first screen
    contents.locator("summary").click()
    entries = contents.locator("li a")
    assert entries.count() == 11
    # One numbering only: the programme codes, no list counters before them.
    assert contents.locator("ol").evaluate_all(
        "lists => lists.map(list => getComputedStyle(list).listStyleType)"
    ) == ["none", "none", "none"]
    assert entries.nth(3).inner_text().startswith("1.1 ")


def test_recap_on_a_desktop_keeps_its_contents_beside_the_text(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/soc24/day-1/")
    contents = page.locator("details.contents")
    assert contents.evaluate("el => el.open") is True
    body = page.locator(".recap-body").bounding_box()
    box = contents.bounding_box()
    assert box["x"] >= body["x"] + body["width"]
    assert box["x"] + box["width"] > 1100  # the width is used
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    assert 0 <= contents.bounding_box()["y"] <= 20  # sticky


@pytest.mark.parametrize("path", ["/soc24/", "/soc24/sessions/keynote/"])
def test_desktop_puts_the_facts_beside_the_text_instead_of_an_empty_column(page, path):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(path)
    facts = page.locator("main .meta-list").bounding_box()
    text = page.locator("main h1").bounding_box()
    assert facts["x"] > text["x"] + 600  # in the column beside the ~70ch text
    assert facts["x"] + facts["width"] > 1200  # the width is used
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    facts = page.locator("main .meta-list").bounding_box()
    assert abs(facts["x"] - page.locator("main h1").bounding_box()["x"]) < 2  # in the flow
