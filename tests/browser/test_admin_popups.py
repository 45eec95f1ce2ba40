"""An Editor adds a new person and their new organisation from the session form, through
the admin's "+" popups, without leaving it."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _editor():
    """A staff user in the Editor group (rebuilt if a transactional test before this one
    flushed the groups the data migrations made)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="Editor")
    if created:
        apps = ["conference", "speakers", "programme", "reports", "cms", "taggit"]
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=apps, codename__regex=r"^(add|change|view)_"
            )
        )
    user = get_user_model().objects.create_user(
        username="popup-editor", password="popup-password", is_staff=True
    )
    user.groups.add(group)
    return user


def test_editor_adds_a_person_and_organisation_from_the_session_form(
    chromium, live_server, demo
):
    from cms.publishing import Status
    from conference.models import Day
    from sessions.models import Participation, Session

    day = Day.objects.get(event__slug="soc24", number=1)
    session = Session.objects.create(
        day=day, code="9.9", title="Late addition", slug="late-addition", status=Status.DRAFT,
        start=day.at(dt.time(17)), end=day.at(dt.time(18)),
    )  # fmt: skip
    _editor()
    viewport = {"width": 1366, "height": 900}
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill("popup-editor")
    tab.get_by_label("Password").fill("popup-password")
    tab.get_by_role("button", name="Log in").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))

    tab.goto(f"/admin/programme/session/{session.pk}/change/")
    with tab.expect_popup() as person_popup:
        tab.locator("#add_id_participations-0-speaker").click()
    person = person_popup.value
    person.wait_for_load_state()
    person.locator("#id_name").fill("Mara Quint")
    with person.expect_popup() as organisation_popup:
        person.locator("#add_id_affiliations-0-organisation").click()
    organisation = organisation_popup.value
    organisation.wait_for_load_state()
    organisation.locator("#id_name").fill("Outcomes Lab Aotearoa")
    organisation.get_by_role("button", name="Save", exact=True).click()
    organisation.wait_for_event("close")

    expect(person.locator("#affiliations-0 .select2-selection__rendered")).to_contain_text(
        "Outcomes Lab Aotearoa"
    )
    person.locator("#id_affiliations-0-role").fill("Director")
    person.get_by_role("button", name="Save", exact=True).click()
    person.wait_for_event("close")

    row = tab.locator("#participations-0")
    expect(row.locator(".select2-selection__rendered")).to_contain_text("Mara Quint")
    affiliation = row.locator('select[name$="-affiliation"]')
    new_affiliation = affiliation.locator("option", has_text="Director, Outcomes Lab Aotearoa")
    expect(new_affiliation).to_have_count(1)
    affiliation.select_option(label="Director, Outcomes Lab Aotearoa")
    row.locator('select[name$="-role"]').select_option("panellist")
    tab.get_by_role("button", name="Save", exact=True).click()
    expect(tab.locator(".messagelist li.success")).to_be_visible()

    participation = Participation.objects.select_related("speaker", "affiliation").get(
        session=session
    )
    assert participation.speaker.name == "Mara Quint"
    assert str(participation.affiliation) == "Director, Outcomes Lab Aotearoa"
    context.close()
