"""Home, event and error pages, and the layout every page shares."""

import datetime as dt
import html as html_module
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from cms.publishing import Status
from tests.factories import (
    AffiliationFactory,
    DayFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    QuoteFactory,
    ReportEditorFactory,
    ReportFactory,
    SessionFactory,
)

# Each with one query for the site identity, which a cold cache has not kept yet.
LIST_QUERY_BUDGET = 5
EVENT_QUERY_BUDGET = 10


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def make_event(year, **kwargs):
    event = EventFactory(
        name=f"Conference {year}",
        slug=f"conf{year}",
        start_date=dt.date(year, 9, 5),
        end_date=dt.date(year, 9, 6),
        **kwargs,
    )
    DayFactory(event=event, number=1)
    DayFactory(event=event, number=2, status=Status.DRAFT)
    return event


def test_home_puts_the_next_event_first_and_earlier_editions_below(client, db):
    make_event(2023)
    make_event(2099, theme="The future")
    make_event(2024)

    html = main_html(client.get(reverse("conference:home")))

    assert html.index("Conference 2099") < html.index("Earlier editions")
    assert html.index("Earlier editions") < html.index("Conference 2024")
    assert html.index("Conference 2024") < html.index("Conference 2023")
    assert "Next event" in html and "The future" in html


def test_home_links_every_published_day_recap(client, db):
    event = make_event(2024)

    html = main_html(client.get(reverse("conference:home")))

    assert f'href="{reverse("conference:day-recap", args=[event.slug, 1])}"' in html
    assert reverse("conference:day-recap", args=[event.slug, 2]) not in html
    assert "Thursday 5 September 2024" in html


def test_home_hides_draft_events(client, db):
    make_event(2024)
    make_event(2025, status=Status.DRAFT)

    html = client.get(reverse("conference:home")).content.decode()

    assert "Conference 2024" in html
    assert "Conference 2025" not in html


def test_home_without_events_says_so(client, db):
    assert "No events have been published yet." in main_html(client.get(reverse("conference:home")))


@pytest.mark.parametrize("events", [1, 30])
def test_home_query_count_is_constant(client, db, events, django_assert_max_num_queries):
    for n in range(events):
        make_event(1980 + n)  # all in the past: each edition lists its recap

    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        response = client.get(reverse("conference:home"))

    assert main_html(response).count("recap<span") == events


def make_event_content(event, sessions=1):
    day = DayFactory(event=event, number=1)
    org = OrganisationFactory(name="Government Outcomes Lab")
    for n in range(sessions):
        session = SessionFactory(day=day, title=f"Session {n}")
        for m in range(2):
            affiliation = AffiliationFactory(organisation=org if m == 0 else OrganisationFactory())
            ParticipationFactory(session=session, speaker=affiliation.speaker, order=m)
        QuoteFactory(
            session=session, speaker=affiliation.speaker, text=f"Featured {n}.", featured=True
        )
        QuoteFactory(session=session, text=f"Ordinary {n}.")
    report = ReportFactory(event=event, title="Evolution of partnerships", contributors_count=26)
    ReportEditorFactory(report=report, speaker__name="Andreea Anastasiu")
    return day


def test_event_page_shows_facts_days_featured_quotes_reports_and_counts(client, event):
    event.theme = "Accountability and trust"
    event.venue = "Blavatnik School of Government, Oxford"
    event.format = "hybrid"
    event.save()
    make_event_content(event, sessions=2)
    SessionFactory(day=event.days.get(), title="Hidden", status=Status.DRAFT)

    html = main_html(client.get(event.get_absolute_url()))

    assert "<h1>Test Conference 2024</h1>" in html
    assert "Accountability and trust" in html
    assert "Thursday 5 September 2024 to Friday 6 September 2024" in html
    assert "Blavatnik School of Government, Oxford" in html and "Hybrid" in html
    assert reverse("conference:day-recap", args=[event.slug, 1]) in html
    assert "Featured 0." in html and "Featured 1." in html
    assert "Ordinary 0." not in html
    assert "Evolution of partnerships" in html and "Andreea Anastasiu" in html
    assert "<strong>2</strong> sessions" in html
    # Quoted people and the report's editor are the event's people too, as on the lists.
    assert "<strong>7</strong> speakers" in html
    assert "<strong>3</strong> organisations" in html
    assert "Hidden" not in html


def test_event_page_counts_match_the_event_people_and_organisation_lists(client, event):
    make_event_content(event, sessions=3)
    speakers = main_html(client.get(reverse("speakers:speaker-list")))
    organisations = main_html(client.get(reverse("speakers:organisation-list")))

    html = main_html(client.get(event.get_absolute_url()))

    listed_people = speakers.count('class="speaker-line__name"')
    listed_organisations = organisations.count('class="entity-list__meta"')
    assert listed_people == 10  # two per session, a quoted person per session, the editor
    assert f"<strong>{listed_people}</strong> speakers" in html
    assert f"<strong>{listed_organisations}</strong> organisations" in html


