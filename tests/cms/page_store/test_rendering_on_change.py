"""The page store: pages kept as files, rendered again when what they show changes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from cms.caching import NEXT_MOMENT_KEY
from cms.models import StoredPage
from cms.page_store import rendering, tasks
from cms.page_store.files import file_name
from cms.page_store.paths import content_type
from cms.publishing import Status
from sessions.models import Quote, Session
from speakers.models import Speaker
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    ParticipationFactory,
    QuoteFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.public_site import grow_programme
from website.site_export import export_site
from website.site_export.store import public_paths

SESSION = "/tc24/sessions/keynote/"
OTHER_SESSION = "/tc24/sessions/health/"
PROGRAMME = "/tc24/programme/day-1/"
RECAP = "/tc24/day-1/"
QUOTES = "/tc24/quotes/"


def fill(client, *paths):
    for path in paths:
        response = client.get(path)
        assert response["X-Page-Store"] == "miss", path


def test_a_miss_is_rendered_once_then_served_from_the_store_without_a_query(
    store, public_site, client, django_assert_num_queries
):
    first = client.get(SESSION)
    assert first["X-Page-Store"] == "miss"
    assert "Of Clocks and Clouds" in store.text(SESSION)
    with django_assert_num_queries(0):
        again = client.get(SESSION)
    assert again["X-Page-Store"] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == "text/html; charset=utf-8"


def test_a_session_edit_renders_again_only_the_files_that_show_it(store, public_site, client):
    fill(client, SESSION, OTHER_SESSION, PROGRAMME, RECAP, "/tc24/schedule.xml",
         "/speakers/tina-nabatchi/", "/organisations/bsg/", "/reports/")  # fmt: skip
    keynote = public_site.keynote
    with store.changes() as rendered:
        keynote.title = "Of Clocks, Clouds and Calendars"
        keynote.save()
    assert SESSION in rendered and PROGRAMME in rendered and RECAP in rendered
    assert "/tc24/schedule.xml" in rendered and "/speakers/tina-nabatchi/" in rendered
    assert OTHER_SESSION not in rendered  # shows neither the keynote nor its people
    assert "/reports/" not in rendered
    for path in (SESSION, PROGRAMME, RECAP, "/tc24/schedule.xml"):
        assert "Of Clocks, Clouds and Calendars" in store.text(path), path
    assert "Of Clocks, Clouds and Calendars" not in store.text(OTHER_SESSION)
    assert client.get(SESSION)["X-Page-Store"] == "hit"


def test_a_one_session_edit_in_a_large_programme_renders_at_most_thirty_files(
    store, public_site, client
):
    grow_programme(public_site, 60)

    paths = [s.get_absolute_url() for s in Session.objects.public()]
    people = {speaker.get_absolute_url() for speaker in Speaker.objects.public()}
    fill(client, PROGRAMME, RECAP, QUOTES, "/tc24/schedule.xml", "/tc24/schedule.json",
         "/tc24/programme.ics", "/tc24/sessions.csv", *paths, *people)  # fmt: skip
    session = Session.objects.public().get(code="2.7")
    with store.changes() as renamed:
        session.title = "A title changed during the session"
        session.save()
    assert len(renamed) <= 30
    people = [p.speaker.get_absolute_url() for p in session.participations.all()]
    assert {session.get_absolute_url(), PROGRAMME, RECAP, *people} <= set(renamed)
    with store.changes() as summarised:  # a detail: only the pages that show it
        session.summary = "A summary written during the session."
        session.save()
    assert session.get_absolute_url() in summarised
    assert set(summarised) < set(renamed)
    assert not set(people) & set(summarised)
    assert "A summary written during the session." in store.text(session.get_absolute_url())


def test_a_published_quote_appears_on_its_session_page_and_the_quote_list(
    store, public_site, client
):
    fill(client, SESSION, QUOTES, OTHER_SESSION)
    with store.changes() as rendered:
        QuoteFactory(session=public_site.keynote, speaker=public_site.tina,
                     text="Trust is built in the small hours")  # fmt: skip
    assert {SESSION, QUOTES} <= set(rendered)
    assert "Trust is built in the small hours" in store.text(SESSION)
    assert "Trust is built in the small hours" in store.text(QUOTES)
    assert OTHER_SESSION not in rendered


def test_an_unpublished_session_leaves_the_store_and_the_programme(store, public_site, client):
    fill(client, OTHER_SESSION, PROGRAMME)
    assert StoredPage.objects.filter(path=OTHER_SESSION).exists()
    with store.changes():
        public_site.deep_dive.status = Status.DRAFT
        public_site.deep_dive.save()
    assert not store.file(OTHER_SESSION).exists()
    assert not StoredPage.objects.filter(path=OTHER_SESSION).exists()
    assert "Outcomes for health" not in store.text(PROGRAMME)
    assert client.get(OTHER_SESSION).status_code == 404


def test_a_rolled_back_change_renders_nothing(store, public_site, client):
    fill(client, SESSION)
    with store.changes() as rendered, pytest.raises(RuntimeError), transaction.atomic():
        public_site.keynote.title = "Never saved"
        public_site.keynote.save()
        raise RuntimeError("the editor's request failed")
    assert rendered == []
    assert "Never saved" not in store.text(SESSION)


def test_after_a_series_of_changes_every_stored_file_is_what_a_fresh_render_gives(
    store, public_site, client, settings
):
    paths = [SESSION, OTHER_SESSION, PROGRAMME, RECAP, QUOTES, "/tc24/", "/",
             "/speakers/", "/speakers/eleanor-carter/", "/organisations/go-lab/",
             "/topics/", "/topics/trust/", "/tc24/schedule.xml", "/tc24/schedule2.json",
             "/tc24/programme.ics", "/sitemap.xml", "/reports/evolution/"]  # fmt: skip
    fill(client, *paths)
    with store.changes():
        public_site.eleanor.name = "Eleanor Carter-Smith"
        public_site.eleanor.save()
        public_site.golab.name = "The Government Outcomes Lab"
        public_site.golab.save()
        public_site.deep_dive.topics.add("Housing")
        QuoteFactory(session=public_site.deep_dive, speaker=public_site.eleanor,
                     text="Outcomes need patience")  # fmt: skip
        public_site.quote.delete()
        public_site.room.name = "The Sheldonian"
        public_site.room.save()
    stored = {path: store.file(path).read_bytes() for path in paths if store.file(path).exists()}
    settings.PAGE_STORE_ENABLED = False
    for path, content in stored.items():
        fresh = client.get(path, HTTP_HOST="programme.example.org", secure=True)
        assert fresh.status_code == 200, path
        assert fresh.content == content, f"{path} is stale in the store"
    assert "/topics/housing/" not in stored  # a new page is rendered when first asked for


def test_a_pdf_is_never_rendered_in_a_request(store, public_site, client):
    with store.changes() as rendered:
        response = client.get("/tc24/day-1/recap.pdf")
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert "being prepared" in response.content.decode()
    assert rendered == ["/tc24/day-1/recap.pdf"]
    assert store.file("/tc24/day-1/recap.pdf").read_bytes().startswith(b"%PDF-")
    served = client.get("/tc24/day-1/recap.pdf")
    assert served["X-Page-Store"] == "hit"
    assert served["Content-Type"] == "application/pdf"


def test_editors_queries_and_the_admin_never_get_a_stored_file(
    store, public_site, editor_client
):
    visitor = Client()
    fill(visitor, SESSION, QUOTES)
    assert "X-Page-Store" not in editor_client.get(SESSION)
    assert "X-Page-Store" not in visitor.get(QUOTES + "?speaker=tina-nabatchi")
    assert "X-Page-Store" not in visitor.get("/api/v1/events")
    assert "X-Page-Store" not in visitor.get("/tc24/embed/")  # its own frame policy
    assert not store.file("/tc24/embed/").exists()


def test_stored_files_keep_the_content_type_the_site_gives(store, public_site, client, settings):
    paths = ["/tc24/schedule.xml", "/tc24/schedule.json", "/tc24/programme.ics",
             "/tc24/sessions.csv", "/tc24/day-1/recap.md", "/sitemap.xml", "/feeds/recaps.atom",
             f"/tc24/quotes/{public_site.quote.pk}/card.png", SESSION]  # fmt: skip
    fill(client, *paths)
    for path in paths:
        assert client.get(path)["X-Page-Store"] == "hit", path
    settings.PAGE_STORE_ENABLED = False

    for path in paths:  # the same media type (a stored text file always says utf-8)
        rendered = client.get(path)["Content-Type"].split(";")[0]
        assert content_type(file_name(path)).split(";")[0] == rendered, path


def test_a_day_recap_introduction_renders_the_recap_not_every_session_page(
    store, public_site, client
):
    fill(client, SESSION, OTHER_SESSION, PROGRAMME, RECAP, "/tc24/day-1/recap.md")
    day = public_site.day
    with store.changes() as rendered:
        day.recap_intro = "A day on *trust*, written as it happened."
        day.save()
    assert {RECAP, "/tc24/day-1/recap.md"} <= set(rendered)
    assert SESSION not in rendered and OTHER_SESSION not in rendered
    assert "written as it happened" in store.text(RECAP)
    with store.changes() as renamed:  # the title is on every page of the day
        day.title = "Day one"
        day.save()
    assert {SESSION, OTHER_SESSION, PROGRAMME, RECAP} <= set(renamed)


def test_publish_due_renders_again_the_pages_that_depend_on_the_clock(store, public_site, client):
    fill(client, "/", SESSION)
    StoredPage.objects.update(rendered_at=timezone.now() - timedelta(hours=1))
    with store.changes() as rendered:
        call_command("publish_due", stdout=StringIO())
    assert rendered == ["/"]  # the home page leads with the current event; a session does not
    assert StoredPage.objects.get(path="/").rendered_at > timezone.now() - timedelta(minutes=1)


def test_scheduled_content_reaches_the_stored_pages_once_its_moment_has_passed(
    store, public_site, client
):
    fill(client, SESSION)
    with store.changes():
        quote = QuoteFactory(session=public_site.keynote, speaker=public_site.tina,
                             text="Said at noon, shown at one", status=Status.SCHEDULED,
                             publish_at=timezone.now() + timedelta(hours=1))  # fmt: skip
    assert "Said at noon" not in store.text(SESSION)
    passed = timezone.now() - timedelta(minutes=1)
    Quote.objects.filter(pk=quote.pk).update(publish_at=passed)  # the hour has gone by
    cache.set(NEXT_MOMENT_KEY, passed)
    with store.changes() as rendered:
        client.get(QUOTES)  # the first visitor after the moment
    assert SESSION in rendered
    assert "Said at noon, shown at one" in store.text(SESSION)
    assert Quote.objects.get(pk=quote.pk).status == Status.PUBLISHED


def test_with_the_database_queue_a_separate_worker_renders_what_a_save_touched(
    store, public_site, client, settings
):
    """Production: the app server that saves only queues the render; a worker
    (``manage.py db_worker``) takes the queued task and renders it. Here the queued task is
    run as the worker runs it, since the worker's loop closes the test's connection."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}
    }
    fill(client, SESSION)
    with store.changes() as rendered:
        public_site.keynote.title = "Queued for the worker"
        public_site.keynote.save()
    assert rendered == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert "Queued for the worker" not in store.text(SESSION)
    queued = DBTaskResult.objects.get().task_result
    assert queued.task.name == "render_stale"
    queued.task.call(*queued.args, **queued.kwargs)
    assert "Queued for the worker" in store.text(SESSION)


