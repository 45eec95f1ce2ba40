"""Publication states on public pages, scheduled publishing, and the admin's publish actions."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.models import PendingChange
from cms.publication import publish_due
from cms.publishing import Status
from sessions.models import Quote, Session
from tests.factories import DayFactory, EventFactory, QuoteFactory, SessionFactory, _at

# Tomorrow: scheduled content is public from its moment on, whatever publish_due did.
WHEN = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
SESSION_LIST = reverse("admin:programme_session_changelist")
DAY_LIST = reverse("admin:conference_day_changelist")


@pytest.fixture
def three_states(day):
    """A draft, a scheduled (due at WHEN) and a published session of one published day."""

    def session(code, status, **extra):
        return SessionFactory(
            day=day,
            code=code,
            title=f"{status.label} talk",
            slug=f"{status}-talk",
            status=status,
            start=_at(day, 9 + int(code[-1])),
            end=_at(day, 10 + int(code[-1])),
            **extra,
        )

    return {
        Status.DRAFT: session("1.1", Status.DRAFT),
        Status.SCHEDULED: session("1.2", Status.SCHEDULED, publish_at=WHEN),
        Status.PUBLISHED: session("1.3", Status.PUBLISHED),
    }


def public_pages(day):
    event = day.event.slug
    return [
        reverse("conference:day-recap", args=[event, day.number]),
        reverse("conference:programme", args=[event]),
    ]


def test_public_pages_show_only_published_session(client, day, three_states):
    for url in public_pages(day):
        content = client.get(url).content.decode()
        assert "Published talk" in content, url
        assert "Draft talk" not in content, url
        assert "Scheduled talk" not in content, url
    for status, session in three_states.items():
        response = client.get(session.get_absolute_url())
        assert response.status_code == (200 if status == Status.PUBLISHED else 404), status


@pytest.mark.parametrize(
    ("offset", "published"),
    [(-dt.timedelta(seconds=1), False), (dt.timedelta(0), True), (dt.timedelta(hours=1), True)],
    ids=["before", "at", "after"],
)
def test_publish_due_publishes_scheduled_session_from_its_time(
    client, three_states, offset, published
):
    scheduled = three_states[Status.SCHEDULED]

    outcome = publish_due(now=WHEN + offset)

    scheduled.refresh_from_db()
    assert (scheduled.status == Status.PUBLISHED) is published
    assert outcome.changed == ([scheduled] if published else [])
    assert three_states[Status.DRAFT].status == Status.DRAFT
    page = client.get(scheduled.get_absolute_url())
    assert page.status_code == (200 if published else 404)


def test_publish_due_is_idempotent(three_states):
    assert len(publish_due(now=WHEN).changed) == 1
    assert publish_due(now=WHEN).changed == []


def test_publish_due_command_prints_what_it_published(monkeypatch, three_states, capsys):
    monkeypatch.setattr(timezone, "now", lambda: WHEN + dt.timedelta(minutes=1))

    call_command("publish_due")
    call_command("publish_due")

    output = capsys.readouterr().out
    assert "Published session “1.2 Scheduled talk”" in output
    assert "1 published." in output
    assert output.rstrip().endswith("Nothing is due.")


def test_publish_due_publishes_every_publishable_model(db):
    event = EventFactory(status=Status.SCHEDULED, publish_at=WHEN)
    day = DayFactory(event=event, status=Status.SCHEDULED, publish_at=WHEN)
    session = SessionFactory(day=day, status=Status.SCHEDULED, publish_at=WHEN)
    quote = QuoteFactory(session=session, status=Status.SCHEDULED, publish_at=WHEN)

    outcome = publish_due(now=WHEN)

    assert {type(obj).__name__ for obj in outcome.changed} == {"Event", "Day", "Session", "Quote"}
    assert Quote.objects.public().get() == quote


def test_publish_action_counts_what_changed(editor_client, three_states):
    sessions = list(three_states.values())

    response = editor_client.post(
        SESSION_LIST,
        {"action": "publish_selected", "_selected_action": [s.pk for s in sessions]},
        follow=True,
    )

    assert "2 sessions published; 1 was already published." in response.content.decode()
    assert set(Session.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_unpublish_action_counts_what_changed(editor_client, three_states):
    published = three_states[Status.PUBLISHED]

    response = editor_client.post(
        SESSION_LIST,
        {
            "action": "unpublish_selected",
            "_selected_action": [published.pk, three_states[Status.DRAFT].pk],
        },
        follow=True,
    )

    assert "1 session unpublished; 1 was already drafts." in response.content.decode()
    published.refresh_from_db()
    assert published.status == Status.DRAFT


@pytest.fixture
def draft_day(event):
    day = DayFactory(event=event, number=2, status=Status.DRAFT)
    session = SessionFactory(day=day, code="2.1", title="Afternoon panel", status=Status.DRAFT)
    QuoteFactory(session=session, text="Words worth keeping", status=Status.DRAFT)
    return day


def test_publish_day_with_contents_asks_first_listing_everything(editor_client, draft_day):
    response = editor_client.post(
        DAY_LIST, {"action": "publish_with_contents_action", "_selected_action": [draft_day.pk]}
    )

    content = response.content.decode()
    assert "Publish days, sessions and quotes?" in content
    assert "2.1 Afternoon panel" in content
    assert "Words worth keeping" in content
    draft_day.refresh_from_db()
    assert draft_day.status == Status.DRAFT
    assert not Session.objects.public().exists()


def test_publish_day_with_contents_of_a_published_event_says_public_at_once(
    editor_client, draft_day
):
    response = editor_client.post(
        DAY_LIST, {"action": "publish_with_contents_action", "_selected_action": [draft_day.pk]}
    )

    content = response.content.decode()
    assert "become public at once" in content
    assert "not published" not in content


def test_publish_day_with_contents_of_a_draft_event_says_when_it_becomes_public(
    editor_client, draft_day
):
    """Publishing the day of a draft event shows nothing yet: the page must not say it does."""
    draft_day.event.status = Status.DRAFT
    draft_day.event.save()

    response = editor_client.post(
        DAY_LIST, {"action": "publish_with_contents_action", "_selected_action": [draft_day.pk]}
    )

    content = response.content.decode()
    assert "at once" not in content
    assert f"<strong>{draft_day.event}</strong> is not published" in content
    assert "will become public when it is published, not before" in content


def test_publish_days_of_a_draft_and_a_published_event_says_which_wait(editor_client, draft_day):
    other_event = EventFactory(name="Quiet Conference 2025", status=Status.DRAFT)
    other_day = DayFactory(event=other_event, number=1, status=Status.DRAFT)

    response = editor_client.post(
        DAY_LIST,
        {
            "action": "publish_with_contents_action",
            "_selected_action": [draft_day.pk, other_day.pk],
        },
    )

    content = response.content.decode()
    assert f"What belongs to <strong>{draft_day.event}</strong> becomes public at once" in content
    waiting = "<strong>Quiet Conference 2025</strong> is not published: what belongs to it"
    assert waiting in content
    assert f"<strong>{draft_day.event}</strong> is not" not in content


def test_publish_day_with_contents_publishes_all_once_confirmed(editor_client, draft_day):
    response = editor_client.post(
        DAY_LIST,
        {
            "action": "publish_with_contents_action",
            "_selected_action": [draft_day.pk],
            "confirmed": "yes",
        },
        follow=True,
    )

    assert "1 day, 1 session, 1 quote published." in response.content.decode()
    assert Quote.objects.public().get().text == "Words worth keeping"


# ---------- Scheduled publication without a timer, moves, and scheduling with contents ----------


def test_scheduled_content_is_public_from_its_moment_without_publish_due(client, day):
    due = SessionFactory(
        day=day, title="Due talk", status=Status.SCHEDULED,
        publish_at=timezone.now() - dt.timedelta(minutes=1),
    )
    later = SessionFactory(
        day=day, title="Later talk", status=Status.SCHEDULED,
        publish_at=timezone.now() + dt.timedelta(hours=1),
    )

    assert client.get(due.get_absolute_url()).status_code == 200
    assert client.get(later.get_absolute_url()).status_code == 404
    recap = client.get(day.get_absolute_url()).content.decode()
    assert "Due talk" in recap and "Later talk" not in recap
    due.refresh_from_db()
    assert due.status == Status.SCHEDULED  # publish_due only tidies the stored state


def test_cached_pages_expire_at_the_next_scheduled_moment(day):
    from django.db import connection

    from cms.caching import page_timeout

    SessionFactory(
        day=day, status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(seconds=90)
    )
    for _savepoints, on_commit, _robust in connection.run_on_commit:  # what the commit runs
        on_commit()

    assert 85 <= page_timeout() <= 90


def test_a_transaction_of_many_saves_looks_up_the_next_moment_once(day):
    from django.db import connection

    from cms.caching import bump_content_version

    for _ in range(3):
        bump_content_version()

    hooks = [func.__name__ for _sp, func, _robust in connection.run_on_commit]
    assert hooks.count("_new_version_committed") == 1


def test_an_editor_cannot_publish_by_moving_a_session_into_a_public_day(
    role_submit, event, day
):
    draft_day = DayFactory(event=event, number=2, status=Status.DRAFT)
    session = SessionFactory(
        day=draft_day, title="Moved talk", slug="moved", status=Status.PUBLISHED
    )
    url = reverse("admin:programme_session_change", args=[session.pk])

    response = role_submit("Editor")(
        url,
        {"day": day.pk, "code": "", "title": "Moved talk", "slug": "moved", "kind": "panel",
         "order": 0, "topics": "", "languages": "en"},
    )

    assert "only organisers can do that" in response.content.decode()
    session.refresh_from_db()
    assert session.day == draft_day
    assert not Session.objects.public().filter(pk=session.pk).exists()


def test_an_editor_cannot_publish_by_moving_a_quote_into_a_public_session(
    role_submit, day
):
    hidden = SessionFactory(day=day, status=Status.DRAFT)
    shown = SessionFactory(day=day, status=Status.PUBLISHED)
    quote = QuoteFactory(session=hidden, text="Kept back", status=Status.PUBLISHED)
    url = reverse("admin:programme_quote_change", args=[quote.pk])

    response = role_submit("Editor")(
        url,
        {"session": shown.pk, "text": "Kept back", "speaker": quote.speaker_id,
         "attribution": "", "order": 0},
    )

    assert "only organisers can do that" in response.content.decode()
    quote.refresh_from_db()
    assert quote.session == hidden


def test_an_editor_may_still_edit_a_live_session_in_place(role_submit, day):
    """Not refused as a move; being live, the edit waits as a pending change (cms.drafts)."""
    session = SessionFactory(day=day, title="Live talk", slug="live", status=Status.PUBLISHED)
    url = reverse("admin:programme_session_change", args=[session.pk])

    response = role_submit("Editor")(
        url,
        {"day": day.pk, "code": "", "title": "Live talk, renamed", "slug": "live",
         "kind": "panel", "order": 0, "topics": "", "languages": "en"},
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Live talk"
    pending = PendingChange.objects.get(object_id=session.pk)
    assert pending.data["fields"]["title_en"] == "Live talk, renamed"


def test_scheduling_a_day_with_its_contents_schedules_them_too(staff_client, draft_day):
    moment = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=2)

    staff_client("Organiser").post(
        DAY_LIST,
        {
            "action": "publish_with_contents_action",
            "_selected_action": [draft_day.pk],
            "confirmed": "yes",
            "publish_at": timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    session = Session.objects.get(day=draft_day)
    quote = Quote.objects.get(session=session)
    for obj in (draft_day, session, quote):
        obj.refresh_from_db()
        assert (obj.status, obj.publish_at) == (Status.SCHEDULED, moment), obj


def test_scheduling_with_contents_refuses_a_past_moment(staff_client, draft_day):
    response = staff_client("Organiser").post(
        DAY_LIST,
        {
            "action": "publish_with_contents_action",
            "_selected_action": [draft_day.pk],
            "confirmed": "yes",
            "publish_at": "2020-01-01T09:00",
        },
    )

    assert "This moment has passed" in response.content.decode()
    draft_day.refresh_from_db()
    assert draft_day.status == Status.DRAFT


def test_a_past_publication_time_gets_a_warning(role_submit, day):
    session = SessionFactory(day=day, title="Late", slug="late", status=Status.DRAFT)
    url = reverse("admin:programme_session_change", args=[session.pk])

    response = role_submit("Organiser")(
        url,
        {"day": day.pk, "code": "", "title": "Late", "slug": "late", "kind": "panel",
         "order": 0, "topics": "", "languages": "en", "status": Status.SCHEDULED,
         "publish_at_0": "2020-01-01", "publish_at_1": "09:00"},
    )

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "“Late” is scheduled for a time already past: it is public now." in messages
