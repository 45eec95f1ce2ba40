"""An Organiser builds a small event through the admin and publishes it, every click,
typed field, pick and page load counted: 4 organisations, 6 people, 2 days, 3 rooms,
6 sessions, 3 quotes and 1 report in at most 120 actions; then the public pages show it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_ACTIONS = 120
ORGANISATIONS = ["Outcomes Lab", "City Council", "Impact Fund", "Civic Trust"]
PEOPLE = [  # name, organisation
    ("Amara Okafor", "Outcomes Lab"),
    ("Ben Hartley", "City Council"),
    ("Chloe Marsh", "Impact Fund"),
    ("Dev Patel", "Civic Trust"),
    ("Elin Rhys", "Outcomes Lab"),
    ("Farid Nasser", "City Council"),
]
ROOMS = ["Main Hall", "Room A", "Room B"]
DAYS = {  # day: sessions as (title, start, end, room)
    1: [
        ("Opening keynote", "09:30", "10:30", "Main Hall"),
        ("Outcomes funds in practice", "11:00", "12:00", "Room A"),
        ("Measuring what matters", "11:00", "12:00", "Room B"),
    ],
    2: [
        ("Commissioning for trust", "09:30", "10:30", "Main Hall"),
        ("Data for public good", "11:00", "12:00", "Room A"),
        ("Closing plenary", "14:00", "15:00", "Main Hall"),
    ],
}
QUOTES = {  # session title: quote by its speaker
    "Opening keynote": "Trust is built in the small print of every contract.",
    "Measuring what matters": "Count the outcomes people feel, not the outputs we report.",
    "Closing plenary": "Partnerships outlast the programmes that start them.",
}


class Actions:
    """The page, with every editor action counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def load(self, path):
        self.count += 1
        self.page.goto(path)

    def click(self, locator):
        self.count += 1
        locator.click()

    def type(self, locator, text):
        """One typed field; "change" is what leaving it sends (slugs fill in from titles)."""
        self.count += 1
        locator.fill(text)
        locator.dispatch_event("change")

    def choose(self, locator, label):
        """One pick in a plain select."""
        self.count += 1
        locator.select_option(label=label)

    def pick(self, container, text):
        """An autocomplete: open it, click the option (two actions)."""
        self.click(container.locator(".select2-selection").first)
        self.click(self.page.locator(".select2-results__option", has_text=text).first)

    def save(self, name="Save"):
        self.click(self.page.get_by_role("button", name=name, exact=True).first)
        expect(self.page.locator(".messagelist li.success")).to_be_visible()


def _organiser():
    """A staff user in the Organiser group (rebuilt when a transactional test before this
    one flushed the groups the data migrations made)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="Organiser")
    if created:
        apps = ["conference", "speakers", "programme", "reports", "cms", "taggit"]
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    user = get_user_model().objects.create_user(
        username="walk-organiser", password="walk-password", is_staff=True
    )
    user.groups.add(group)


def test_organiser_builds_and_publishes_a_small_event_in_120_actions(
    chromium, live_server, transactional_db
):
    from conference.models import Day, Event
    from sessions.models import Session

    _organiser()
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}
    )
    act = Actions(context.new_page())
    page = act.page

    act.load("/admin/login/")
    act.type(page.get_by_label("Username"), "walk-organiser")
    act.type(page.get_by_label("Password"), "walk-password")
    act.click(page.get_by_role("button", name="Log in"))
    expect(page).to_have_url(re.compile(r"/admin/$"))

    act.load("/admin/conference/organisation/add/")
    for name in ORGANISATIONS:
        act.type(page.locator("#id_name"), name)
        act.save("Save and add another")

    act.load("/admin/speakers/speaker/add/")
    for name, organisation in PEOPLE:
        act.type(page.locator("#id_name"), name)
        act.pick(page.locator("#affiliations-0"), organisation)
        act.save("Save and add another")

    act.load("/admin/conference/event/add/")
    act.type(page.locator("#id_name_en"), "Outcomes Forum 2025")
    act.type(page.locator("#id_start_date"), "10/03/2025")
    act.type(page.locator("#id_end_date"), "11/03/2025")
    for index, room in enumerate(ROOMS):
        act.type(page.locator(f"#id_rooms-{index}-name"), room)
    act.save("Save and continue editing")
    event = Event.objects.get(slug="outcomes-forum-2025")

    for number, sessions in DAYS.items():
        if number == 1:  # the day the event's save made, opened from the event's page
            act.click(page.locator("#days-0 a.inlinechangelink"))
        else:
            act.load(f"/admin/conference/day/{Day.objects.get(event=event, number=2).pk}/change/")
        for index, (title, start, end, room) in enumerate(sessions):
            act.type(page.locator(f"#id_sessions-{index}-title"), title)
            act.type(page.locator(f"#id_sessions-{index}-start"), start)
            act.type(page.locator(f"#id_sessions-{index}-end"), end)
            act.choose(page.locator(f"#id_sessions-{index}-room"), room)
        act.save("Save and continue editing")

    titles = [title for sessions in DAYS.values() for title, *_ in sessions]
    for title, (person, _organisation) in zip(titles, PEOPLE, strict=True):
        session = Session.objects.get(day__event=event, title=title)
        act.load(f"/admin/programme/session/{session.pk}/change/")
        act.pick(page.locator("#participations-0"), person)
        if title in QUOTES:
            act.type(page.locator("#id_quotes-0-text"), QUOTES[title])
            act.pick(page.locator("#quotes-0"), person)
        act.save()

    act.load("/admin/reports/report/add/")
    act.type(page.locator("#id_title_en"), "Outcomes Forum 2025: what we learned")
    act.choose(page.locator("#id_event"), "Outcomes Forum 2025")
    act.pick(page.locator(".field-publisher"), "Civic Trust")
    act.save()

    act.load("/admin/conference/event/")
    act.click(page.locator(f'input[name="_selected_action"][value="{event.pk}"]'))
    act.choose(page.locator('select[name="action"]'), "Publish or schedule with contents")
    act.click(page.get_by_role("button", name="Go"))
    act.save("Yes, publish or schedule them all")

    actions = act.count
    context.close()
    assert actions <= MAX_ACTIONS, f"{actions} actions"

    public = chromium.new_context(base_url=live_server.url).new_page()
    for number, sessions in DAYS.items():
        public.goto(f"/outcomes-forum-2025/programme/day-{number}/")
        for title, start, _end, room in sessions:
            expect(public.locator("main")).to_contain_text(title)
            expect(public.locator("main")).to_contain_text(start)
            expect(public.locator("main")).to_contain_text(room)
    public.goto("/outcomes-forum-2025/sessions/opening-keynote/")
    expect(public.locator("main")).to_contain_text("Amara Okafor")
    expect(public.locator("main")).to_contain_text(QUOTES["Opening keynote"])
    public.goto("/reports/outcomes-forum-2025-what-we-learned/")
    expect(public.locator("main")).to_contain_text("Civic Trust")
    public.context.close()
