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
