"""Recap exports: the PDF, the standalone HTML and the Markdown of a day and of an event."""

import io
import re

import lxml.html
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from cms.publishing import Status
from conference.models import Day
from tests.factories import DayFactory, QuoteFactory, SessionFactory, image_upload
from tests.public_site import DRAFT_MARK
from website.exports import FORMATS, day_document, event_document
from website.exports.bundle import zip_files
from website.exports.markdown import escape, render_markdown_document
from website.exports.standalone_html import make_portable, render_standalone_html

BASE = "https://recaps.example.org"


def document_for(day, **kwargs):
    day = Day.objects.with_event().get(pk=day.pk)
    return day_document(day=day, base_url=BASE, **kwargs)


def pdf_text(body: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())  # lines wrap anywhere: compare on single spaces


def pdf_fonts(reader: PdfReader) -> dict[str, bool]:
    """Each font's name, and whether its file is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def pdf_links(reader: PdfReader) -> set[str]:
    return {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }


def markdown_tokens(text: str):
    def walk(tokens):
        for token in tokens:
            yield token
            yield from walk(token.children or [])

    return list(walk(MarkdownIt("commonmark").parse(text)))


# ----- PDF -----


def test_pdf_holds_title_block_quotes_people_and_report_as_real_text(public_site):
    _, text = pdf_text(FORMATS["pdf"].render(document_for(public_site.day)))

    assert "Test Conference 2024" in text
    assert "TC24 Day 1 recap" in text
    assert "Thursday 5 September 2024" in text
    assert "“Leave our world more beautiful than it was left to us”" in text
    assert "Professor Tina Nabatchi" in text and "Syracuse University" in text
    assert "Dr Eleanor Carter" in text and "Government Outcomes Lab" in text
    assert "Of Clocks and Clouds" in text and "Outcomes for health" in text
    assert "The Evolution of Social Outcomes Partnerships in the UK" in text
    assert "Find the full report" in text
    assert "Page 1 of" in text
    assert DRAFT_MARK not in text


def test_pdf_is_a4_with_the_shipped_fonts_embedded(public_site):
    reader, _ = pdf_text(FORMATS["pdf"].render(document_for(public_site.day)))

    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    fonts = pdf_fonts(reader)
    assert any("Recap-Serif" in name for name in fonts), fonts
    assert any("Recap-Sans" in name for name in fonts), fonts
    assert all(fonts.values()), f"not embedded: {fonts}"


def test_pdf_links_are_absolute_and_work(public_site):
    reader, _ = pdf_text(FORMATS["pdf"].render(document_for(public_site.day)))

    links = pdf_links(reader)
    assert f"{BASE}{public_site.tina.get_absolute_url()}" in links
    assert f"{BASE}{public_site.syracuse.get_absolute_url()}" in links
    assert f"{BASE}{public_site.keynote.get_absolute_url()}" in links
    assert public_site.report.url in links
    assert all(link.startswith(("https://", "http://", "mailto:")) for link in links), links


def test_pdf_has_running_heads_on_pages_after_the_first(public_site):
    from tests.public_site import grow_programme

    grow_programme(public_site, 12)
    reader, _ = pdf_text(FORMATS["pdf"].render(document_for(public_site.day)))

    assert len(reader.pages) > 1
    first, second = (" ".join(page.extract_text().split()) for page in reader.pages[:2])
    assert "Page 1 of" in first and "Page 2 of" in second
    squeezed = second.replace(" ", "")  # kerning in small print can split words
    assert "TC24Day1recap" in squeezed and "TestConference2024" in squeezed


def test_pdf_fetches_nothing_outside_the_project(public_site, monkeypatch):
    from weasyprint.urls import URLFetcher

    fetched = []
    original = URLFetcher.fetch
    monkeypatch.setattr(
        URLFetcher, "fetch", lambda self, url, headers=None: fetched.append(url) or original(
            self, url, headers
        )
    )
    public_site.day.recap_intro = "See ![a tracker](https://tracker.example/pixel.png)."
    public_site.day.save()

    FORMATS["pdf"].render(document_for(public_site.day))

    assert fetched, "the fonts should have been fetched"
    assert all(url.startswith("file://") and url.endswith(".ttf") for url in fetched), fetched


def test_pdf_fetcher_refuses_network_and_other_files():
    from website.exports.pdf import _fetcher

    fetcher = _fetcher()
    for url in ("https://example.org/font.ttf", "file:///etc/passwd", "ftp://example.org/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# ----- Standalone HTML -----


def test_standalone_html_is_self_contained_with_absolute_links(public_site):
    html = render_standalone_html(document_for(public_site.day)).decode()

    assert "<style>" in html and 'style="' in html  # in a style element and copied inline
    assert "<link" not in html and "<script" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs
    assert all(href.startswith(("https://", "http://", "mailto:", "#")) for href in hrefs), hrefs
    assert f'href="{BASE}{public_site.tina.get_absolute_url()}"' in html
    assert "Leave our world more beautiful than it was left to us" in html
    assert "Professor Tina Nabatchi" in html and "Syracuse University" in html
    assert DRAFT_MARK not in html


def test_standalone_html_images_inline_or_absolute(public_site):
    event = public_site.event
    event.banner = image_upload("banner.jpg")
    event.save()

    inline = render_standalone_html(document_for(public_site.day)).decode()
    absolute = render_standalone_html(document_for(public_site.day, images="absolute")).decode()

    assert 'src="data:image/jpeg;base64,' in inline
    assert f'src="{BASE}{event.banner.url}"' in absolute


def test_portable_html_keeps_in_page_anchors_and_external_links(public_site):
    document = document_for(public_site.day)
    html = '<p><a href="#session-x">a</a> <a href="/speakers/y/">b</a> <a href="https://e.org/">c</a>'

    portable = make_portable(html, document, images="absolute")

    assert 'href="#session-x"' in portable
    assert f'href="{BASE}/speakers/y/"' in portable
    assert 'href="https://e.org/"' in portable


def test_document_refuses_an_unknown_image_mode(public_site):
    with pytest.raises(ValueError, match="images must be one of"):
        document_for(public_site.day, images="embedded")


# ----- Markdown -----


def test_markdown_has_headings_quotes_with_attribution_and_links(public_site):
    text = render_markdown_document(document_for(public_site.day)).decode()

    assert text.startswith("# TC24 Day 1 recap\n")
    assert f"## [1.0 Of Clocks and Clouds]({BASE}/tc24/sessions/keynote/)" in text
    assert (
        "> “Leave our world more beautiful than it was left to us”\n>\n"
        "> — Professor Tina Nabatchi, Syracuse University"
    ) in text
    assert f"[Professor Tina Nabatchi]({BASE}/speakers/tina-nabatchi/)" in text
    assert f"[Find the full report]({public_site.report.url})" in text
    assert "Prof Nabatchi explored **accountability** in partnerships." in text
    assert DRAFT_MARK not in text
    types = {token.type for token in markdown_tokens(text)}
    assert {"heading_open", "blockquote_open", "link_open"} <= types


def test_markdown_report_without_link_leads_to_its_publisher(public_site):
    public_site.report.url = ""
    public_site.report.save()
    public_site.golab.website = "https://golab.example.org/"
    public_site.golab.save()

    text = render_markdown_document(document_for(public_site.day)).decode()

    assert "[Find the report at GO Lab](https://golab.example.org/) (the publisher’s website)" in (
        text
    )
    assert f"({BASE}{public_site.report.get_absolute_url()})" not in text.split("Edited by")[-1]


def test_markdown_has_no_raw_html_whatever_editors_type(public_site):
    public_site.day.recap_intro = 'Hi <script>alert("x")</script> & <b>bold</b> &amp; <div>x</div>'
    public_site.day.save()
    public_site.keynote.title = "<img src=x onerror=alert(1)> *Stars* [link](javascript:x)"
    public_site.keynote.save()
    QuoteFactory(session=public_site.keynote, speaker=None, attribution="<b>X</b>", text="<script>")

    text = render_markdown_document(document_for(public_site.day)).decode()

    tokens = markdown_tokens(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")], text
    rendered = MarkdownIt("commonmark").render(text)
    assert "<script" not in rendered and "<img" not in rendered
    assert "“&lt;script&gt;”" in rendered and "— &lt;b&gt;X&lt;/b&gt;" in rendered
    assert "*Stars*" in rendered  # literal, not emphasis
    assert 'href="javascript' not in rendered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("1. not a list", "1\\. not a list"),
        ("a_b*c", "a\\_b\\*c"),
        ("Tom &amp; Jerry & co", "Tom \\&amp; Jerry & co"),
    ],
)
def test_markdown_escape_makes_text_literal(text, expected):
    assert escape(text) == expected


# ----- Drafts and the event-wide document -----


def test_drafts_are_absent_from_every_format(public_site):
    document = document_for(public_site.day)

    for export in FORMATS.values():
        body = export.render(document)
        text = pdf_text(body)[1] if export.key == "pdf" else body.decode()
        assert DRAFT_MARK not in text, export.key


def test_event_document_holds_every_published_day_in_order(public_site):
    second = DayFactory(event=public_site.event, number=3, title="Day 3")
    SessionFactory(day=second, title="Closing plenary")
    DayFactory(event=public_site.event, number=4, status=Status.DRAFT, title="Secret day 4")

    document = event_document(event=public_site.event, base_url=BASE)
    text = render_markdown_document(document).decode()

    assert [recap.day.number for recap in document.recaps] == [1, 3]
    assert text.startswith("# Test Conference 2024 recap\n")
    assert text.index("## TC24 Day 1 recap") < text.index("## TC24 Day 3 recap")
    assert "### [1.0 Of Clocks and Clouds]" in text and "Closing plenary" in text
    assert DRAFT_MARK not in text
    _, pdf = pdf_text(FORMATS["pdf"].render(document))
    assert "Test Conference 2024 recap" in pdf and "Closing plenary" in pdf
    assert DRAFT_MARK not in pdf


def test_zip_bundle_is_deterministic():
    files = [("a.md", b"# A\n"), ("b.md", b"# B\n")]

    assert zip_files(files) == zip_files(files)


def test_pdf_long_unbroken_text_gets_break_opportunities_but_links_do_not():
    from website.exports.pdf import ZERO_WIDTH_SPACE, with_break_opportunities

    long_url = "https://example.org/" + "a" * 80
    html = with_break_opportunities(
        f'<p><a href="{long_url}">{"x" * 100}</a> short\x0b words {"y" * 50}</p>'
    )
    assert f'href="{long_url}"' in html
    assert ("x" * 40 + ZERO_WIDTH_SPACE) in html
    assert "short words" in html


# ----- The PDF worth sending: cover, contents, key quotes, index, tags, hyphenation -----


@pytest.fixture
def demo_day(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return Day.objects.with_event().get(event__slug="soc24", number=1)


@pytest.fixture
def demo_pdf(demo_day):
    return FORMATS["pdf"].render(day_document(day=demo_day, base_url=BASE))


def test_pdf_opens_with_a_cover_then_contents_with_page_numbers(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    cover, contents = (" ".join(p.extract_text().split()) for p in reader.pages[:2])

    assert "Social Outcomes Conference 2024" in cover and "SOC24 Day 1 recap" in cover
    assert "Accountability, transparency and trust in cross-sector partnerships" in cover
    assert "Organised by Government Outcomes Lab" in cover
    assert f"{BASE}/soc24/day-1/" in cover
    assert "Keynote: accountability" not in cover
    assert contents.startswith("SOC24") or "Contents" in contents
    assert re.search(r"1\.1 Strengthening partnerships .*?\.{3,}\s*\d+", contents)
    assert re.search(r"Key quotes\s*\.{3,}\s*\d+", contents)
    assert re.search(r"Index of people and organisations\s*\.{3,}\s*\d+", contents)


def test_pdf_ends_with_key_quotes_and_an_index_of_people_and_organisations(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    key = next(page for page in pages if "Key quotes" in page and "—" in page)
    index = pages[-1]

    assert "I believe we all have a responsibility" in key  # featured
    assert "you can’t clever your way through complexity" in key  # featured
    assert "any outcomes framework" not in key  # not featured
    assert "Index" in index and "People" in index and "Organisations" in index
    people = re.findall(r"(Dr Joe Abah|Mara Airoldi|Andreea Anastasiu|Michael Peoples)", index)
    assert people[:4] == ["Dr Joe Abah", "Mara Airoldi", "Andreea Anastasiu", "Michael Peoples"]
    assert re.search(r"Syracuse University \d+", index)


def test_pdf_is_tagged_with_language_and_title(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    root = reader.trailer["/Root"]

    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == (
        "Social Outcomes Conference 2024: Day 1 recap, Thursday 5 September 2024"
    )


def test_pdf_breaks_words_only_where_they_hyphenate(demo_pdf, demo_day):
    from website.exports.pdf import TEMPLATE
    from website.exports.standalone_html import document_html

    reader = PdfReader(io.BytesIO(demo_pdf))
    html = document_html(
        day_document(day=demo_day, base_url=BASE), stylesheet="", images="inline",
        template=TEMPLATE,
    )
    printed = lxml.html.fromstring(html).text_content()
    words = {word.casefold() for word in re.findall(r"[\w’']+", printed)}
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert re.search(r"[a-z]‐\n[a-z]", text), "running text hyphenates"
    text = re.sub(r"‐\n", "", text)  # hyphenated breaks rejoined
    text = re.sub(r"\b([A-Z]) (?=[a-z])", r"\1", text)  # "T eam": kerning in the text layer
    # A word cut in two without a hyphen: the halves are no words, together they are one.
    broken = [
        match.group(0)
        for match in re.finditer(r"([\w’']+)\n([\w’']+)", text)
        if (match.group(1) + match.group(2)).casefold() in words
        and not {match.group(1).casefold(), match.group(2).casefold()} <= words
    ]
    assert not broken, broken


def test_pdf_last_page_is_not_left_nearly_empty(demo_day, demo_pdf, monkeypatch):
    from website.exports import pdf

    loose = PdfReader(io.BytesIO(demo_pdf))
    monkeypatch.setattr(pdf, "MIN_LAST_PAGE_FILL", 1.01)  # every last page counts as empty

    tight = PdfReader(
        io.BytesIO(FORMATS["pdf"].render(day_document(day=demo_day, base_url=BASE)))
    )

    assert len(tight.pages) < len(loose.pages)
    assert "Index" in tight.pages[-1].extract_text()
