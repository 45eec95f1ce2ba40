"""Shared fixtures: an editor login and a small published programme."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

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
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def event(db):
    return EventFactory(name="Test Conference 2024", slug="tc24")


@pytest.fixture
def day(event):
    return DayFactory(event=event, number=1)