def test_render_pages_fills_the_store_and_the_static_export_copies_it(
    store, public_site, tmp_path, monkeypatch
):
    out = StringIO()
    call_command("render_pages", "--event", "tc24", "--jobs", "1", stdout=out)
    paths = public_paths([public_site.event])
    assert f"{len(paths)} pages rendered" in out.getvalue()
    assert {SESSION, PROGRAMME, RECAP, "/tc24/schedule.xml", "/tc24/day-1/recap.pdf"} <= set(
        paths
    )
    assert all(store.file(path).exists() for path in paths)
    rendered_again = []
    keep = rendering.keep
    monkeypatch.setattr(rendering, "keep", lambda path, *args: (rendered_again.append(path),
                                                                   keep(path, *args)))  # fmt: skip
    export_site(public_site.event, output=tmp_path / "site", jobs=1)
    assert not set(rendered_again) & set(paths)  # read from the store, not rendered
    exported = (tmp_path / "site" / "tc24" / "sessions" / "keynote" / "index.html").read_text()
    assert "Of Clocks and Clouds" in exported


def test_render_pages_refuses_bad_arguments(store, public_site, settings):
    with pytest.raises(CommandError, match="no published event"):
        call_command("render_pages", "--event", "nope")
    with pytest.raises(CommandError, match="--jobs"):
        call_command("render_pages", "--jobs", "0")
    settings.PAGE_STORE_ENABLED = False
    with pytest.raises(CommandError, match="page store is off"):
        call_command("render_pages")


