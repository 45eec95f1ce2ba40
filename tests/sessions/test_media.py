"""Session media: recordings embedded on request, WebVTT transcripts, attachments, photos."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from cms.publishing import Status
from sessions.models import Session, SessionAttachment, SessionPhoto
from tests.factories import SessionFactory, image_upload
from tests.reports.pdfs import pdf_bytes
from website.search import search
from website.selectors.sessions import recording_player

pytestmark = pytest.mark.django_db

VTT = (Path(__file__).parent.parent / "fixtures" / "media" / "keynote.vtt").read_bytes()


def session_url(session):
    kwargs = {"event": session.day.event.slug, "slug": session.slug}
    return reverse("programme:session-detail", kwargs=kwargs)


def change_url(session):
    return reverse("admin:programme_session_change", args=[session.pk])


def without_templates(html: str) -> str:
    """The page as a browser loads it: what sits in a <template> is never fetched."""
    return re.sub(r"<template>.*?</template>", "", html, flags=re.S)


def vtt_upload(content: bytes = VTT, name: str = "keynote.vtt"):
    return SimpleUploadedFile(name, content, content_type="text/vtt")


# Recordings.


@pytest.mark.parametrize(
    "url, player",
    [
        ("https://www.youtube.com/watch?v=abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://youtu.be/abcDEF12345?t=30", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://media.ccc.de/v/38c3-12345-clocks-and-clouds", "https://media.ccc.de/v/38c3-12345-clocks-and-clouds/oembed"),
        ("https://tube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "https://tube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"),
        ("https://tube.example.org/videos/watch/kkGMgK9ZtnKfYAgnEtQxbv", "https://tube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv"),
        ("https://other-tube.example.net/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", None),
        ("https://recordings.example.org/keynote.mp4", None),
        ("https://vimeo.com/channels/staffpicks", None),
        ("https://media.ccc.de/c/38c3", None),
        ("javascript:alert(1)//youtube.com/watch?v=abcDEF12345", None),
    ],
)  # fmt: skip
def test_recording_player_maps_known_hosts_only(settings, url, player):
    settings.RECORDING_PEERTUBE_HOSTS = ["tube.example.org"]
    found = recording_player(url)
    assert (found.url if found else None) == player


def test_session_page_loads_no_player_until_the_button_is_pressed(client, public_site):
    html = client.get(session_url(public_site.keynote)).content.decode()
    loaded = without_templates(html)
    assert "<iframe" not in loaded
    assert "youtube-nocookie" not in loaded.replace(
        "loads the video from youtube-nocookie.com", ""
    )
    assert "Play — loads the video from youtube-nocookie.com</button>" in html
    assert '<template><iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345"' in html
    assert "js/recording-player" in html
    # Without the script, the link to the recording itself.
    assert '<a href="https://www.youtube.com/watch?v=abcDEF12345">' in html


def test_session_page_links_recording_on_unknown_host_without_player(client, public_site):
    keynote = public_site.keynote
    keynote.recording_url = "https://recordings.example.org/keynote.mp4"
    keynote.recording_licence = "CC BY 4.0"
    keynote.save()
    html = client.get(session_url(keynote)).content.decode()
    assert '<a href="https://recordings.example.org/keynote.mp4">' in html
    assert "(licence: CC BY 4.0)" in html
    assert "<template>" not in html and "Play —" not in html
    assert "recording-player" not in html


def test_content_security_policy_frames_only_the_known_players(client, public_site):
    policy = client.get(session_url(public_site.keynote))["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]*)", policy).group(1).split()
    assert set(frame_src) == {
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://media.ccc.de",
    }
    assert "script-src 'self'" in policy


def test_recording_script_is_self_hosted_and_builds_the_frame_from_the_template():
    script = Path("static/js/recording-player.js").read_text()
    assert "template.content" in script and "http" not in script


# Transcripts.


def test_transcript_upload_is_kept_with_its_text(admin_submit, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    response = admin_submit(
        change_url(session), _session_post(session, transcript=vtt_upload())
    )
    assert response.status_code == 302, _errors(response)
    session.refresh_from_db()
    assert session.transcript.name.startswith("sessions/transcripts/")
    assert session.transcript.name.endswith(".vtt")
    assert _in_private_storage(session.transcript)
    assert "Tina Nabatchi: Good morning, and thank you all" in session.transcript_text
    assert "clouds & they change" in session.transcript_text
    assert "Eleanor Carter: Thank you, Tina." in session.transcript_text


@pytest.mark.parametrize(
    "content, message",
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nAn SRT file\n", "not a WebVTT transcript"),
        (b"%PDF-1.7 not a transcript", "not a WebVTT transcript"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xff\xfe broken\n", "not UTF-8"),
        (b"WEBVTT\n\nNOTE nothing was said\n", "has no text in its cues"),
    ],
)
def test_transcript_upload_rejects_other_files_and_saves_nothing(
    admin_submit, day, content, message
):
    session = SessionFactory(day=day, status=Status.DRAFT, title="Before")
    data = _session_post(session, title="After", transcript=vtt_upload(content))
    response = admin_submit(change_url(session), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Before" and not session.transcript and not session.transcript_text


def test_session_page_shows_transcript_in_paragraphs_with_times_and_speakers(
    client, public_site
):
    keynote = public_site.keynote
    keynote.transcript.save("keynote.vtt", ContentFile(VTT))
    html = client.get(session_url(keynote)).content.decode()
    section = html[html.index('id="transcript-title"') :]
    paragraphs = re.findall(r'<p class="transcript__paragraph">(.*?)</p>', section, re.S)
    text = [re.sub(r"<[^>]+>", "", p).split() for p in paragraphs]
    assert [" ".join(words[:4]) for words in text] == [
        "0:03 Tina Nabatchi: Good",
        "0:19 Eleanor Carter: Thank",
        "1:05 Eleanor Carter: We",  # a pause of 40 seconds starts a paragraph
    ]
    assert "the ones we cannot. Public problems are mostly clouds &amp; they" in paragraphs[0]
    transcript_url = reverse(
        "programme:session-transcript", kwargs={"event": "tc24", "slug": "keynote"}
    )
    assert f'href="{transcript_url}"' in html
    download = client.get(transcript_url)
    assert download["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(download.streaming_content) == VTT


def test_search_finds_sessions_by_transcript_text(public_site):
    public_site.keynote.transcript.save("keynote.vtt", ContentFile(VTT))
    results = search("outcome payments Kenya")
    hits = list(results.page)
    assert [hit.title for hit in hits] == ["1.0 Of Clocks and Clouds"]
    assert "<mark>Kenya</mark>" in hits[0].snippet


def test_search_never_finds_a_draft_session_by_its_transcript(public_site):
    public_site.draft_session.transcript.save("keynote.vtt", ContentFile(VTT))
    assert search("Kenya").total == 0


def test_removing_the_transcript_clears_its_text(public_site):
    keynote = public_site.keynote
    keynote.transcript.save("keynote.vtt", ContentFile(VTT))
    keynote.transcript = ""
    keynote.save()
    keynote.refresh_from_db()
    assert keynote.transcript_text == ""
    assert search("Kenya").total == 0


# Attachments.


def test_attachment_upload_keeps_a_pdf_and_lists_it_with_type_size_and_licence(
    admin_submit, client, public_site
):
    session = SessionFactory(day=public_site.day, slug="clocks-slides", status=Status.DRAFT)
    data = _session_post(
        session,
        **_rows(
            "attachments",
            {
                "title": "Slides: Of clocks and clouds",
                "kind": "slides",
                "file": SimpleUploadedFile("deck.pdf", pdf_bytes(), "application/pdf"),
                "licence": "CC BY 4.0",
                "order": 0,
            },
        ),
    )
    response = admin_submit(change_url(session), data)
    assert response.status_code == 302, _errors(response)
    attachment = SessionAttachment.objects.get(session=session)
    assert attachment.file.name.startswith("sessions/attachments/")
    assert attachment.file.name.endswith(".pdf") and "deck" not in attachment.file.name
    assert attachment.size == len(pdf_bytes())
    # Not reachable while the session is a draft.
    assert client.get(attachment.get_absolute_url()).status_code == 404
    session.status = Status.PUBLISHED
    session.save()
    html = client.get(session_url(session)).content.decode()
    assert f'<a href="{attachment.get_absolute_url()}">Slides: Of clocks and clouds</a>' in html
    assert f"(slides, PDF, {filesizeformat(attachment.size)}, licence: CC BY 4.0)" in html
    download = client.get(attachment.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="slides-of-clocks-and-clouds.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_attachment_image_is_stored_re_encoded(public_site):
    attachment = SessionAttachment(
        session=public_site.keynote, title="Room plan", kind="other", file=image_upload()
    )
    attachment.full_clean()
    attachment.save()
    assert attachment.file.name.endswith(".jpg") and attachment.file_type == "JPEG image"
    assert attachment.size == attachment.file.storage.size(attachment.file.name)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("deck.pdf", b"%PDF-1.7\n garbage"), "not a readable PDF"),
        (SimpleUploadedFile("deck.pdf", pdf_bytes(password="secret")), "encrypted"),
        (SimpleUploadedFile("deck.pptx", b"PK\x03\x04 slides"), "Attach a PDF or an image"),
        (SimpleUploadedFile("deck.svg", b"<svg onload='alert(1)'/>"), "SVG images are not"),
    ],
)
def test_attachment_upload_rejects_bad_files_and_saves_nothing(
    admin_submit, day, upload, message
):
    session = SessionFactory(day=day, status=Status.DRAFT, title="Before")
    data = _session_post(
        session,
        title="After",
        **_rows("attachments", {"title": "Deck", "kind": "slides", "file": upload, "order": 0}),
    )
    response = admin_submit(change_url(session), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Before" and not session.attachments.exists()


def test_attachment_larger_than_the_limit_is_refused(settings, public_site):
    settings.MAX_UPLOAD_ATTACHMENT_BYTES = 1024
    upload = SimpleUploadedFile("deck.pdf", pdf_bytes() + b" " * 2048, "application/pdf")
    attachment = SessionAttachment(session=public_site.keynote, title="Deck", file=upload)
    with pytest.raises(Exception, match="larger than"):
        attachment.full_clean()


def test_attachments_of_draft_sessions_are_not_found(client, public_site):
    attachment = SessionAttachment.objects.create(
        session=public_site.draft_session,
        title="Embargoed slides",
        file=SimpleUploadedFile("deck.pdf", pdf_bytes()),
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert _in_private_storage(attachment.file)
    transcript = reverse(
        "programme:session-transcript",
        kwargs={"event": "tc24", "slug": public_site.draft_session.slug},
    )
    public_site.draft_session.transcript.save("keynote.vtt", ContentFile(VTT))
    assert client.get(transcript).status_code == 404


# Photos.


def test_session_page_shows_photos_with_credit_and_renditions(client, public_site):
    SessionPhoto.objects.create(
        session=public_site.keynote,
        image=image_upload(size=(800, 600)),
        alt_text="Tina Nabatchi at the lectern",
        caption="The opening keynote.",
        credit="Jane Photographer",
        licence="CC BY-SA 4.0",
    )
    html = client.get(session_url(public_site.keynote)).content.decode()
    gallery = html[html.index('id="photos-title"') :]
    assert 'alt="Tina Nabatchi at the lectern"' in gallery
    assert re.search(r'srcset="/media/renditions/[0-9a-f]+/cover/\S+ 320w', gallery)
    assert "The opening keynote." in gallery
    assert "Photo: Jane Photographer, licence: CC BY-SA 4.0" in gallery


def test_photo_inline_requires_alt_text(admin_submit, day):
    session = SessionFactory(day=day, status=Status.DRAFT)
    data = _session_post(
        session, **_rows("photos", {"image": image_upload(), "alt_text": "", "order": 0})
    )
    response = admin_submit(change_url(session), data)
    assert response.status_code == 200
    assert not SessionPhoto.objects.exists()


@pytest.mark.parametrize("extra", [0, 6])
def test_session_page_query_count_with_media(
    client, public_site, extra, django_assert_max_num_queries
):
    for n in range(extra):
        deck = SimpleUploadedFile("deck.pdf", pdf_bytes())
        SessionAttachment.objects.create(session=public_site.keynote, title="Deck", file=deck)
        SessionPhoto.objects.create(
            session=public_site.keynote, image=image_upload(), alt_text=f"Photo {n}"
        )
    with django_assert_max_num_queries(13):  # the site identity among them
        assert client.get(session_url(public_site.keynote)).status_code == 200


# Helpers.


def _session_post(session: Session, **changes) -> dict:
    tz = session.day.event.tzinfo
    start, end = session.start.astimezone(tz), session.end.astimezone(tz)
    data = {
        "day": session.day_id,
        "code": session.code,
        "title": session.title,
        "slug": session.slug,
        "kind": session.kind,
        "languages": session.languages,
        "start_0": start.date().isoformat(),
        "start_1": start.strftime("%H:%M"),
        "end_0": end.date().isoformat(),
        "end_1": end.strftime("%H:%M"),
        "order": session.order,
        "summary": session.summary,
        "recap_text": session.recap_text,
        "status": session.status,
    }
    return data | changes


def _rows(prefix: str, *rows: dict) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{name}": value for name, value in row.items()}
    return data


def _in_private_storage(field_file) -> bool:
    """Stored under PRIVATE_MEDIA_ROOT, which the web server never serves at MEDIA_URL."""
    path = Path(field_file.path)
    return path.is_file() and Path(settings.PRIVATE_MEDIA_ROOT) in path.parents


def _errors(response) -> str:
    html = re.sub(r"\s+", " ", response.content.decode())
    return " ".join(re.findall(r"class=\"(?:errornote|errorlist)[^>]*>(.*?)</", html))


def test_media_added_to_a_live_session_stay_pending_until_published(
    staff_client, client, public_site
):
    from cms.models import PendingChange
    from tests.admin_posts import change_form_data

    editor, organiser = staff_client("Editor"), staff_client("Organiser")
    keynote = public_site.keynote
    page = editor.get(change_url(keynote))
    data = change_form_data(page, transcript=vtt_upload())
    data |= {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "Keynote slides",
        "attachments-0-kind": "slides",
        "attachments-0-file": SimpleUploadedFile("deck.pdf", pdf_bytes()),
        "attachments-0-order": "0",
    }
    response = editor.post(change_url(keynote), data)
    assert response.status_code == 302, _errors(response)

    keynote.refresh_from_db()
    assert not keynote.transcript and not keynote.attachments.exists()
    assert PendingChange.objects.count() == 1
    html = client.get(session_url(keynote)).content.decode()
    assert "Transcript" not in html and "Keynote slides" not in html
    assert search("Kenya").total == 0

    organiser.post(reverse("admin:programme_session_pending_publish", args=[keynote.pk]))

    keynote.refresh_from_db()
    assert "Eleanor Carter: We have a question about outcome payments" in keynote.transcript_text
    attachment = keynote.attachments.get()
    assert attachment.size == len(pdf_bytes())
    html = client.get(session_url(keynote)).content.decode()
    assert "0:19</time> <strong" in html and "Keynote slides" in html
    assert [hit.title for hit in search("Kenya").page] == ["1.0 Of Clocks and Clouds"]


# Exports.


@pytest.fixture
def programme_with_slides(event):
    from tests.factories import build_programme

    days = build_programme(event)
    session = Session.objects.public().filter(day=days[0], start__isnull=False).first()
    for kind, title in (("slides", "The deck"), ("other", "Room plan")):
        SessionAttachment.objects.create(
            session=session, title=title, kind=kind, file=SimpleUploadedFile("a.pdf", pdf_bytes())
        )
    return session


def _attachment_urls(session):
    return [
        f"http://testserver{attachment.get_absolute_url()}"
        for attachment in session.attachments.all()
    ]


def test_frab_exports_list_attachments_and_validate(client, event, programme_with_slides):
    from lxml import etree

    from tests.sessions.test_schedule_exports import validate_json, validate_xml

    urls = _attachment_urls(programme_with_slides)
    body = client.get(f"/{event.slug}/schedule.xml").content
    validate_xml(body)
    element = etree.fromstring(body).find(f".//event[@guid='{programme_with_slides.uuid}']")
    attachments = element.findall("attachments/attachment")
    assert [(a.text, a.get("href"), a.get("type")) for a in attachments] == [
        ("The deck", urls[0], "slides"),
        ("Room plan", urls[1], "related"),
    ]
    data = client.get(f"/{event.slug}/schedule.json").json()
    validate_json(data)
    talks = [
        talk
        for day in data["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for talk in room
    ]
    talk = next(t for t in talks if t["guid"] == str(programme_with_slides.uuid))
    assert talk["attachments"] == [
        {"type": "slides", "url": urls[0], "title": "The deck"},
        {"type": "related", "url": urls[1], "title": "Room plan"},
    ]
    assert sum("attachments" in t for t in talks) == 1
    assert client.get(urls[0]).status_code == 200


def test_schedule2_lists_attachments_and_validates(client, event, programme_with_slides):
    from tests.sessions.test_schedule2 import validate

    data = client.get(f"/{event.slug}/schedule2.json").json()
    validate(data)
    item = next(
        i for i in data["schedule"]["events"] if i["guid"] == str(programme_with_slides.uuid)
    )
    urls = _attachment_urls(programme_with_slides)
    assert item["attachments"] == [
        {"type": "SLIDES", "url": urls[0], "title": "The deck"},
        {"type": "RELATED", "url": urls[1], "title": "Room plan"},
    ]


def test_attachment_address_ends_in_its_file_name(client, public_site):
    attachment = SessionAttachment.objects.create(
        session=public_site.keynote,
        title="Clocks & Clouds: slides",
        file=SimpleUploadedFile("deck.pdf", pdf_bytes()),
    )
    url = attachment.get_absolute_url()
    assert url.endswith(f"/attachments/{attachment.pk}/clocks-clouds-slides.pdf")
    assert client.get(url).status_code == 200
    assert client.get(url.replace("clocks-clouds-slides", "other")).status_code == 404


def test_static_copy_includes_public_media_files_only(public_site):
    from website.site_urls.sessions import public_urls

    for session in (public_site.keynote, public_site.draft_session):
        session.transcript.save("t.vtt", ContentFile(VTT))
        SessionAttachment.objects.create(
            session=session, title="Slides", file=SimpleUploadedFile("s.pdf", pdf_bytes())
        )
    urls = [url for url in public_urls(public_site.event) if "transcript" in url or "attach" in url]
    public = SessionAttachment.objects.get(session=public_site.keynote)
    assert urls == ["/tc24/sessions/keynote/transcript.vtt", public.get_absolute_url()]
