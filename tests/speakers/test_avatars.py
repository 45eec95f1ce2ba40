"""Speaker photos, or initials in a coloured circle, on speaker pages and the speaker list."""

import re

import pytest

from tests.factories import image_upload
from website.templatetags.conference_tags import avatar_tone, initials

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_a_speaker_with_a_photo_shows_it_square_with_alt_text(client, public_site):
    tina = public_site.tina
    tina.photo = image_upload("tina.jpg", size=(300, 200))
    tina.save()

    main = _main(client.get(tina.get_absolute_url()).content.decode())

    img = re.search(r'<img src="(/media/renditions/[^"]+)"[^>]*>', main)
    assert img, main[:2000]
    assert 'alt="Photo of Professor Tina Nabatchi"' in img[0]
    assert 'class="avatar avatar--large"' in img[0]
    assert re.search(r'width="(\d+)" height="\1"', img[0])  # a square crop
    assert "avatar--initials" not in main


def test_a_speaker_without_a_photo_gets_initials_hidden_from_screen_readers(client, public_site):
    main = _main(client.get(public_site.eleanor.get_absolute_url()).content.decode())

    tone = avatar_tone("Eleanor Carter")
    assert (
        f'<span class="avatar avatar--large avatar--initials avatar--tone-{tone}" '
        'aria-hidden="true">EC</span>'
    ) in main
    assert "<h1>Dr Eleanor Carter</h1>" in main  # the name stays as text


def test_the_speaker_list_shows_photos_and_initials_beside_the_names(client, public_site):
    tina = public_site.tina
    tina.photo = image_upload("tina.jpg")
    tina.save()

    main = _main(client.get("/speakers/").content.decode())

    rows = re.findall(r"<li>(.*?)</li>", main, re.S)
    tina_row = next(row for row in rows if "Tina Nabatchi" in row)
    eleanor_row = next(row for row in rows if "Eleanor Carter" in row)
    assert re.search(r'<img src="/media/renditions/[^"]+"[^>]*alt=""[^>]*avatar--small', tina_row)
    assert 'aria-hidden="true">EC</span>' in eleanor_row


def test_biographies_are_shown_on_the_speaker_page(client, public_site):
    main = _main(client.get(public_site.tina.get_absolute_url()).content.decode())
    assert "Studies <em>trust</em>." in main


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Tina Nabatchi", "TN"), ("Chih Hoong Sin", "CS"), ("ángel zapata", "ÁZ"), ("Plato", "P"),
     ("", "")],
)
def test_initials_are_the_first_and_last_words_first_letters(name, expected):
    assert initials(name) == expected


def test_a_name_keeps_its_tone_and_tones_stay_in_range():
    assert avatar_tone("Eleanor Carter") == avatar_tone("Eleanor Carter")
    assert {avatar_tone(f"Person {n}") for n in range(50)} <= set(range(6))