def test_event_page_leaves_out_draft_quotes_and_reports(client, event):
    day = make_event_content(event)
    session = day.sessions.get()
    QuoteFactory(session=session, text="Draft words.", featured=True, status=Status.DRAFT)
    ReportFactory(event=event, title="Embargoed", status=Status.DRAFT)

    html = main_html(client.get(event.get_absolute_url()))

    assert "Draft words." not in html
    assert "Embargoed" not in html


def test_event_page_of_draft_or_unknown_event_is_not_found(client, event):
    assert client.get("/no-such-event/").status_code == 404
    event.status = Status.DRAFT
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("sessions", [1, 40])
def test_event_page_query_count_is_constant(client, event, sessions, django_assert_max_num_queries):
    make_event_content(event, sessions=sessions)

    with django_assert_max_num_queries(EVENT_QUERY_BUDGET):
        response = client.get(event.get_absolute_url())

    assert main_html(response).count('class="pull-quote"') == sessions


def test_layout_has_landmarks_skip_link_and_one_h1(client, day):
    html = client.get(day.get_absolute_url()).content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<header class="site-header">' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<main id="main"' in html
    assert '<footer class="site-footer">' in html
    assert html.count("<h1") == 1
    assert '<html lang="en-GB">' in html


def test_navigation_links_sections_and_marks_the_current_one(client, db):
    html = client.get(reverse("speakers:speaker-list")).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]

    for name in ("conference:current-programme", "speakers:speaker-list",
                 "speakers:organisation-list", "reports:report-list"):
        assert f'href="{reverse(name)}"' in nav
    assert f'href="{reverse("speakers:speaker-list")}" aria-current="true"' in nav


def test_programme_link_goes_to_the_current_event(client, db):
    make_event(2023)
    current = make_event(2099)

    response = client.get(reverse("conference:current-programme"))

    assert response.status_code == 302
    assert response["Location"] == reverse("conference:programme", args=[current.slug])


def test_programme_link_without_events_goes_home(client, db):
    response = client.get(reverse("conference:current-programme"))
    assert response["Location"] == reverse("conference:home")


def test_not_found_page_uses_the_site_layout(client, db):
    response = client.get("/no-such-event/day-1/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert '<nav class="site-nav"' in html


def test_server_error_page_renders_without_context_or_database():
    # Without the db fixture, any query would raise: the page must not need one.
    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert '<main id="main"' in html


def test_event_page_meta_description_is_the_summary_as_plain_text(client, db):
    summary = "A day on **trust** &amp; outcomes. " + "More words follow here. " * 20
    make_event(2030, summary=summary)

    html = client.get("/conf2030/").content.decode()

    [description] = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert description.startswith("A day on trust &amp; outcomes. More words")
    assert "<strong>" not in description and "**" not in description
    assert len(html_module.unescape(description)) <= 160 + len("…")


def test_home_leads_with_the_current_event_and_its_latest_recap(client, db):
    event = EventFactory(
        name="Conference 2024",
        slug="conf2024",
        start_date=dt.date(2024, 9, 5),
        end_date=dt.date(2024, 9, 6),
    )
    DayFactory(event=event, number=1, recap_intro="The *first* day opened with trust.")
    DayFactory(event=event, number=2, recap_intro="The second day closed on outcomes.")

    html = main_html(client.get(reverse("conference:home")))

    lead = html[html.index('class="home-lead'):]
    assert lead.index("Conference 2024") < lead.index("Latest recap")
    recap = lead[lead.index("Latest recap"):]
    day_2 = reverse("conference:day-recap", args=[event.slug, 2])
    assert f'<a href="{day_2}">Day 2 recap</a>' in recap
    assert "The second day closed on outcomes." in recap
    assert "first day opened" not in recap


def test_home_latest_recap_is_never_a_draft_day(client, db):
    event = make_event(2024)  # day 1 published, day 2 a draft
    event.days.filter(number=2).update(recap_intro="A draft nobody may read.")

    html = main_html(client.get(reverse("conference:home")))

    recap = html[html.index("Latest recap"):]
    day_1 = reverse("conference:day-recap", args=[event.slug, 1])
    assert f'<a href="{day_1}">Day 1 recap</a>' in recap
    assert "draft nobody" not in html


def test_home_shows_no_recap_for_an_event_still_to_come(client, db):
    make_event(2099)
    html = main_html(client.get(reverse("conference:home")))
    assert "Next event" in html and "Latest recap" not in html


def test_home_and_event_page_show_the_event_logo_and_banner(client, db):
    from tests.factories import image_upload

    event = make_event(
        2024,
        banner=image_upload("banner.jpg", size=(1200, 400)),
        logo=image_upload("logo.png", image_format="PNG", size=(200, 80)),
    )
    image = r'<img src="/media/renditions/[^"]+"[^>]*alt=""[^>]*class="{}"'
    for path in ("/", event.get_absolute_url()):
        html = main_html(client.get(path))
        assert re.search(image.format("event-(card__)?banner"), html), path
        assert re.search(image.format("event-logo"), html), path
