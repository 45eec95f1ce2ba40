"""Login lockout (django-axes): five failures pause signing in as that user from that address."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from cms.login_lockout import client_address

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
PASSWORD = "the-right-password"


@pytest.fixture(autouse=True)
def _axes_on(db):
    with override_settings(AXES_ENABLED=True):
        reset()
        yield
        reset()


@pytest.fixture
def users(db):
    make = get_user_model().objects.create_user
    return {
        name: make(username=name, password=PASSWORD, is_staff=True, is_superuser=True)
        for name in ("alice", "bob")
    }


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password, "next": INDEX})


def fail(client, username, times):
    """Fails ``times`` times; the fifth failure itself already answers with the lockout."""
    for attempt in range(1, times + 1):
        response = sign_in(client, username, "wrong")
        if attempt < 5:
            assert response.status_code == 200
            assert "Please enter the correct username" in response.content.decode()
        else:
            assert response.status_code == 429


def is_signed_in(client) -> bool:
    return client.get(INDEX).status_code == 200


def test_settings_lock_after_five_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_login_after_five_failures_is_refused_even_with_the_right_password(users):
    client = Client()
    fail(client, "alice", 5)

    response = sign_in(client, "alice")

    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Signing in is paused</h1>" in page
    assert "5 failed attempts to sign in as “alice”" in page
    assert "paused for 15 minutes" in page
    assert not is_signed_in(client)


def test_four_failures_do_not_lock(users):
    client = Client()
    fail(client, "alice", 4)

    assert sign_in(client, "alice").status_code == 302
    assert is_signed_in(client)


def test_success_resets_the_count_of_failures(users):
    client = Client()
    fail(client, "alice", 4)
    sign_in(client, "alice")
    client.logout()
    fail(client, "alice", 4)

    assert sign_in(client, "alice").status_code == 302


def test_another_user_still_signs_in_while_one_is_locked(users):
    client = Client()
    fail(client, "alice", 5)

    assert sign_in(client, "alice").status_code == 429
    assert sign_in(client, "bob").status_code == 302
    assert is_signed_in(client)


def test_the_same_user_from_another_address_is_not_locked(users):
    fail(Client(), "alice", 5)
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")

    assert sign_in(elsewhere, "alice").status_code == 302


def test_lockout_ends_after_the_cool_off(users):
    client = Client()
    fail(client, "alice", 5)
    assert sign_in(client, "alice").status_code == 429

    # Fifteen minutes and a second pass: the attempts are dated that much earlier.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - dt.timedelta(minutes=15, seconds=1)
    )

    assert sign_in(client, "alice").status_code == 302
    assert is_signed_in(client)


def test_an_administrator_reset_unlocks_at_once(users):
    client = Client()
    fail(client, "alice", 5)

    reset(username="alice")

    assert sign_in(client, "alice").status_code == 302


def test_forwarded_address_is_the_one_the_trusted_proxy_added(settings):
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5"
    )
    assert client_address(request) == "203.0.113.5"
    assert client_address(RequestFactory().get("/")) == "127.0.0.1"
    settings.TRUSTED_PROXIES = 2
    assert client_address(request) == "198.51.100.9"


def test_forged_forwarded_address_is_ignored_without_a_trusted_proxy(settings):
    """The default: no proxy is trusted, so a forged header cannot dodge the lockout."""
    assert settings.TRUSTED_PROXIES == 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(request) == "192.0.2.7"


def test_forged_forwarded_addresses_do_not_reset_the_lockout(users, settings):
    """Five failures from one address, each with a new forged X-Forwarded-For, lock it."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # BEHIND_HTTPS_PROXY=1
    client = Client(REMOTE_ADDR="192.0.2.7")
    for attempt in range(1, 6):
        client.defaults["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{attempt}"
        response = sign_in(client, "alice", "wrong")
    assert response.status_code == 429
    client.defaults["HTTP_X_FORWARDED_FOR"] = "203.0.113.99"
    assert sign_in(client, "alice").status_code == 429
