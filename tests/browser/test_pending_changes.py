"""An Editor edits a live session; an Organiser reviews the changes and publishes them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SESSION_PAGE = "/soc24/sessions/keynote/"
NEW_TITLE = "Keynote: accountability, renamed"


def _role(name: str):
    """The role's group; rebuilt when a transactional test before this one flushed the
    groups that the data migrations made: Editors write content, Organisers also publish."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        apps = ["conference", "speakers", "programme", "reports", "cms", "taggit"]
        permissions = Permission.objects.filter(content_type__app_label__in=apps)
        if name == "Editor":
            permissions = permissions.filter(codename__regex=r"^(add|change|view)_")
        group.permissions.set(permissions)
    return group


def _staff(role: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=f"{role.lower()}-walk", password="walk-password", is_staff=True
    )
    user.groups.add(_role(role))
    return user


def _log_in(chromium, live_server, user):
    viewport = {"width": 1280, "height": 900}
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill(user.get_username())
    tab.get_by_label("Password").fill("walk-password")
    tab.get_by_role("button", name="Log in").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))
    return context, tab


def test_editor_edits_a_live_session_and_an_organiser_publishes_it(chromium, live_server, demo):
    from sessions.models import Session

    keynote = Session.objects.get(slug="keynote", day__event__slug="soc24")
    old_title = keynote.title
    change = f"/admin/programme/session/{keynote.pk}/change/"
    editor, organiser = _staff("Editor"), _staff("Organiser")

    context, tab = _log_in(chromium, live_server, editor)
    tab.goto(change)
    tab.locator("#id_title_en").fill(NEW_TITLE)
    tab.get_by_role("button", name="Save", exact=True).click()
    expect(tab.locator(".messagelist li.success")).to_contain_text("saved as pending changes")
    expect(tab.locator(".pending-change-banner")).to_contain_text("Pending changes by editor-walk")
    expect(tab.locator("#id_title_en")).to_have_value(NEW_TITLE)
    expect(tab.get_by_role("link", name="Publish changes")).to_have_count(0)
    tab.goto(SESSION_PAGE)
    expect(tab.locator("h1")).to_contain_text(old_title)
    context.close()

    context, tab = _log_in(chromium, live_server, organiser)
    tab.goto(change)
    banner = tab.locator(".pending-change-banner")
    expect(banner).to_contain_text("not yet public")
    banner.get_by_role("link", name="Publish changes").click()
    diff = tab.locator("table.version-diff")
    expect(diff).to_contain_text(old_title)
    expect(diff).to_contain_text(NEW_TITLE)
    tab.get_by_role("button", name="Publish changes").click()
    expect(tab.locator(".messagelist li.success")).to_contain_text("are published")
    expect(tab.locator(".pending-change-banner")).to_have_count(0)
    tab.goto(SESSION_PAGE)
    expect(tab.locator("h1")).to_contain_text(NEW_TITLE)
    context.close()