def test_a_published_session_reaches_its_topics_people_and_their_organisations_pages(
    store, public_site, client
):
    ada = SpeakerFactory(name="Ada Obi", slug="ada-obi")
    AffiliationFactory(speaker=ada, organisation=public_site.syracuse, role="Fellow")
    other_day = DayFactory(event=public_site.event, number=3)  # no page below shows it yet
    session = SessionFactory(day=other_day, title="Bonds that mature", slug="bonds",
                             status=Status.DRAFT)  # fmt: skip
    session.topics.add("Trust")
    ParticipationFactory(session=session, speaker=ada)
    ParticipationFactory(session=session, speaker=public_site.tina)
    fill(client, "/organisations/syracuse/", "/topics/trust/", "/speakers/tina-nabatchi/")
    assert "Ada Obi" not in store.text("/organisations/syracuse/")
    with store.changes() as rendered:
        session.status = Status.PUBLISHED
        session.save()
    assert {"/organisations/syracuse/", "/topics/trust/", "/speakers/tina-nabatchi/"} <= set(
        rendered
    )
    assert "Ada Obi" in store.text("/organisations/syracuse/")
    assert "Bonds that mature" in store.text("/topics/trust/")
    assert "Bonds that mature" in store.text("/speakers/tina-nabatchi/")


