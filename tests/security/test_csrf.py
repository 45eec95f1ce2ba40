"""CSRF: no view is exempt, and every POST without the token is refused and changes nothing.

The addresses are those of the permissions matrix (tests/security/test_permissions_matrix.py),
which covers every URL pattern; the POSTs carry the data a real form would send.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.security.test_permissions_matrix import MATRIX, _fill, site  # noqa: F401

LOGIN = "/admin/login/"


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        else:
            yield pattern


def _fingerprint():
    """How many rows each model has, and which of them are published."""
    counts = {}
    for model in apps.get_models():
        rows = model._default_manager.all()
        counts[model._meta.label] = rows.count()
        if any(field.name == "status" for field in model._meta.fields):
            counts[f"{model._meta.label} published"] = sorted(
                rows.filter(status="published").values_list("pk", flat=True)
            )
    return counts


def _posts(site):  # noqa: F811
    """Each address of the matrix once, with the form data its POST rows send."""
    data = {}
    for row in MATRIX:
        path = _fill(row.path, site)
        if row.data:
            data[path] = {key: _fill(value, site) for key, value in row.data.items()}
        else:
            data.setdefault(path, {"post": "yes", "text": "*hi*", "name": "Changed"})
    return data


def _superuser_client():
    user = get_user_model().objects.create_superuser(username="csrf-admin", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_no_view_is_csrf_exempt():
    exempt = [
        str(pattern.pattern)
        for pattern in _views(get_resolver().url_patterns)
        if getattr(pattern.callback, "csrf_exempt", False)
    ]
    assert exempt == []


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_every_post_without_the_token_is_refused(site, role):  # noqa: F811
    client = _superuser_client() if role == "superuser" else Client(enforce_csrf_checks=True)
    before = _fingerprint()
    accepted = []
    for path, data in _posts(site).items():
        response = client.post(path, data)
        if response.status_code != 403 or "CSRF" not in response.content.decode():
            accepted.append(f"{path}: {response.status_code}")

    assert accepted == []
    assert _fingerprint() == before


def test_login_without_the_token_is_refused(db):
    get_user_model().objects.create_superuser(username="admin", password="right")
    client = Client(enforce_csrf_checks=True)

    response = client.post(LOGIN, {"username": "admin", "password": "right"})

    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302


def test_login_with_the_token_is_accepted(db):
    get_user_model().objects.create_superuser(username="admin", password="right")
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value

    response = client.post(
        LOGIN, {"username": "admin", "password": "right", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_form_with_the_token_saves(site):  # noqa: F811
    client = _superuser_client()
    page = client.get("/admin/programme/session/")
    token = page.context["csrf_token"]

    response = client.post(
        "/admin/programme/session/",
        {
            "action": "publish_selected",
            "_selected_action": site.draft_session.pk,
            "csrfmiddlewaretoken": str(token),
        },
    )

    assert response.status_code == 302
    site.draft_session.refresh_from_db()
    assert site.draft_session.is_published
