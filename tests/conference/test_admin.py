"""Editor admin for events with their rooms and days."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.publishing import Status
from conference.models import Day, Event

EVENT_ADD = reverse("admin:conference_event_add")


def change_url(obj):
    return reverse("admin:conference_event_change", args=[obj.pk])


def event_data(**overrides):
    data = {
        "name": "Social Outcomes Conference 2024",
        "slug": "soc24",
        "start_date": "2024-09-05",
        "end_date": "2024-09-06",
        "time_zone": "Europe/London",
        "format": Event.Format.HYBRID,
        "status": Status.DRAFT,
    }
    return data | overrides


def test_event_admin_saves_event_with_rooms(admin_submit):
    data = event_data() | {
        "rooms-TOTAL_FORMS": 1,
        "rooms-0-name": "Sheldonian Theatre",
        "rooms-0-order": 0,
    }

    response = admin_submit(EVENT_ADD, data)

    assert response.status_code == 302
    assert list(Event.objects.get().rooms.values_list("name", flat=True)) == ["Sheldonian Theatre"]


def test_event_admin_rejects_end_before_start(admin_submit):
    response = admin_submit(EVENT_ADD, event_data(end_date="2024-09-01"))

    assert "The event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("banner.jpg", b"not an image at all", id="text"),
        pytest.param("banner.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
    ],
)
def test_event_admin_rejects_banner_that_is_not_an_image(
    admin_submit, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    banner = SimpleUploadedFile(name, content, content_type="image/jpeg")

    response = admin_submit(EVENT_ADD, event_data(banner=banner))

    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in response.content.decode()
    assert not Event.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def day_rows(*rows):
    data = {"days-TOTAL_FORMS": len(rows)}
    for index, (number, date) in enumerate(rows):
        data |= {
            f"days-{index}-number": number,
            f"days-{index}-date": date,
            f"days-{index}-status": Status.DRAFT,
        }
    return data


def test_event_days_inline_saves_days(admin_submit, event):
    Event.objects.filter(pk=event.pk).update(status=Status.DRAFT)  # saved directly
    data = event_data(slug=event.slug) | day_rows((1, "2024-09-05"), (2, "2024-09-06"))

    response = admin_submit(change_url(event), data)

    assert response.status_code == 302
    assert list(event.days.values_list("number", flat=True)) == [1, 2]


def test_event_days_inline_rejects_date_outside_event(admin_submit, event):
    data = event_data(slug=event.slug) | day_rows((1, "2024-10-01"))

    response = admin_submit(change_url(event), data)

    assert "The date must lie within the event" in response.content.decode()
    assert not Day.objects.exists()


def test_event_days_inline_rejects_duplicate_day_number(admin_submit, event):
    data = event_data(slug=event.slug) | day_rows((1, "2024-09-05"), (1, "2024-09-06"))

    response = admin_submit(change_url(event), data)

    assert "Two rows have the same number “1”." in response.content.decode()
    assert not Day.objects.exists()


def test_event_add_page_leaves_days_until_the_event_is_saved(editor_client):
    content = editor_client.get(EVENT_ADD).content.decode()

    assert "rooms-TOTAL_FORMS" in content
    assert "days-TOTAL_FORMS" not in content


def test_event_admin_pages_load(editor_client, day):
    pages = {
        reverse("admin:conference_event_changelist"): ["Test Conference 2024"],
        EVENT_ADD: ["Add event"],
        change_url(day.event): ["Test Conference 2024", 'name="days-0-date"', "View on site"],
    }
    for url, expected in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        for text in expected:
            assert text in response.content.decode(), (url, text)


def test_long_text_fields_use_the_markdown_editor(editor_client, public_site):
    from reports.models import Report

    pages = {
        public_site.event: ["summary"],
        public_site.day: ["recap_intro"],
        public_site.keynote: ["summary", "recap_text"],
        public_site.tina: ["bio"],
        public_site.golab: ["description"],
        Report.objects.get(slug="evolution"): ["summary"],
    }
    for obj, fields in pages.items():
        meta = obj._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        form = editor_client.get(url).context["adminform"].form
        for name in fields:  # each language's input
            for language in ("en", "fr"):
                widget = form.fields[f"{name}_{language}"].widget
                assert "markdown-source" in widget.attrs["class"], (obj, name, language)


def test_speaker_form_sets_the_photo_focal_point(editor_client, public_site):
    url = reverse("admin:speakers_speaker_change", args=[public_site.tina.pk])
    form = editor_client.get(url).context["adminform"].form
    assert {"photo_focal_x", "photo_focal_y"} <= set(form.fields)
