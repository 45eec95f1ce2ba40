"""Drafts of live content: edits of what the public sees wait as pending changes."""

import datetime as dt
import io
import zoneinfo

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from cms.models import PendingChange
from sessions.models import Participation, Quote, Session
from tests.admin_posts import browser_post_data, change_form_data
from tests.factories import QuoteFactory, SpeakerFactory


def url(obj, name="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[obj.pk])


def edit(client, obj, **changes):
    """Opens ``obj``'s change form and saves it with ``changes``, as a browser would."""
    page = client.get(url(obj))
    assert page.status_code == 200
    return client.post(url(obj), change_form_data(page, **changes))


def row_field(page, prefix, speaker, field):
    """The name of ``field`` in the inline row of ``speaker`` (participations)."""
    data = change_form_data(page)
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if str(data.get(f"{prefix}-{index}-speaker")) == str(speaker.pk):
            return f"{prefix}-{index}-{field}"
    raise AssertionError(f"no row for {speaker}")


@pytest.fixture
def editor(staff_client):
    return staff_client("Editor")


@pytest.fixture
def organiser(staff_client):
    return staff_client("Organiser")


def public_texts(client, site) -> str:
    """The public session page, the day recap (page and Markdown) and schedule.xml, rendered
    afresh (not from the page cache)."""
    cache.clear()
    event = site.event.slug
    pages = [
        f"/{event}/sessions/{site.keynote.slug}/",
        f"/{event}/day-1/",
        f"/{event}/day-1/recap.md",
        f"/{event}/schedule.xml",
    ]
    texts = []
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_editor_edit_of_a_published_session_stays_pending_until_an_organiser_publishes(
    client, editor, organiser, public_site
):
    keynote = public_site.keynote
    before = public_texts(client, public_site)
    assert "Of Clocks and Clouds" in before

    response = edit(editor, keynote, title="Clocks, Clouds and Trust", summary="A new summary.")

    assert response.status_code == 302, response.content.decode()[:3000]
    keynote.refresh_from_db()
    assert (keynote.title, keynote.summary) == (
        "Of Clocks and Clouds",
        "Clock problems and cloud problems.",
    )
    public = public_texts(client, public_site)
    assert "Clocks, Clouds and Trust" not in public
    assert "A new summary." not in public
    assert "Of Clocks and Clouds" in public
    pending = PendingChange.objects.get()
    assert pending.author == editor.user
    assert pending.data["fields"]["title_en"] == "Clocks, Clouds and Trust"

    diff = organiser.get(url(keynote, "pending"))
    content = diff.content.decode()
    assert "Of Clocks and Clouds" in content and "Clocks, Clouds and Trust" in content
    assert "Publish changes" in content

    published = organiser.post(url(keynote, "pending_publish"))

    assert published.status_code == 302
    keynote.refresh_from_db()
    assert (keynote.title, keynote.summary) == ("Clocks, Clouds and Trust", "A new summary.")
    assert not PendingChange.objects.exists()
    public = public_texts(client, public_site)
    assert "Clocks, Clouds and Trust" in public and "A new summary." in public
    revision = Version.objects.get_for_object(keynote).first().revision
    assert revision.user == organiser.user
    assert revision.comment == f"Published pending changes by {editor.user.get_username()}."
    assert LogEntry.objects.filter(
        object_id=str(keynote.pk), change_message="Published pending changes."
    ).exists()


def test_the_change_form_opens_with_the_pending_values_and_a_banner(editor, organiser, public_site):
    keynote = public_site.keynote
    edit(editor, keynote, title="Pending title")

    page = organiser.get(url(keynote))

    content = page.content.decode()
    assert page.context["adminform"].form["title_en"].value() == "Pending title"
    assert f"Pending changes by {editor.user.get_username()} at" in content
    assert "not yet public" in content
    assert url(keynote, "pending_discard") in content  # the organiser may discard


def test_editor_sees_the_banner_without_publish_and_discard_buttons(editor, public_site):
    keynote = public_site.keynote
    edit(editor, keynote, title="Pending title")

    content = editor.get(url(keynote)).content.decode()

    assert "not yet public" in content
    assert url(keynote, "pending_discard") not in content
    assert "Publish changes" not in content


def test_participant_role_change_stays_pending_and_is_published_with_the_rest(
    editor, organiser, public_site
):
    keynote, eleanor = public_site.keynote, public_site.eleanor
    page = editor.get(url(keynote))
    role = row_field(page, "participations", eleanor, "role")

    response = editor.post(
        url(keynote), change_form_data(page, **{role: Participation.Role.MODERATOR})
    )

    assert response.status_code == 302
    chair = Participation.objects.get(session=keynote, speaker=eleanor)
    assert chair.role == Participation.Role.CHAIR
    reopened = editor.get(url(keynote))
    assert reopened.context["inline_admin_formsets"][0].formset.forms[1]["role"].value() == (
        Participation.Role.MODERATOR
    )
    diff = organiser.get(url(keynote, "pending")).content.decode()
    assert "Participations" in diff or "participations" in diff
    assert "Chair → Moderator" in diff

    organiser.post(url(keynote, "pending_publish"))

    chair.refresh_from_db()
    assert chair.role == Participation.Role.MODERATOR


def test_added_and_removed_rows_stay_pending_and_later_saves_keep_them(
    editor, organiser, public_site
):
    keynote, tina, eleanor = public_site.keynote, public_site.tina, public_site.eleanor
    newcomer = SpeakerFactory(name="Rosa Newcomer")
    page = editor.get(url(keynote))
    data = change_form_data(page)
    total = int(data["participations-TOTAL_FORMS"])
    delete = row_field(page, "participations", tina, "DELETE")
    data |= {
        delete: "on",
        "participations-TOTAL_FORMS": str(total + 1),
        f"participations-{total}-speaker": str(newcomer.pk),
        f"participations-{total}-role": Participation.Role.PANELLIST,
        f"participations-{total}-order": "5",
    }
    assert editor.post(url(keynote), data).status_code == 302
    live = set(keynote.participations.values_list("speaker__name", flat=True))
    assert live == {"Tina Nabatchi", "Eleanor Carter"}

    # The form opens with the rows as pending: Tina's row gone, the newcomer's added.
    formset = editor.get(url(keynote)).context["inline_admin_formsets"][0].formset
    assert [form.instance.speaker for form in formset.initial_forms] == [eleanor]
    assert formset.extra_forms[0].initial["speaker"] == newcomer.pk

    # A second save (by anyone) of the form as it now opens keeps both changes.
    assert edit(organiser, keynote, title="Second save").status_code == 302
    pending = PendingChange.objects.get()
    assert pending.author == organiser.user
    rows = pending.data["inlines"]["participations"]
    assert len(rows["added"]) == 1 and len(rows["deleted"]) == 1
    diff = organiser.get(url(keynote, "pending")).content.decode()
    assert "Added: " in diff and "Removed: " in diff

    organiser.post(url(keynote, "pending_publish"))

    keynote.refresh_from_db()
    assert keynote.title == "Second save"
    live = set(keynote.participations.values_list("speaker__name", flat=True))
    assert live == {"Eleanor Carter", "Rosa Newcomer"}
    assert eleanor.participations.get(session=keynote).role == Participation.Role.CHAIR


def test_discard_leaves_the_live_rows_as_they_are(editor, organiser, public_site):
    keynote, eleanor = public_site.keynote, public_site.eleanor
    page = editor.get(url(keynote))
    role = row_field(page, "participations", eleanor, "role")
    editor.post(url(keynote), change_form_data(page, title="Never public", **{role: "moderator"}))
    confirm = organiser.get(url(keynote, "pending_discard"))
    assert "will be thrown away" in confirm.content.decode()

    response = organiser.post(url(keynote, "pending_discard"))

    assert response.status_code == 302
    assert not PendingChange.objects.exists()
    keynote.refresh_from_db()
    assert keynote.title == "Of Clocks and Clouds"
    assert keynote.participations.get(speaker=eleanor).role == Participation.Role.CHAIR
    assert organiser.get(url(keynote)).context["adminform"].form["title_en"].value() == (
        "Of Clocks and Clouds"
    )


def test_a_draft_is_still_edited_directly(editor, public_site):
    draft = public_site.draft_session

    response = edit(editor, draft, title="Secret but renamed")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Secret but renamed"
    assert not PendingChange.objects.exists()


@pytest.mark.parametrize("name", ["pending_publish", "pending_discard"])
def test_editors_may_not_publish_or_discard(editor, public_site, name):
    keynote = public_site.keynote
    edit(editor, keynote, title="Pending title")

    assert editor.get(url(keynote, name)).status_code == 403
    assert editor.post(url(keynote, name)).status_code == 403

    keynote.refresh_from_db()
    assert keynote.title == "Of Clocks and Clouds"
    assert PendingChange.objects.get().data["fields"]["title_en"] == "Pending title"


def test_a_stale_second_save_is_refused(staff_client, public_site):
    keynote = public_site.keynote
    alice, bob = staff_client("Editor"), staff_client("Editor")
    alice_page, bob_page = alice.get(url(keynote)), bob.get(url(keynote))

    first = alice.post(url(keynote), change_form_data(alice_page, title="Alice's title"))
    second = bob.post(url(keynote), change_form_data(bob_page, summary="Bob's summary"))

    assert first.status_code == 302
    assert second.status_code == 200
    assert "while you were editing" in second.content.decode()
    pending = PendingChange.objects.get()
    assert pending.author == alice.user
    assert pending.data["fields"]["summary_en"] == "Clock problems and cloud problems."


def test_publishing_changes_made_against_an_older_version_is_refused(
    editor, organiser, public_site
):
    keynote = public_site.keynote
    edit(editor, keynote, title="Pending title")
    Session.objects.filter(pk=keynote.pk).update(version=99)  # someone changed the live row

    response = organiser.post(url(keynote, "pending_publish"), follow=True)

    assert "Nothing was published" in response.content.decode()
    keynote.refresh_from_db()
    assert keynote.title == "Of Clocks and Clouds"
    assert PendingChange.objects.exists()


def test_publishing_applies_everything_at_once_or_nothing(editor, organiser, public_site):
    keynote, eleanor = public_site.keynote, public_site.eleanor
    page = editor.get(url(keynote))
    role = row_field(page, "participations", eleanor, "role")
    editor.post(url(keynote), change_form_data(page, title="All or nothing", **{role: "moderator"}))
    # The participation was changed directly meanwhile: the row no longer fits.
    Participation.objects.filter(session=keynote, speaker=eleanor).delete()

    response = organiser.post(url(keynote, "pending_publish"), follow=True)

    assert "Nothing was published" in response.content.decode()
    keynote.refresh_from_db()
    assert keynote.title == "Of Clocks and Clouds"


def _changelist_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_pending_quote_edit_and_changelist_column_and_filter(editor, organiser, public_site):
    quote = public_site.quote
    changelist = reverse("admin:programme_quote_changelist")
    edit(editor, quote, text="Pending words")
    quote.refresh_from_db()
    assert quote.text.startswith("Leave our world")
    few = _changelist_queries(organiser, changelist)

    listing = organiser.get(changelist + "?pending=yes")

    assert list(listing.context["cl"].result_list) == [quote]
    assert "Has pending changes" in listing.content.decode()
    others = organiser.get(changelist + "?pending=no")
    assert quote not in list(others.context["cl"].result_list)
    assert len(others.context["cl"].result_list) == Quote.objects.count() - 1
    # The column costs no query per row: more quotes with pending changes, same count.
    for n in range(5):
        extra = QuoteFactory(session=public_site.keynote, speaker=public_site.tina)
        edit(editor, extra, text=f"Pending words {n}")
    assert PendingChange.objects.count() == 6
    assert _changelist_queries(organiser, changelist) == few


def test_people_and_organisations_shown_publicly_go_pending(editor, organiser, client, public_site):
    tina, golab = public_site.tina, public_site.golab

    edit(editor, tina, bio="A pending biography.")
    edit(editor, golab, short_name="GOL")

    tina.refresh_from_db()
    golab.refresh_from_db()
    assert tina.bio == "Studies *trust*." and golab.short_name == "GO Lab"
    assert "A pending biography." not in client.get(f"/speakers/{tina.slug}/").content.decode()
    organiser.post(url(tina, "pending_publish"))
    tina.refresh_from_db()
    assert tina.bio == "A pending biography."
    assert "A pending biography." in client.get(f"/speakers/{tina.slug}/").content.decode()
    # A person nobody public shows is edited directly.
    edit(editor, public_site.hidden, bio="Secret bio")
    public_site.hidden.refresh_from_db()
    assert public_site.hidden.bio == "Secret bio"


def test_changelist_edit_of_a_live_session_stays_pending(editor, organiser, client, public_site):
    keynote, draft = public_site.keynote, public_site.draft_session
    rows = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-id": keynote.pk,
        "form-0-order": 7,
        "form-0-status": keynote.status,
        "form-1-id": draft.pk,
        "form-1-order": 8,
        "form-1-status": draft.status,
        "_save": "Save",
    }

    response = editor.post(reverse("admin:programme_session_changelist"), rows, follow=True)

    assert "are pending" in response.content.decode()
    keynote.refresh_from_db()
    draft.refresh_from_db()
    assert (keynote.order, draft.order) == (0, 8)  # the draft is saved directly
    assert PendingChange.objects.get().data["fields"] == {"order": 7}
    assert editor.get(url(keynote)).context["adminform"].form["order"].value() == 7
    organiser.post(url(keynote, "pending_publish"))
    keynote.refresh_from_db()
    assert keynote.order == 7


