"""axe-core on every public page type, in light and dark mode.

A serious or critical violation fails the test, which prints each rule, its help text and the
offending elements.
"""

import pytest

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}


def _quote_path():
    from sessions.models import Quote

    return Quote.objects.public().select_related("session__day__event").first()


def _report_path():
    from reports.models import Report

    return Report.objects.public().first()


PAGES = {
    "home": "/",
    "event": "/soc24/",
    "programme": "/soc24/programme/",
    "now": "/soc24/programme/now/",
    "recap": "/soc24/day-1/",
    "session": "/soc24/sessions/keynote/",
    "speaker list": "/speakers/",
    "speaker": "/speakers/tina-nabatchi/",
    "organisation list": "/organisations/",
    "organisation": "/organisations/government-outcomes-lab/",
    "quotes": "/soc24/quotes/",
    "quote": _quote_path,
    "report list": "/reports/",
    "report": _report_path,
    "topic list": "/topics/",
    "topic": "/topics/trust/",
    "search results": "/search/?q=trust",
    "404": "/no-such-event/",
    "accessibility statement": "/accessibility/",
    "my agenda": "/soc24/agenda/",
    "venue screen": "/soc24/programme/now/screen/",
    "embed": "/soc24/embed/",
}


def _violations(page, axe_source) -> list[dict]:
    page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


def _describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("page_type", PAGES)
def test_page_type_has_no_serious_axe_violation(page, axe_source, page_type):
    path = PAGES[page_type]
    path = path if isinstance(path, str) else path().get_absolute_url()
    expected_status = 404 if page_type == "404" else 200
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        response = page.goto(path)
        assert response.status == expected_status
        violations = _violations(page, axe_source)
        if violations:
            found[scheme] = _describe(violations)
    report = "\n".join(f"{path} in {scheme} mode:\n{text}" for scheme, text in found.items())
    print(report)
    assert not found, report


@pytest.mark.parametrize("page_type", ["recap", "quote", "event", "session"])
def test_phone_layout_has_no_serious_axe_violation(page, axe_source, page_type):
    """The phone's own furniture: the folded menu (opened) and the folded recap contents."""
    path = PAGES[page_type]
    path = path if isinstance(path, str) else path().get_absolute_url()
    page.set_viewport_size({"width": 375, "height": 740})
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(path)
        page.locator(".site-nav__menu summary").click()
        violations = _violations(page, axe_source)
        if violations:
            found[scheme] = _describe(violations)
    assert not found, found
