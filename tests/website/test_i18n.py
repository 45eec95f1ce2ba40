"""The public interface in English (/tc24/...) and French (/fr/tc24/...): every interface
string translated, the language in the URL, hreflang alternates, the switcher, the sitemap,
the page cache and the exports."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from lxml import etree

from sessions.models import Session
from sessions.schedule.importer import _kind
from website.templatetags.conference_tags import british_date

pytestmark = pytest.mark.django_db

PO_FILE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# The public pages of tests/public_site.py, by their English path.
PAGES = [
    "/",
    "/tc24/",
    "/tc24/programme/",
    "/tc24/programme/now/",
    "/tc24/day-1/",
    "/tc24/sessions/keynote/",
    "/tc24/quotes/",
    "/speakers/",
    "/speakers/tina-nabatchi/",
    "/organisations/",
    "/organisations/go-lab/",
    "/reports/",
    "/reports/evolution/",
    "/topics/",
    "/search/?q=trust",
    "/accessibility/",
    "/tc24/agenda/",
    "/tc24/embed/",
    "/tc24/programme/now/screen/",
]

# English interface strings of those pages (templates and views), none of them content of
# the test site: a French page that shows one has a string nobody marked for translation.
ENGLISH_INTERFACE = [
    "Skip to main content",
    "Accessibility statement",
    "Session times are given in each event’s local time zone",
    "programmes, day recaps, speakers, quotes and reports",
    "Speakers",
    "Reports",
    "Search",
    "Home",
    "Day by day",
    "Featured quotes",
    "See the programme",
    "Reports launched",
    "In numbers",
    "Venue",
    "Time zone",
    "Organiser",
    "All times are in the event’s time zone",
    "Take the programme with you",
    "Add to calendar",
    "Show sessions",
    "Session type",
    "All topics",
    "All types",
    "Now and next",
    "My agenda",
    "Read the recap",
    "Add to my agenda",
    "Download this recap",
    "All days of",
    "In this recap",
    "Watch the recording",
    "Recording",
    "Speakers of this session",
    "What was said",
    "Quote page",
    "Next session",
    "Previous session",
    "When",
    "Where",
    "Filter quotes",
    "Show quotes",
    "All speakers",
    "All sessions",
    "Website",
    "Sessions and quotes",
    "Part of",
    "People",
    "Their sessions",
    "Edited by",
    "Launched at",
    "Find the report at",
    "Contributors",
    "Published",
    "Report launched",
    "No topics yet",
    "result for",
    "results for",
    "Search sessions, recaps, people",
    "How accessible this website is",
    "Feedback and contact information",
    "Your agenda is empty",
    "Back to the programme",
    "Times in",
    "On now",
    "Up next",
    "Keynote speaker",
    "Chair",
    "Panellist",
    "Deep dive",
    "Morning",
    "Parallel Sessions",
    *["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    *["January", "February", "March", "April", "June", "July", "August", "September"],
    *["October", "November", "December"],
    "Breadcrumb",
    "Days of the programme",
    "matching session",
]


class _VisibleText(HTMLParser):
    """What a reader sees or hears of a page: text outside scripts and styles, and the
    alt, title, aria-label and meta content attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attributes = dict(attrs)
        for name in ("alt", "title", "aria-label"):
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "meta" and attributes.get("name") == "description":
            self.parts.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _shows(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text) is not None


def _french_msgids() -> list[str]:
    """Plain interface strings of the .po (no placeholders, no markup, more than one word)
    whose French differs from the English."""
    return [
        entry.msgid
        for entry in polib.pofile(str(PO_FILE))
        if not entry.msgid_plural
        and "%" not in entry.msgid
        and "<" not in entry.msgid
        and " " in entry.msgid
        and entry.msgstr != entry.msgid
    ]


@pytest.mark.parametrize("path", PAGES)
def test_french_pages_show_no_english_interface_string(client, public_site, path):
    response = client.get(f"/fr{path}")
    assert response.status_code == 200, path
    html = response.content.decode()
    assert '<html lang="fr"' in html
    text = _visible(html)
    leftovers = [s for s in {*ENGLISH_INTERFACE, *_french_msgids()} if _shows(text, s)]
    assert leftovers == [], path


@pytest.mark.parametrize("path", PAGES)
def test_english_pages_stay_english(client, public_site, path):
    html = client.get(path).content.decode()
    assert '<html lang="en-GB"' in html
    text = _visible(html)
    assert not _shows(text, "Aller au contenu principal"), path
    assert not _shows(text, "Déclaration d’accessibilité"), path


def test_french_404_page_is_french(client, db):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    text = _visible(response.content.decode())
    assert "Nous n’avons pas trouvé cette page" in text
    assert "We couldn’t find that page" not in text


def test_french_dates_and_labels(client, public_site):
    text = _visible(client.get("/fr/tc24/day-1/").content.decode())
    with translation.override("fr"):
        date = british_date(public_site.day.date)
    assert date in text
    weekdays = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
    assert date.split()[0] in weekdays
    assert "Conférencier principal" in text  # Tina's role in the keynote
    assert "Présidence" in text  # Eleanor chairs it


def test_french_page_links_stay_in_french(client, public_site):
    html = client.get("/fr/tc24/programme/").content.decode()
    assert 'href="/fr/tc24/sessions/keynote/"' in html
    assert 'href="/fr/speakers/tina-nabatchi/"' in html
    english = client.get("/tc24/programme/").content.decode()
    assert 'href="/tc24/sessions/keynote/"' in english
    assert 'href="/fr/tc24/sessions/keynote/"' not in english.replace(
        'hreflang="fr" lang="fr" rel="alternate"', ""
    )


