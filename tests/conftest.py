"""Shared fixtures: an editor login and a small published programme."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.admin_posts import hidden_locking_values, in_english
from tests.factories import DayFactory, EventFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (CI runs the suite with Redis as the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor_user(db):
    return get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password="editor-password"
    )


@pytest.fixture
def staff_client(db):
    """A logged-in client for a new staff user in a role: "Editor", "Organiser" or "superuser".

    The groups are the ones the data migration creates (conference/migrations/0004).
    """
    from django.contrib.auth.models import Group
    from django.test import Client

    def login(role: str) -> Client:
        user = get_user_model().objects.create_user(
            username=f"{role.lower()}-{get_user_model().objects.count()}",
            password="role-password",
            is_staff=True,
            is_superuser=role == "superuser",
        )
        if role != "superuser":
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def event(db):
    return EventFactory(name="Test Conference 2024", slug="tc24")


@pytest.fixture
def day(event):
    return DayFactory(event=event, number=1)


def _submitter(client):
    """Posts an admin form with ``data``, adding the management data of its inlines.

    Inlines with no rows in ``data`` are sent empty; rows given in ``data`` must set their
    ``<prefix>-TOTAL_FORMS`` themselves. Like a browser, it sends the hidden version fields
    (optimistic locking) that the page carried.
    """

    def submit(url, data):
        page = client.get(url)
        management = hidden_locking_values(page.context["adminform"].form)
        for inline in page.context["inline_admin_formsets"]:
            formset = inline.formset
            management[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
            management[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
            for row in formset.initial_forms:
                management |= hidden_locking_values(row)
        return client.post(url, management | in_english(page.context["adminform"].form, data))

    return submit


@pytest.fixture
def admin_submit(editor_client):
    """``_submitter`` as a superuser."""
    return _submitter(editor_client)


@pytest.fixture
def role_submit(staff_client):
    """``_submitter`` as a new staff user in a role: ``role_submit("Editor")(url, data)``."""
    return lambda role: _submitter(staff_client(role))


@pytest.fixture
def public_site(db):
    """A published event with sessions, people, quotes, a report, and a draft of each."""
    from tests.public_site import build_public_site

    return build_public_site()
