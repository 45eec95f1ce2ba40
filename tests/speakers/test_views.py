"""Speaker and organisation pages: only people and organisations of published content."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import ParticipationFactory
from tests.public_site import grow_programme

pytestmark = pytest.mark.django_db

SPEAKERS = reverse("speakers:speaker-list")
ORGANISATIONS = reverse("speakers:organisation-list")


def _json_ld(html):
    return json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))


def test_speaker_list_is_alphabetical_with_organisations(client, public_site):
    html = client.get(SPEAKERS).content.decode()
    assert html.index("Dr Eleanor Carter") < html.index("Professor Tina Nabatchi")
    assert "Syracuse University" in html and "Government Outcomes Lab" in html
    assert "Secret" not in html


def test_speaker_list_filters_by_surname_letter_without_javascript(client, public_site):
    html = client.get(SPEAKERS, {"letter": "n"}).content.decode()
    assert "Tina Nabatchi" in html
    assert "Eleanor Carter" not in html
    assert 'href="?letter=C"' in html and 'href="?letter=E"' not in html  # by surname
    assert 'href="?letter=S"' not in html  # no public S


def test_speaker_list_sorts_by_surname_whatever_case_and_accents(client, public_site):
    session = public_site.keynote
    for name, sort_name in [
        ("ángel zapata", ""), ("Jacqui O’Hanlon", ""), ("Émile Abbott", ""),
        ("Ludwig van Beethoven", "Beethoven Ludwig van"), ("Chih Hoong Sin", ""),
    ]:
        ParticipationFactory(session=session, speaker__name=name, speaker__sort_name=sort_name)

    html = client.get(SPEAKERS).content.decode()

    order = ["Émile Abbott", "Ludwig van Beethoven", "Eleanor Carter", "Tina Nabatchi",
             "Jacqui O’Hanlon", "Chih Hoong Sin", "ángel zapata"]
    main = html[html.index("<main"):]
    assert sorted(order, key=main.index) == order
    letters = re.findall(r'href="\?letter=(\w)"', html)
    assert letters == ["A", "B", "C", "N", "O", "S", "Z"]


@pytest.mark.parametrize(
    "params", [{"letter": "Q"}, {"letter": "<"}, {"page": "abc"}, {"page": "999"}]
)
def test_speaker_list_ignores_bad_input(client, public_site, params):
    response = client.get(SPEAKERS, params)
    assert response.status_code == 200
    assert "Tina Nabatchi" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_speaker_list_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(6):
        assert client.get(SPEAKERS).status_code == 200


def test_speaker_page_shows_bio_affiliations_sessions_and_quotes(client, public_site):
    html = client.get(public_site.tina.get_absolute_url()).content.decode()
    assert "<h1>Professor Tina Nabatchi</h1>" in html
    assert "Studies <em>trust</em>." in html
    assert "Professor, <a href=\"/organisations/syracuse/\">Syracuse University</a>" in html
    assert "Keynote speaker" in html and "/tc24/sessions/keynote/" in html
    assert "Thursday 5 September 2024" in html
    assert "Leave our world more beautiful" in html
    assert "Secret" not in html
    data = _json_ld(html)
    assert data["@type"] == "Person" and data["honorificPrefix"] == "Professor"


def test_speaker_page_lists_reports_edited(client, public_site):
    html = client.get(public_site.eleanor.get_absolute_url()).content.decode()
    assert "The Evolution of Social Outcomes Partnerships in the UK" in html
    assert "Chair" in html and "Panellist" in html


def test_speaker_only_in_drafts_is_not_found(client, public_site):
    assert client.get(public_site.hidden.get_absolute_url()).status_code == 404
    assert client.get("/speakers/nobody/").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_speaker_page_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(8):
        assert client.get(public_site.eleanor.get_absolute_url()).status_code == 200


def test_organisation_list_shows_public_organisations_only(client, public_site):
    html = client.get(ORGANISATIONS).content.decode()
    assert "Government Outcomes Lab" in html and "(GO Lab)" in html
    assert "part of Blavatnik School of Government" in html
    assert "Syracuse University" in html
    assert "Secret" not in html


@pytest.mark.parametrize("extra", [0, 30])
def test_organisation_list_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(4):
        assert client.get(ORGANISATIONS).status_code == 200


def test_organisation_page_shows_people_sessions_reports_and_parent(client, public_site):
    html = client.get(public_site.golab.get_absolute_url()).content.decode()
    assert "Dr Eleanor Carter" in html and "Research Director" in html
    assert "1.0 Of Clocks and Clouds" in html and "1.1 Outcomes for health" in html
    assert "The Evolution of Social Outcomes Partnerships in the UK" in html
    assert 'href="/organisations/bsg/">Blavatnik School of Government' in html
    assert _json_ld(html)["@type"] == "Organization"
    parent = client.get(public_site.school.get_absolute_url()).content.decode()
    assert 'href="/organisations/go-lab/">Government Outcomes Lab' in parent


def test_organisation_only_in_drafts_is_not_found(client, public_site):
    assert client.get(public_site.hidden_org.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_organisation_page_query_count_is_constant(
    client, public_site, extra, django_assert_max_num_queries
):
    grow_programme(public_site, extra)
    with django_assert_max_num_queries(8):
        assert client.get(public_site.golab.get_absolute_url()).status_code == 200


def test_speaker_page_flags_illustrative_times_with_the_programme_note(client, public_site):
    public_site.event.programme_note = "Session times are illustrative."
    public_site.event.save()

    html = client.get(public_site.tina.get_absolute_url()).content.decode()

    assert '<p class="note">Session times are illustrative.</p>' in html


def test_organisation_list_sorts_whatever_the_case(client, public_site):
    from tests.factories import AffiliationFactory

    for name in ["GSG Impact", "accountability lab", "Zeta Foundation"]:
        affiliation = AffiliationFactory(organisation__name=name)
        ParticipationFactory(session=public_site.keynote, speaker=affiliation.speaker)

    main = client.get(ORGANISATIONS).content.decode().split("<main", 1)[1]

    order = ["accountability lab", "Government Outcomes Lab", "GSG Impact", "Zeta Foundation"]
    assert sorted(order, key=main.index) == order
