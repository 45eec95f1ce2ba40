"""Topics: typed with spaces and commas, labelled "Topics" in the admin, renamed and merged
by organisers in the Topics admin."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from cms.publishing import Status
from cms.topics import merge_topics, parse_topics
from reports.models import Report
from sessions.models import Session
from tests.admin_posts import change_form_data
from tests.factories import ReportFactory, SessionFactory

TOPICS = reverse("admin:cms_topic_changelist")


def test_topics_with_spaces_need_no_quotes():
    assert parse_topics("Social outcomes, impact bonds,\nTrust, Trust ,") == [
        "Social outcomes",
        "Trust",
        "impact bonds",
    ]
    assert parse_topics('"Outcomes fund"') == ["Outcomes fund"]
    assert parse_topics("Social outcomes") == ["Social outcomes"]


def test_session_form_labels_topics_and_keeps_multi_word_topics(admin_submit, editor_client, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    url = reverse("admin:programme_session_change", args=[session.pk])
    page = editor_client.get(url).content.decode()
    assert '<label for="id_topics">Topics:</label>' in page
    assert "Tags:" not in page
    assert 'class="vTextField topics-input"' in page

    data = change_form_data(editor_client.get(url), topics="Social outcomes, Impact bonds")
    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert sorted(session.topics.names()) == ["Impact bonds", "Social outcomes"]
    page = editor_client.get(url).content.decode()
    assert 'value="Impact bonds, Social outcomes"' in page  # shown back without quotes


def test_report_form_labels_topics(editor_client):
    report = ReportFactory(status=Status.DRAFT)
    page = editor_client.get(reverse("admin:reports_report_change", args=[report.pk]))
    assert '<label for="id_topics">Topics:</label>' in page.content.decode()


def test_organiser_renames_a_topic(staff_client, db):
    tag = Tag.objects.create(name="Socal outcomes", slug="socal-outcomes")
    organiser = staff_client("Organiser")
    url = reverse("admin:cms_topic_change", args=[tag.pk])

    response = organiser.post(url, {"name": "Social outcomes", "slug": "social-outcomes"})

    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Social outcomes", "social-outcomes")


def test_topics_list_shows_the_topics_admin_to_organisers(staff_client, db):
    session = SessionFactory()
    session.topics.add("Trust")
    page = staff_client("Organiser").get(TOPICS).content.decode()
    assert "Trust" in page
    assert "Merge selected topics into…" in page
    assert "Select topic to change" in page


def _merge(client, tags, **extra):
    data = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [t.pk for t in tags], **extra}
    return client.post(TOPICS, data)


def test_merge_asks_which_topic_to_keep_then_moves_everything(staff_client, db):
    both = SessionFactory()
    both.topics.add("Trust", "trust in government")
    only_old = SessionFactory()
    only_old.topics.add("trust in government")
    report = ReportFactory()
    report.topics.add("Trusted partners")
    tags = list(Tag.objects.order_by("name"))
    kept = Tag.objects.get(name="Trust")
    organiser = staff_client("Organiser")

    page = _merge(organiser, tags)
    assert page.status_code == 200
    assert "Keep this topic" in page.content.decode()
    assert Tag.objects.count() == 3  # nothing merged before the choice

    response = _merge(organiser, tags, kept=kept.pk)

    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["Trust"]
    assert list(both.topics.names()) == ["Trust"]  # once, not twice
    assert list(only_old.topics.names()) == ["Trust"]
    assert list(Report.objects.get(pk=report.pk).topics.names()) == ["Trust"]
    assert TaggedItem.objects.count() == 3


def test_merge_of_a_single_topic_is_refused_with_a_message(staff_client, db):
    session = SessionFactory()
    session.topics.add("Trust")
    response = _merge(staff_client("Organiser"), list(Tag.objects.all()))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Select two or more topics to merge."]
    assert Tag.objects.count() == 1


def test_merge_without_a_kept_topic_changes_nothing(staff_client, db):
    SessionFactory().topics.add("Trust", "Outcomes")
    page = _merge(staff_client("Organiser"), list(Tag.objects.all()), kept="")
    assert "Choose the topic to keep." in page.content.decode()
    assert Tag.objects.count() == 2


def test_editors_may_not_merge_topics(staff_client, db):
    SessionFactory().topics.add("Trust", "Outcomes")
    tags = list(Tag.objects.all())
    editor = staff_client("Editor")
    assert "merge_selected" not in editor.get(TOPICS).content.decode()

    _merge(editor, tags, kept=tags[0].pk)

    assert Tag.objects.count() == 2


def test_merge_is_all_or_nothing(db, monkeypatch):
    session = SessionFactory()
    session.topics.add("Trust", "Outcomes", "Impact")
    kept, *others = Tag.objects.order_by("name")

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("cms.topics.Tag.objects.filter", fail)
    with pytest.raises(RuntimeError):
        merge_topics(kept=kept, merged=others)
    monkeypatch.undo()
    assert Tag.objects.count() == 3
    assert sorted(Session.objects.get(pk=session.pk).topics.names()) == [
        "Impact", "Outcomes", "Trust",
    ]  # fmt: skip


def test_merge_into_itself_is_refused(db):
    tag = Tag.objects.create(name="Trust", slug="trust")
    with pytest.raises(ValidationError, match="at least one other topic"):
        merge_topics(kept=tag, merged=[tag])
