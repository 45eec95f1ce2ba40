"""Preview: editors see unpublished pages as the public will; the public never can."""

import pytest
from django.urls import reverse

from cms.publishing import Status
from conference.models import Day, Event
from sessions.models import Quote, Session
from tests.factories import DayFactory, EventFactory, QuoteFactory, SessionFactory

BANNER = "This is how the page will look once published"


def preview_url(obj):
    return reverse("admin-preview", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def draft_day(event):
    """A draft day 2 of a published event, with a draft session and a draft quote."""
    day = DayFactory(event=event, number=2, title="Second day", status=Status.DRAFT)
    session = SessionFactory(
        day=day, code="2.1", title="Unannounced panel", slug="unannounced", status=Status.DRAFT
    )
    QuoteFactory(session=session, text="Not yet public words", status=Status.DRAFT)
    return day


def test_editor_previews_a_draft_day_with_its_sessions_and_quotes(staff_client, draft_day):
    response = staff_client("Editor").get(preview_url(draft_day))

    content = response.content.decode()
    assert response.status_code == 200
    assert BANNER in content
    assert "Unannounced panel" in content
    assert "Not yet public words" in content
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_preview_changes_nothing(staff_client, draft_day, client):
    staff_client("Editor").get(preview_url(draft_day))

    assert Day.objects.get(pk=draft_day.pk).status == Status.DRAFT
    assert not Session.objects.public().filter(day=draft_day).exists()
    assert not Quote.objects.public().exists()
    public = client.get(draft_day.get_absolute_url())
    assert public.status_code == 404


def test_public_never_sees_a_preview(client, draft_day):
    response = client.get(preview_url(draft_day))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "Unannounced panel" not in client.get(draft_day.get_absolute_url()).content.decode()


def test_public_page_has_no_preview_banner(client, day):
    SessionFactory(day=day)
    response = client.get(day.get_absolute_url())
    assert response.status_code == 200
    assert BANNER not in response.content.decode()


@pytest.mark.parametrize(
    "target", ["event", "day", "session", "quote", "report", "speaker", "organisation"]
)
def test_every_kind_of_draft_content_can_be_previewed(staff_client, public_site, target):
    drafts = {
        "event": Event.objects.get(slug="secret-conf"),
        "day": Day.objects.get(title="Secret day"),
        "session": public_site.draft_session,
        "quote": Quote.objects.get(text="Secret words in a draft quote"),
        "report": public_site.draft_report,
        "speaker": public_site.hidden,
        "organisation": public_site.hidden_org,
    }
    obj = drafts[target]
    editor = staff_client("Editor")

    response = editor.get(preview_url(obj))

    assert response.status_code == 200, target
    assert BANNER in response.content.decode()
    assert "Secret" in response.content.decode()
    change_page = editor.get(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    )
    assert preview_url(obj) in change_page.content.decode()


def test_preview_of_a_draft_event_shows_its_draft_days(staff_client, db):
    event = EventFactory(name="Next Conference", slug="next", status=Status.DRAFT)
    DayFactory(event=event, number=1, title="Opening day", status=Status.DRAFT)

    content = staff_client("Editor").get(preview_url(event)).content.decode()

    assert "Next Conference" in content
    assert "Opening day" in content


def test_preview_of_content_without_a_public_page_is_not_found(staff_client, event):
    room = event.rooms.create(name="Hall")
    assert staff_client("Editor").get(preview_url(room)).status_code == 404


def test_quote_change_page_links_its_share_card(editor_client, public_site):
    quote = public_site.quote
    page = editor_client.get(reverse("admin:programme_quote_change", args=[quote.pk]))

    card = reverse("quote-card-admin", kwargs={"pk": quote.pk})
    assert f'href="{card}?download"' in page.content.decode()


def test_view_on_site_of_a_draft_opens_its_preview(editor_client, draft_day):
    session = draft_day.sessions.get()
    change = reverse("admin:programme_session_change", args=[session.pk])

    html = editor_client.get(change).content.decode()

    assert f'href="{preview_url(session)}" class="viewsitelink"' in html
    assert editor_client.get(preview_url(session)).status_code == 200


def test_view_on_site_of_published_content_goes_to_its_page(editor_client, public_site):
    change = reverse("admin:programme_session_change", args=[public_site.keynote.pk])

    html = editor_client.get(change).content.decode()

    assert 'class="viewsitelink"' in html
    assert f'href="{preview_url(public_site.keynote)}" class="viewsitelink"' not in html


def test_preview_writes_nothing_and_locks_nothing(staff_client, draft_day):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client("Editor")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(preview_url(draft_day))

    assert "Unannounced panel" in response.content.decode()
    writes = {"UPDATE", "INSERT", "DELETE"}
    # The session machinery may touch its own table; content tables are only read.
    content_writes = [
        query["sql"] for query in queries
        if query["sql"].lstrip().split()[0].upper() in writes
        and "django_session" not in query["sql"]
    ]
    assert content_writes == [], content_writes
    assert not any("FOR UPDATE" in query["sql"] for query in queries)
