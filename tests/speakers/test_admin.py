"""Editor admin for people and organisations: pages, photo/logo uploads, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conference.models import Organisation
from speakers.models import Speaker
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    OrganisationFactory,
    SessionFactory,
    SpeakerFactory,
)

SPEAKER_ADD = reverse("admin:speakers_speaker_add")
SPEAKER_LIST = reverse("admin:speakers_speaker_changelist")
ORGANISATION_ADD = reverse("admin:conference_organisation_add")

# Measured at 1 and 100 rows: login session, user, filter choices, counts, rows and the
# prefetched affiliations, the savepoint pair of the revision block; none of them per row.
SPEAKER_CHANGELIST_QUERIES = 12

NOT_IMAGES = [
    pytest.param("photo.jpg", b"just some text, not a picture", "image/jpeg", id="text"),
    pytest.param(
        "photo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
        id="svg",
    ),
]


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def media_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(("name", "content", "content_type"), NOT_IMAGES)
def test_speaker_admin_rejects_photo_that_is_not_an_image(
    admin_submit, settings, tmp_path, name, content, content_type
):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile(name, content, content_type=content_type)

    response = admin_submit(SPEAKER_ADD, {"name": "Ada Lovelace", "slug": "ada", "photo": photo})

    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in response.content.decode()
    assert not Speaker.objects.exists()
    assert media_files(tmp_path) == []


@pytest.mark.parametrize(("name", "content", "content_type"), NOT_IMAGES)
def test_organisation_admin_rejects_logo_that_is_not_an_image(
    admin_submit, settings, tmp_path, name, content, content_type
):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile(name, content, content_type=content_type)
    data = {"name": "GO Lab", "slug": "go-lab", "kind": Organisation.Kind.UNIVERSITY, "logo": logo}

    response = admin_submit(ORGANISATION_ADD, data)

    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in response.content.decode()
    assert not Organisation.objects.exists()
    assert media_files(tmp_path) == []


def test_speaker_admin_saves_person_with_affiliation(admin_submit):
    organisation = OrganisationFactory(name="Blavatnik School of Government")
    data = {
        "honorific": "Professor",
        "name": "Ada Lovelace",
        "slug": "ada-lovelace",
        "photo_focal_x": 0.5,
        "photo_focal_y": 0.3,
        "affiliations-TOTAL_FORMS": 1,
        "affiliations-0-organisation": organisation.pk,
        "affiliations-0-role": "Dean",
        "affiliations-0-order": 0,
    }

    response = admin_submit(SPEAKER_ADD, data)

    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert speaker.full_name == "Professor Ada Lovelace"
    assert str(speaker.affiliations.get()) == "Dean, Blavatnik School of Government"


def test_speaker_changelist_shows_photo_thumbnail_and_affiliations(
    editor_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    speaker = SpeakerFactory(name="Ada Lovelace", photo="speakers/ada.jpg")
    AffiliationFactory(speaker=speaker, role="Dean", organisation__name="GO Lab")

    content = editor_client.get(SPEAKER_LIST).content.decode()

    assert '<img src="/media/speakers/ada.jpg" alt="" height="48" loading="lazy">' in content
    assert "Dean, GO Lab" in content


def make_speakers(count):
    for index in range(count):
        speaker = SpeakerFactory(photo=f"speakers/{index}.jpg")
        AffiliationFactory.create_batch(2, speaker=speaker)


@pytest.mark.parametrize("rows", [1, 100])
def test_speaker_changelist_query_count_does_not_grow(
    editor_client, django_assert_max_num_queries, rows
):
    make_speakers(rows)

    with django_assert_max_num_queries(SPEAKER_CHANGELIST_QUERIES):
        response = editor_client.get(SPEAKER_LIST)

    assert len(response.context["cl"].result_list) == rows


def test_organisation_change_page_shows_people_and_parts(editor_client):
    school = OrganisationFactory(name="Blavatnik School of Government")
    OrganisationFactory(name="Government Outcomes Lab", parent=school)
    AffiliationFactory(organisation=school, speaker__name="Ada Lovelace", role="Dean")

    response = editor_client.get(change_url(school))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in content
    assert "Government Outcomes Lab" in content
    assert "View on site" in content


@pytest.mark.parametrize("model", ["speaker", "organisation"])
def test_autocomplete_finds_people_and_organisations(editor_client, model):
    SpeakerFactory(name="Ada Lovelace")
    OrganisationFactory(name="Ada Institute")
    source = {
        "speaker": {"app_label": "programme", "model_name": "quote", "field_name": "speaker"},
        "organisation": {"app_label": "reports", "model_name": "report", "field_name": "publisher"},
    }[model]

    response = editor_client.get(reverse("admin:autocomplete"), source | {"term": "ada"})

    texts = [result["text"] for result in response.json()["results"]]
    assert texts == (["Ada Lovelace"] if model == "speaker" else ["Ada Institute"])


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("admin:speakers_speaker_changelist", "Ada Lovelace"),
        ("admin:speakers_speaker_add", "Add speaker"),
        ("admin:conference_organisation_changelist", "GO Lab"),
        ("admin:conference_organisation_add", "Add organisation"),
    ],
)
def test_people_admin_list_and_add_pages_load(editor_client, url_name, expected):
    AffiliationFactory(speaker__name="Ada Lovelace", organisation__name="GO Lab")

    response = editor_client.get(reverse(url_name))

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_speaker_change_page_shows_affiliations(editor_client):
    affiliation = AffiliationFactory(
        speaker__name="Ada Lovelace", organisation__name="GO Lab", role="Dean"
    )

    content = editor_client.get(change_url(affiliation.speaker)).content.decode()

    assert "Ada Lovelace" in content
    assert "GO Lab" in content
    assert 'value="Dean"' in content
    assert "View on site" in content


def test_affiliations_of_a_person_for_the_session_form(staff_client, db):
    ada = SpeakerFactory(name="Ada Lovelace")
    dean = AffiliationFactory(
        speaker=ada, role="Dean", organisation=OrganisationFactory(name="Analytical School")
    )
    AffiliationFactory(speaker=SpeakerFactory(name="Someone else"))
    url = reverse("admin:speakers_speaker_affiliations")

    answer = staff_client("Editor").get(url, {"speaker": ada.pk}).json()

    assert answer == {"affiliations": [{"id": dean.pk, "label": "Dean, Analytical School"}]}
    assert staff_client("Editor").get(url, {"speaker": "x"}).json() == {"affiliations": []}


def test_session_form_says_where_a_new_persons_affiliations_come_from(editor_client):
    session = SessionFactory(day=DayFactory())
    page = editor_client.get(reverse("admin:programme_session_change", args=[session.pk]))
    url = reverse("admin:speakers_speaker_affiliations")
    assert f'data-affiliations-url="{url}"' in page.content.decode()
    # The "+" beside the person opens the add-person form as a popup.
    assert 'id="add_id_participations-0-speaker"' in page.content.decode()