def _jpeg(name="cover.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_report_with_topics_editors_and_a_new_cover_stays_pending(
    editor, organiser, client, public_site, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report, tina = public_site.report, public_site.tina
    page = editor.get(url(report))
    data = change_form_data(page, subtitle="A pending subtitle", topics="Trust, Housing")
    total = int(data["report_editors-TOTAL_FORMS"])
    data |= {
        "report_editors-TOTAL_FORMS": str(total + 1),
        f"report_editors-{total}-speaker": str(tina.pk),
        f"report_editors-{total}-order": "1",
        "cover": _jpeg(),
    }

    assert editor.post(url(report), data).status_code == 302

    report.refresh_from_db()
    assert report.subtitle == "Distilling fifteen years of experience"
    assert not report.cover
    assert list(report.topics.names()) == ["Trust"]
    assert report.report_editors.count() == 1
    public = client.get(f"/reports/{report.slug}/").content.decode()
    assert "A pending subtitle" not in public and "Housing" not in public
    stored = PendingChange.objects.get().data["fields"]["cover"]
    assert (tmp_path / stored).is_file() and stored.startswith("reports/covers/")
    reopened = editor.get(url(report)).content.decode()
    assert "A pending subtitle" in reopened and "Housing" in reopened
    diff = organiser.get(url(report, "pending")).content.decode()
    assert "Housing" in diff and "Tina Nabatchi" in diff and "A pending subtitle" in diff

    organiser.post(url(report, "pending_publish"))

    report.refresh_from_db()
    assert report.subtitle == "A pending subtitle"
    assert report.cover.name == stored
    assert sorted(report.topics.names()) == ["Housing", "Trust"]
    assert [row.speaker for row in report.report_editors.order_by("order")] == [
        public_site.eleanor,
        tina,
    ]
    assert "A pending subtitle" in client.get(f"/reports/{report.slug}/").content.decode()


def test_discarding_drops_the_file_uploaded_for_the_pending_change(
    editor, organiser, public_site, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = public_site.report
    editor.post(url(report), change_form_data(editor.get(url(report)), cover=_jpeg()))
    stored = tmp_path / PendingChange.objects.get().data["fields"]["cover"]
    assert stored.is_file()

    organiser.post(url(report, "pending_discard"))

    assert not stored.exists()
    report.refresh_from_db()
    assert not report.cover


def test_day_with_a_session_row_changed_stays_pending(editor, organiser, client, public_site):
    day, keynote = public_site.day, public_site.keynote
    page = editor.get(url(day))
    data = change_form_data(page, recap_intro="A pending introduction.")
    title = next(
        name for name, value in data.items()
        if name.startswith("sessions-") and name.endswith("-title") and value == keynote.title
    )

    assert editor.post(url(day), data | {title: "Renamed from the day"}).status_code == 302

    keynote.refresh_from_db()
    assert keynote.title == "Of Clocks and Clouds"
    recap = client.get(f"/{public_site.event.slug}/day-1/").content.decode()
    assert "Renamed from the day" not in recap and "A pending introduction." not in recap
    diff = organiser.get(url(day, "pending")).content.decode()
    assert "Of Clocks and Clouds → Renamed from the day" in diff

    organiser.post(url(day, "pending_publish"))

    keynote.refresh_from_db()
    day.refresh_from_db()
    assert keynote.title == "Renamed from the day"
    assert day.recap_intro == "A pending introduction."
    recap = client.get(f"/{public_site.event.slug}/day-1/").content.decode()
    assert "Renamed from the day" in recap


def test_event_rooms_and_organisation_people_stay_pending(editor, organiser, public_site):
    event, golab, eleanor = public_site.event, public_site.golab, public_site.eleanor
    data = change_form_data(editor.get(url(event)), venue="Pending venue")
    total = int(data["rooms-TOTAL_FORMS"])
    data |= {
        "rooms-TOTAL_FORMS": str(total + 1),
        f"rooms-{total}-name": "Pending room",
        f"rooms-{total}-order": "2",
    }
    assert editor.post(url(event), data).status_code == 302
    page = editor.get(url(golab))
    role = row_field(page, "affiliations", eleanor, "role")
    response = editor.post(url(golab), change_form_data(page, **{role: "Pending role"}))
    assert response.status_code == 302

    event.refresh_from_db()
    assert event.venue == "Oxford"
    assert not event.rooms.filter(name="Pending room").exists()
    assert eleanor.affiliations.get().role == "Research Director"

    organiser.post(url(event, "pending_publish"))
    organiser.post(url(golab, "pending_publish"))

    event.refresh_from_db()
    assert event.venue == "Pending venue"
    assert event.rooms.filter(name="Pending room").exists()
    assert eleanor.affiliations.get().role == "Pending role"


def test_saving_the_published_values_leaves_nothing_pending(editor, public_site):
    keynote = public_site.keynote

    response = edit(editor, keynote)

    assert response.status_code == 302
    assert not PendingChange.objects.exists()
    edit(editor, keynote, title="A pending title")
    assert PendingChange.objects.exists()

    # Typing the published title back drops the pending change.
    response = edit(editor, keynote, title="Of Clocks and Clouds")

    assert not PendingChange.objects.exists()
    page = editor.get(url(keynote))
    assert "not yet public" not in page.content.decode()
    assert page.context["adminform"].form["title_en"].value() == "Of Clocks and Clouds"


def test_the_comparison_shows_a_moved_session_in_local_time(editor, organiser, public_site):
    keynote = public_site.keynote

    edit(editor, keynote, start_1="09:45")

    diff = organiser.get(url(keynote, "pending")).content.decode()
    assert "<del>9:30</del><ins>9:45</ins>" in diff
    keynote.refresh_from_db()
    assert keynote.start.astimezone(public_site.event.tzinfo).strftime("%H:%M") == "09:30"


def test_deleting_content_deletes_its_pending_changes_with_it(editor, public_site):
    edit(editor, public_site.keynote, title="Pending title")
    edit(editor, public_site.day, title="Pending day title")
    assert PendingChange.objects.count() == 2

    public_site.day.delete()  # the keynote goes with its day

    assert not PendingChange.objects.exists()


def test_a_pending_save_that_would_hide_live_content_needs_publish_permission(editor, public_site):
    """Moving a live quote into a draft session would take it off the public site once
    published: an editor's save is refused as a direct one would be, and nothing waits."""
    quote = public_site.quote

    response = edit(editor, quote, session=public_site.draft_session.pk)

    assert response.status_code == 200
    assert "only organisers can do that" in response.content.decode()
    assert not PendingChange.objects.exists()
    quote.refresh_from_db()
    assert quote.session == public_site.keynote


def test_pending_times_are_read_and_shown_in_the_events_zone(
    settings, editor, organiser, public_site
):
    """A Berlin event on a London server: the form, the pending change and the comparison
    all mean the moment the editor typed in Berlin."""
    settings.TIME_ZONE = "Europe/London"
    event, keynote = public_site.event, public_site.keynote
    type(event).objects.filter(pk=event.pk).update(time_zone="Europe/Berlin")
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    live_start = keynote.start
    assert live_start.astimezone(berlin).strftime("%H:%M") == "10:30"

    response = edit(editor, keynote, start_1="10:45")

    assert response.status_code == 302, response.content.decode()[:3000]
    keynote.refresh_from_db()
    assert keynote.start == live_start
    pending = PendingChange.objects.get()
    moment = live_start + dt.timedelta(minutes=15)
    assert pending.data["fields"]["start"].startswith(
        moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    )
    page = editor.get(url(keynote)).content.decode()
    assert 'name="start_1" value="10:45"' in page
    assert "Times in Europe/Berlin." in page
    diff = organiser.get(url(keynote, "pending")).content.decode()
    assert "<del>10:30</del><ins>10:45</ins>" in diff


def test_a_revert_of_live_content_writes_the_live_rows_not_a_pending_change(organiser, public_site):
    keynote = public_site.keynote
    with reversion.create_revision():
        keynote.save()
    older = Version.objects.get_for_object(keynote).get()
    Session.objects.filter(pk=keynote.pk).update(title="Renamed since")
    revision_url = reverse("admin:programme_session_revision", args=[keynote.pk, older.pk])

    page = organiser.get(revision_url)
    response = organiser.post(revision_url, browser_post_data(page, "session_form"))

    assert response.status_code == 302
    keynote.refresh_from_db()
    assert keynote.title == "Of Clocks and Clouds"
    assert not PendingChange.objects.exists()
