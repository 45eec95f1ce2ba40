"""The admin in a real browser: what editors do with scripts running."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(page, live_server):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse 9")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse 9")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


VISIBLE_OPTIONS = """select => [...select.options]
    .filter(option => option.value && !option.hidden && !option.disabled)
    .map(option => option.textContent.trim())"""


def test_participant_affiliation_offers_only_the_chosen_persons(editor_page):
    from sessions.models import Session

    page = editor_page
    session = Session.objects.get(slug="report-launch")
    page.goto(f"/admin/programme/session/{session.pk}/change/")
    rows = page.locator("tr.form-row.dynamic-participations")
    new_row = rows.nth(rows.count() - 1)  # the empty row after the five speakers

    affiliation = new_row.locator('select[name$="-affiliation"]')
    assert affiliation.evaluate(VISIBLE_OPTIONS) == []  # nobody chosen yet: nothing to pick
    assert affiliation.locator("option").count() > 10  # though the page holds everyone's

    new_row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Ngaire")
    page.locator(".select2-results__option", has_text="Ngaire Woods").click()

    assert affiliation.evaluate(VISIBLE_OPTIONS) == ["Dean, Blavatnik School of Government"]