def test_switcher_links_the_same_page_in_the_other_language(client, public_site):
    english = client.get("/tc24/sessions/keynote/").content.decode()
    assert (
        '<a href="/fr/tc24/sessions/keynote/" hreflang="fr" lang="fr" rel="alternate">'
        "Français</a>"
    ) in english
    assert '<span aria-current="true" lang="en-GB">English</span>' in english
    french = client.get("/fr/tc24/sessions/keynote/").content.decode()
    assert (
        '<a href="/tc24/sessions/keynote/" hreflang="en-GB" lang="en-GB" rel="alternate">'
        "English</a>"
    ) in french
    assert '<span aria-current="true" lang="fr">Français</span>' in french


def test_switcher_keeps_the_query(client, public_site):
    html = client.get("/speakers/?letter=N").content.decode()
    assert 'href="/fr/speakers/?letter=N"' in html


@pytest.mark.parametrize("path", ["/tc24/day-1/", "/fr/tc24/day-1/"])
def test_every_page_names_its_translations_in_its_head(client, public_site, path):
    html = client.get(path).content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="alternate" hreflang="en-GB" href="http://testserver/tc24/day-1/">' in head
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/tc24/day-1/">' in head
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/tc24/day-1/">'
    ) in head


def test_social_tags_name_the_page_locale(client, public_site):
    french = client.get("/fr/tc24/").content.decode()
    assert '<meta property="og:locale" content="fr_FR">' in french
    assert '<meta property="og:locale:alternate" content="en_GB">' in french
    english = client.get("/tc24/").content.decode()
    assert '<meta property="og:locale" content="en_GB">' in english


def test_unprefixed_pages_are_english_whatever_the_browser_asks(client, public_site):
    text = _visible(client.get("/tc24/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Day by day" in text
    assert "Jour par jour" not in text


def test_page_cache_keeps_each_language_apart(client, public_site):
    english = client.get("/tc24/")
    french = client.get("/fr/tc24/")
    assert english["X-Page-Cache"] == "miss"
    assert french["X-Page-Cache"] == "miss"
    english_hit = client.get("/tc24/", HTTP_ACCEPT_LANGUAGE="fr")
    french_hit = client.get("/fr/tc24/")
    assert english_hit["X-Page-Cache"] == "hit"
    assert french_hit["X-Page-Cache"] == "hit"
    assert "Day by day" in english_hit.content.decode()
    assert "Jour par jour" in french_hit.content.decode()
    assert "Day by day" not in french_hit.content.decode()


SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def test_sitemap_lists_each_page_in_each_language_with_alternates(client, public_site):
    tree = etree.fromstring(client.get("/sitemap.xml").content)
    locations = {loc.text for loc in tree.findall(".//s:loc", SITEMAP_NS)}
    assert "http://testserver/tc24/sessions/keynote/" in locations
    assert "http://testserver/fr/tc24/sessions/keynote/" in locations
    assert not any("secret" in location for location in locations)
    url = next(
        u
        for u in tree.findall("s:url", SITEMAP_NS)
        if u.findtext("s:loc", namespaces=SITEMAP_NS) == "http://testserver/fr/tc24/day-1/"
    )
    alternates = {
        link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
    }
    assert alternates == {
        "en": "http://testserver/tc24/day-1/",
        "fr": "http://testserver/fr/tc24/day-1/",
        "x-default": "http://testserver/tc24/day-1/",
    }


def test_french_feed_and_recap_exports(client, public_site):
    feed = client.get("/fr/feeds/recaps.atom").content.decode()
    assert "comptes rendus des journées" in feed
    markdown = client.get("/fr/tc24/day-1/recap.md").content.decode()
    assert "TC24, compte rendu du Day 1" in markdown  # "Day 1" is the day's own title
    assert "Exporté depuis" in markdown
    assert "Exported from" not in markdown
    html = client.get("/fr/tc24/day-1/recap.html").content.decode()
    assert '<html lang="fr">' in html
    assert "Exporté depuis" in html
    english = client.get("/tc24/day-1/recap.md").content.decode()
    assert "TC24 Day 1 recap" in english


def test_french_agenda_refusal_message(client, public_site):
    response = client.get("/fr/tc24/agenda/?add=nonsense")
    text = _visible(response.content.decode())
    assert "Cette session n’existe pas dans ce programme." in text
    assert "Votre agenda n’a pas été modifié" in text


def test_importer_reads_english_kinds_whatever_the_language():
    with translation.override("fr"):
        assert _kind("Deep dive") == Session.Kind.DEEP_DIVE
        assert _kind("Panel") == Session.Kind.PANEL


def test_french_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(PO_FILE))
    assert len(po) > 300
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    mo = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(PO_FILE.with_suffix(".mo")))}
    for entry in po.translated_entries():
        compiled = mo.get((entry.msgctxt, entry.msgid))
        assert compiled is not None, f"{entry.msgid!r} is not in django.mo: run make messages"
        if entry.msgid_plural:
            assert compiled.msgstr_plural == entry.msgstr_plural, entry.msgid
        else:
            assert compiled.msgstr == entry.msgstr, entry.msgid


def test_agenda_script_gets_the_pages_words(client, public_site):
    french = client.get("/fr/tc24/programme/").content.decode()
    assert 'data-agenda-add="Ajouter à mon agenda"' in french
    assert 'data-agenda-added="Ajoutée à votre agenda."' in french
    english = client.get("/tc24/programme/").content.decode()
    assert 'data-agenda-remove="Remove from my agenda"' in english
