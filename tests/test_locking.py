"""No lost updates: a save from a form opened before someone else's save is refused."""

import pytest
from django.urls import reverse

from cms.locking import StaleObjectError, claim_version
from cms.publishing import Status
from sessions.models import Session
from tests.admin_posts import hidden_locking_values, session_change_data
from tests.factories import QuoteFactory, SessionFactory

SESSION_LIST = reverse("admin:programme_session_changelist")


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def session(day):
    """A draft, saved directly (edits of live content are pending changes, see
    tests/cms/test_drafts.py for their locking)."""
    return SessionFactory(
        day=day, code="1.4", title="Outcomes", slug="outcomes", order=0, status=Status.DRAFT
    )


@pytest.fixture
def two_editors(staff_client):
    return staff_client("Editor"), staff_client("Editor")


def test_second_save_of_the_same_session_is_refused_with_what_changed(two_editors, session):
    alice, bob = two_editors
    alice_page, bob_page = alice.get(change_url(session)), bob.get(change_url(session))

    first = alice.post(
        change_url(session), session_change_data(alice_page, session, title="Alice's title")
    )
    second = bob.post(
        change_url(session), session_change_data(bob_page, session, recap_text="Bob's recap")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    content = second.content.decode()
    assert "while you were editing" in content
    assert "Changed meanwhile: title [en]: Alice&#x27;s title" in content
    assert "recap text" not in content.split("Changed meanwhile")[1].split(".")[0]
    assert f"by {alice.user.get_username()}" in content
    assert "Bob&#x27;s recap" in content  # Bob's text is still in the form to copy
    session.refresh_from_db()
    assert (session.title, session.recap_text) == ("Alice's title", "What happened in the session.")
    assert session.version == 1


def test_save_after_reloading_succeeds(two_editors, session):
    alice, bob = two_editors
    alice.post(
        change_url(session),
        session_change_data(alice.get(change_url(session)), session, title="Alice's title"),
    )
    session.refresh_from_db()

    response = bob.post(
        change_url(session),
        session_change_data(bob.get(change_url(session)), session, recap_text="Bob's recap"),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.recap_text, session.version) == (
        "Alice's title",
        "Bob's recap",
        2,
    )


def test_changelist_edit_refuses_a_form_opened_before(editor_client, session):
    page = editor_client.get(change_url(session))
    editor_client.post(
        SESSION_LIST,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": session.pk,
            "form-0-order": 5,
            "form-0-status": session.status,
            "_save": "Save",
        },
    )

    response = editor_client.post(change_url(session), session_change_data(page, session))

    assert "Changed meanwhile: order: 5" in response.content.decode()
    session.refresh_from_db()
    assert session.order == 5


def test_publish_action_refuses_a_form_opened_before(editor_client, session):
    session.status = Status.DRAFT
    session.save()
    page = editor_client.get(change_url(session))
    editor_client.post(
        SESSION_LIST, {"action": "publish_selected", "_selected_action": [session.pk]}
    )

    response = editor_client.post(
        change_url(session), session_change_data(page, session, status=Status.DRAFT)
    )

    assert "Changed meanwhile: status: Published" in response.content.decode()
    session.refresh_from_db()
    assert session.status == Status.PUBLISHED


def test_stale_inline_row_is_refused(editor_client, session):
    quote = QuoteFactory(session=session, text="First words")
    page = editor_client.get(change_url(session))
    row = next(
        form for inline in page.context["inline_admin_formsets"]
        for form in inline.formset.forms if form.instance.pk == quote.pk
    )
    quote_page = editor_client.get(change_url(quote))
    editor_client.post(
        change_url(quote),
        {
            "session": session.pk,
            "text_en": "Corrected words",
            "speaker": quote.speaker_id,
            "order": 0,
            "status": quote.status,
            **hidden_locking_values(quote_page.context["adminform"].form),
        },
    )

    data = session_change_data(page, session) | hidden_locking_values(row) | {
        "quotes-TOTAL_FORMS": 1,
        "quotes-INITIAL_FORMS": 1,
        "quotes-0-id": quote.pk,
        "quotes-0-session": session.pk,
        "quotes-0-text": "First words, stale",
        "quotes-0-speaker": quote.speaker_id,
        "quotes-0-order": 0,
        "quotes-0-status": quote.status,
    }
    response = editor_client.post(change_url(session), data)

    assert "Changed meanwhile: text: Corrected words" in response.content.decode()
    quote.refresh_from_db()
    assert quote.text == "Corrected words"


def test_claim_version_refuses_a_stale_copy(session):
    stale = Session.objects.get(pk=session.pk)
    claim_version(session)

    with pytest.raises(StaleObjectError):
        claim_version(stale)
    assert Session.objects.get(pk=session.pk).version == 1
