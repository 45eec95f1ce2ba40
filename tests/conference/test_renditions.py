"""Renditions: made once, kept in media storage, rebuilt when the original or focal point moves."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from PIL import Image, ImageStat

from cms import renditions
from cms.renditions import get_renditions
from tests.factories import OrganisationFactory, SpeakerFactory, image_upload


@pytest.fixture(autouse=True)
def _empty_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _path(rendition):
    return Path(settings.MEDIA_ROOT) / rendition.url.removeprefix(settings.MEDIA_URL)


def _brightness(rendition):
    with Image.open(_path(rendition)) as image:
        return ImageStat.Stat(image.convert("L")).mean[0]


def _render(source, **context):
    return Template("{% load media_tags %}" + source).render(Context(context))


@pytest.mark.django_db
def test_speaker_renditions_square_and_never_upscaled():
    speaker = SpeakerFactory(photo=image_upload(size=(400, 200)))

    result = get_renditions(speaker.photo, "speaker")

    assert [(r.width, r.height) for r in result] == [(160, 160), (200, 200)]
    for rendition in result:
        with Image.open(_path(rendition)) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == "JPEG"


@pytest.mark.django_db
def test_default_renditions_keep_aspect_ratio_and_format():
    logo = image_upload("logo.png", image_format="PNG", size=(1600, 800))
    organisation = OrganisationFactory(logo=logo)

    result = get_renditions(organisation.logo, "default")

    assert [(r.width, r.height) for r in result] == [(320, 160), (640, 320), (1280, 640)]
    assert all(r.url.startswith("/media/renditions/") and r.url.endswith(".png") for r in result)


@pytest.mark.django_db
def test_speaker_crop_follows_focal_point():
    # The test image runs from dark on the left to bright on the right.
    speaker = SpeakerFactory(photo=image_upload(size=(400, 200)), photo_focal_x=0.0)
    left = _brightness(get_renditions(speaker.photo, "speaker")[0])

    speaker.photo_focal_x = 1.0
    right = _brightness(get_renditions(speaker.photo, "speaker")[0])

    speaker.photo_focal_x = 0.5
    centre = _brightness(get_renditions(speaker.photo, "speaker")[0])

    assert left < 80 < centre < 175 < right


@pytest.mark.django_db
def test_renditions_built_once_then_found(monkeypatch):
    speaker = SpeakerFactory(photo=image_upload(size=(800, 800)))
    first = get_renditions(speaker.photo, "speaker")

    def must_not_build(*args):
        raise AssertionError("renditions rebuilt although the original did not change")

    monkeypatch.setattr(renditions, "_build", must_not_build)

    assert get_renditions(speaker.photo, "speaker") == first


@pytest.mark.django_db
def test_renditions_rebuilt_when_original_changes():
    speaker = SpeakerFactory(photo=image_upload(size=(800, 800)))
    old = get_renditions(speaker.photo, "speaker")
    original = Path(speaker.photo.path)
    original.write_bytes(image_upload(size=(300, 300)).read())
    later = time.time() + 60
    os.utime(original, (later, later))

    new = get_renditions(speaker.photo, "speaker")

    assert [r.width for r in new] == [160, 300]
    assert {r.url for r in new}.isdisjoint(r.url for r in old)
    assert not any(_path(r).exists() for r in old)


@pytest.mark.django_db
def test_presets_of_one_image_kept_side_by_side():
    speaker = SpeakerFactory(photo=image_upload(size=(800, 400)))
    square = get_renditions(speaker.photo, "speaker")

    get_renditions(speaker.photo, "default")

    assert all(_path(r).exists() for r in square)


@pytest.mark.django_db
def test_renditions_of_missing_original_empty():
    speaker = SpeakerFactory(photo=image_upload())
    Path(speaker.photo.path).unlink()

    assert get_renditions(speaker.photo, "speaker") == []
    assert _render('{% rendition photo "speaker" %}', photo=speaker.photo) == ""


@pytest.mark.django_db
def test_rendition_tag_outputs_responsive_img(django_assert_num_queries):
    speaker = SpeakerFactory(name='Ann "Danger" <Smith>', photo=image_upload(size=(700, 900)))

    with django_assert_num_queries(0):
        html = _render('{% rendition photo "speaker" class="portrait" %}', photo=speaker.photo)

    small, medium, large = get_renditions(speaker.photo, "speaker")
    assert html.startswith(f'<img src="{large.url}" ')
    assert f'srcset="{small.url} 160w, {medium.url} 320w, {large.url} 640w"' in html
    assert 'sizes="10rem" width="640" height="640"' in html
    assert 'alt="Ann &quot;Danger&quot; &lt;Smith&gt;"' in html
    assert 'class="portrait"' in html
    assert 'loading="lazy"' in html


@pytest.mark.django_db
def test_srcset_tag_with_empty_alt_and_own_sizes():
    organisation = OrganisationFactory(logo=image_upload(size=(500, 100)))

    html = _render('{% srcset logo alt="" sizes="50vw" %}', logo=organisation.logo)

    assert ' 320w, ' in html and ' 500w"' in html
    assert 'sizes="50vw" width="500" height="100" alt=""' in html


@pytest.mark.django_db
def test_rendition_tag_without_image_renders_nothing():
    speaker = SpeakerFactory()

    assert _render('{% rendition photo "speaker" %}', photo=speaker.photo) == ""