def test_a_change_of_the_site_identity_renders_every_stored_page(store, public_site, client):
    from conference.models import SiteIdentity

    fill(client, SESSION, OTHER_SESSION, "/speakers/")
    with store.changes() as rendered:
        identity = SiteIdentity.current()
        identity.name = "Outcomes Week"
        identity.save()
    assert set(rendered) == {SESSION, OTHER_SESSION, "/speakers/"}
    assert "Outcomes Week" in store.text(SESSION)


def test_a_slow_file_waiting_in_the_queue_is_not_queued_again(store, public_site, settings):
    """An editor saving every second must not queue a long PDF render per save."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    pdf = "/tc24/day-1/recap.pdf"
    with store.changes():
        tasks.render_later([pdf])
        tasks.render_later([pdf, "/tc24/recap.pdf"])
    queued = [r.args_kwargs["args"][0] for r in DBTaskResult.objects.order_by("enqueued_at")]
    assert queued == [[pdf], ["/tc24/recap.pdf"]]
    # after the pages that changes touch: workers take higher priorities first
    assert set(DBTaskResult.objects.values_list("priority", flat=True)) == {tasks.SLOW_PRIORITY}
    tasks.render_paths.call([pdf])  # a worker starts it: a later change queues it again
    with store.changes():
        tasks.render_later([pdf])
    assert DBTaskResult.objects.count() == 3
