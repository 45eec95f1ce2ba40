"""The static-site export: every public page, relative links, no drafts, deterministic,
and an all-or-nothing replacement of the target."""

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.publishing import Status
from cms.static_site.links import Linker
from cms.static_site.render import Renderer
from cms.static_site.rewrite import Rewriter
from tests.factories import EventFactory, image_upload
from tests.public_site import DRAFT_MARK
from website.site_export import export_site

ROOT = Path(__file__).resolve().parents[2]
SERVER_NAMES = (b"testserver", b"localhost", b"127.0.0.1", b"site-export.invalid")


def export(event, target: Path, **options) -> Path:
    call_command("export_site", event.slug, "--output", str(target), stdout=_Sink(), **options)
    return target


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def digests(root: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files_of(root).items()}


def local_links(root: Path) -> list[tuple[Path, str]]:
    """Every href, src and srcset URL of every page that is not an outside address."""
    links = []
    for page in sorted(root.rglob("*.html")):
        doc = lxml.html.document_fromstring(page.read_text())
        urls = doc.xpath("//@href | //@src")
        urls += [c.split()[0] for s in doc.xpath("//@srcset") for c in s.split(",") if c.strip()]
        for url in urls:
            parts = urlsplit(url)
            if not parts.scheme and not parts.netloc and parts.path:
                links.append((page, url))
    return links


@pytest.fixture
def site(public_site):
    public_site.tina.photo = image_upload("tina.jpg", size=(800, 600))
    public_site.tina.save()
    return public_site


@pytest.fixture
def exported(site, tmp_path):
    return export(site.event, tmp_path / "site")


def test_export_site_writes_every_public_page_and_data_export(site, exported):
    quote = site.quote.pk
    expected = [
        "index.html",
        "tc24/index.html",
        "tc24/programme/index.html",
        "tc24/day-1/index.html",
        "tc24/sessions/keynote/index.html",
        "tc24/sessions/health/index.html",
        "tc24/quotes/index.html",
        f"tc24/quotes/{quote}/index.html",
        f"tc24/quotes/{quote}/card.png",
        "speakers/index.html",
        "speakers/tina-nabatchi/index.html",
        "speakers/eleanor-carter/index.html",
        "organisations/index.html",
        "organisations/syracuse/index.html",
        "organisations/go-lab/index.html",
        "organisations/bsg/index.html",
        "reports/index.html",
        "reports/evolution/index.html",
        "topics/index.html",
        "topics/trust/index.html",
        "topics/health/index.html",
        "tc24/programme.ics",
        "tc24/day-1/programme.ics",
        "tc24/sessions/keynote/session.ics",
        "speakers/tina-nabatchi/sessions.ics",
        "tc24/schedule.xml",
        "tc24/schedule.json",
        "tc24/sessions.csv",
        "tc24/speakers.csv",
        "static/css/site.css",
    ]
    missing = [name for name in expected if not (exported / name).is_file()]
    assert missing == []
    assert "Of Clocks and Clouds" in (exported / "tc24/sessions/keynote/index.html").read_text()
    assert any(name.startswith("media/") for name in files_of(exported))


def test_export_site_has_no_broken_link_nor_server_address(exported):
    links = local_links(exported)
    broken = [
        (page.relative_to(exported).as_posix(), url)
        for page, url in links
        if url.startswith("/") or not (page.parent / unquote(urlsplit(url).path)).is_file()
    ]
    assert broken == []
    targets = {urlsplit(url).path.rsplit(".", 1)[-1] for _, url in links}
    assert {"html", "css", "jpg"} <= targets
    leaks = [
        (name, server) for name, data in files_of(exported).items() for server in SERVER_NAMES
        if server in data
    ]
    assert leaks == []


def test_export_site_links_pages_relatively(exported):
    page = (exported / "tc24/sessions/keynote/index.html").read_text()
    assert 'href="../../../speakers/tina-nabatchi/index.html"' in page
    assert 'href="../../../static/css/site.css"' in page
    assert 'href="../../day-1/index.html"' in page


def test_export_site_leaves_out_every_draft(site, exported):
    found = [name for name, data in files_of(exported).items() if DRAFT_MARK.encode() in data]
    assert found == []
    assert not (exported / "speakers/secret-person").exists()
    assert not (exported / "organisations/secret-org").exists()
    assert not (exported / "tc24/day-2").exists()
    assert not (exported / f"tc24/sessions/{site.draft_session.slug}").exists()


def test_export_site_drops_forms_query_links_and_server_metadata(exported):
    for page in exported.rglob("*.html"):
        doc = lxml.html.document_fromstring(page.read_text())
        assert doc.xpath("//form") == [], page
        local = [url for url in doc.xpath("//a/@href") if not urlsplit(url).scheme]
        assert [url for url in local if "?" in url] == [], page
        assert doc.xpath("//link[@rel='canonical'] | //meta[@property='og:url']") == [], page
        assert doc.xpath("//script[@type='application/ld+json']") == [], page
    nav = (exported / "index.html").read_text()
    assert "<a>Search</a>" in nav or "Search" not in nav


def test_export_site_data_exports_use_root_paths_without_base_url(exported):
    calendar = (exported / "tc24/sessions/keynote/session.ics").read_text()
    assert "URL:/tc24/sessions/keynote/" in calendar.replace("\r\n ", "")


def test_export_site_base_url_makes_metadata_and_data_absolute(site, tmp_path):
    root = export(site.event, tmp_path / "site", base_url="https://archive.example.org/tc/")
    page = lxml.html.document_fromstring((root / "tc24/sessions/keynote/index.html").read_text())
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "https://archive.example.org/tc/tc24/sessions/keynote/"
    ]
    structured = page.xpath("//script[@type='application/ld+json']/text()")[0]
    assert "https://archive.example.org/tc/speakers/tina-nabatchi/" in structured
    calendar = (root / "tc24/sessions/keynote/session.ics").read_text().replace("\r\n ", "")
    assert "URL:https://archive.example.org/tc/tc24/sessions/keynote/" in calendar
    assert "https://archive.example.org/tc/tc24/" in (root / "tc24/schedule.xml").read_text()
    quote = next(root.glob("tc24/quotes/*/index.html")).read_text()
    assert "linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Farchive.example.org%2Ftc" in quote


def test_export_site_without_base_url_leaves_out_share_links(exported):
    quote = next(exported.glob("tc24/quotes/*/index.html")).read_text()
    assert "linkedin.com" not in quote and "data-share" not in quote
    assert 'download="quote-' in quote


def test_export_site_is_byte_identical_twice(site, tmp_path):
    first = digests(export(site.event, tmp_path / "one"))
    second = digests(export(site.event, tmp_path / "two"))
    assert first == second


def test_export_site_zip_is_deterministic_and_sorted(site, tmp_path):
    export(site.event, tmp_path / "unused")  # renditions exist before either zip is made
    call_command("export_site", "tc24", "--zip", str(tmp_path / "a.zip"), stdout=_Sink())
    call_command("export_site", "tc24", "--zip", str(tmp_path / "b.zip"), stdout=_Sink())
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert "tc24/day-1/index.html" in names
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "b.zip", "unused"]


def test_export_site_replaces_the_previous_export(site, exported):
    (exported / "stale.html").write_text("old")
    export(site.event, exported)
    assert not (exported / "stale.html").exists()
    assert (exported / "tc24/index.html").is_file()
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_export_site_failure_keeps_the_previous_export(site, exported, monkeypatch):
    before = digests(exported)
    real_get = Renderer.get
    calls = []

    def failing_get(self, path):
        calls.append(path)
        if len(calls) == 5:
            raise RuntimeError("rendering failed")
        return real_get(self, path)

    monkeypatch.setattr(Renderer, "get", failing_get)
    with pytest.raises(RuntimeError):
        export(site.event, exported)
    assert digests(exported) == before
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_export_site_shows_progress(site, tmp_path):
    out = _Sink()
    call_command("export_site", "tc24", "--output", str(tmp_path / "site"), stdout=out)
    assert "\rRendering [------------------------------] 1/" in out.text
    assert re.search(r"\rLinking   \[#{30}\] (\d+)/\1 pages\n", out.text)
    assert "Exported " in out.text


def test_export_site_unknown_event_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="no event with the slug “nope”"):
        call_command("export_site", "nope", "--output", str(tmp_path / "site"))
    assert list(tmp_path.iterdir()) == []


def test_export_site_draft_event_is_an_error(db, tmp_path):
    EventFactory(slug="draft-event", status=Status.DRAFT)
    with pytest.raises(CommandError, match="not published"):
        call_command("export_site", "draft-event", "--output", str(tmp_path / "site"))
    assert list(tmp_path.iterdir()) == []


def test_export_site_target_that_is_a_file_is_an_error(event, tmp_path):
    (tmp_path / "site").write_text("keep me")
    with pytest.raises(CommandError, match="is a file"):
        call_command("export_site", event.slug, "--output", str(tmp_path / "site"))
    assert (tmp_path / "site").read_text() == "keep me"


def test_export_site_missing_or_unwritable_parent_is_an_error(event, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_site", event.slug, "--output", str(tmp_path / "no" / "site"))
    monkeypatch.setattr("website.site_export.export.os.access", lambda path, mode: False)
    with pytest.raises(CommandError, match="Cannot write in"):
        call_command("export_site", event.slug, "--zip", str(tmp_path / "site.zip"))
    assert list(tmp_path.iterdir()) == []


def test_export_site_bad_base_url_is_an_error(event, tmp_path):
    with pytest.raises(CommandError, match="not a base URL"):
        call_command(
            "export_site", event.slug, "--output", str(tmp_path / "s"), base_url="archive.org"
        )


def test_export_site_needs_a_published_event(db, tmp_path):
    event = EventFactory(status=Status.DRAFT)
    with pytest.raises(Exception, match="drafts are never exported"):
        export_site(event, output=tmp_path / "site")


def test_export_site_of_the_demo_has_no_broken_link(db, tmp_path):
    call_command("load_demo", stdout=_Sink())
    root = tmp_path / "soc24"
    call_command("export_site", "soc24", "--output", str(root), stdout=_Sink())
    broken = [
        (page.relative_to(root).as_posix(), url)
        for page, url in local_links(root)
        if not (page.parent / unquote(urlsplit(url).path)).is_file()
    ]
    assert broken == []
    recap = (root / "soc24/day-1/index.html").read_text()
    assert "Nabatchi" in recap
    assert (root / "speakers/tina-nabatchi/index.html").is_file()
    assert (root / "soc24/schedule.xml").is_file()


def test_rewriter_links_data_exports_and_unwraps_pages_left_out():
    linker = Linker("https://site-export.invalid")
    files = {"/tc24/schedule.xml": "tc24/schedule.xml", "/tc24/": "tc24/index.html"}
    rewriter = Rewriter(
        linker, lambda target: None if target.query else files.get(target.path), base_url=""
    )
    body = (
        b'<!doctype html><html><body><a href="/tc24/schedule.xml">XML</a>'
        b'<a href="https://site-export.invalid/tc24/#days">Event</a>'
        b'<a href="/tc24/?page=2">Next</a><a href="/search/">Search</a>'
        b'<a href="https://example.org/x?y=1">Out</a><a href="mailto:a@example.org">Mail</a>'
        b'<form role="search" action="/search/"><input name="q"></form></body></html>'
    )
    page = rewriter.html(body, "/tc24/day-1/", "tc24/day-1/index.html").decode()
    assert '<a href="../schedule.xml">XML</a>' in page
    assert '<a href="../index.html#days">Event</a>' in page
    assert "<a>Next</a><a>Search</a>" in page
    assert '<a href="https://example.org/x?y=1">Out</a>' in page
    assert '<a href="mailto:a@example.org">Mail</a>' in page
    assert "<form" not in page


def test_export_site_query_count_is_a_few_per_file(site, tmp_path):
    with CaptureQueriesContext(connection) as queries:
        summary = export_site(site.event, output=tmp_path / "site")
    print(f"{len(queries)} queries for {summary.files} files")
    assert len(queries) < 10 * summary.files


def test_export_site_has_the_recap_downloads(exported):
    for name in ("tc24/day-1/recap.pdf", "tc24/recap.pdf", "tc24/day-1/recap.md"):
        assert (exported / name).is_file(), name
    assert (exported / "tc24/day-1/recap.pdf").read_bytes().startswith(b"%PDF")
    recap = (exported / "tc24/day-1/index.html").read_text()
    assert 'href="recap.pdf"' in recap


def test_export_site_without_pdf_leaves_the_pdf_links_without_href(site, tmp_path):
    root = export(site.event, tmp_path / "site", without_pdf=True)
    assert list(root.rglob("*.pdf")) == []
    assert (root / "tc24/day-1/recap.md").is_file()
    doc = lxml.html.document_fromstring((root / "tc24/day-1/index.html").read_text())
    pdf_links = [a for a in doc.xpath("//a[@download]") if a.text_content().startswith("PDF")]
    assert pdf_links and all(a.get("href") is None for a in pdf_links)
    assert [url for _, url in local_links(root) if ".pdf" in url] == []


def test_export_site_renders_in_this_process_inside_a_transaction(site, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "cms.static_site.workers.multiprocessing.get_context",
        lambda method: pytest.fail("forked although the test's transaction holds the data"),
    )
    summary = export_site(site.event, output=tmp_path / "site", jobs=2)
    assert summary.pages > 10


@pytest.fixture
def demo_environment(tmp_path):
    """Environment for commands in a subprocess: the demo in a file SQLite database, which
    worker processes can open (the tests' in-memory database cannot be shared)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PAGE_STORE_ROOT=str(tmp_path / "pages"),  # the export reads and fills this store
        CACHE_URL="locmemcache://export",
    )
    for command in (["migrate", "-v0"], ["load_demo"]):
        run_manage(env, *command)
    return env


def run_manage(env: dict, *command: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout


def test_export_site_in_two_workers_gives_the_same_bytes_as_in_one(demo_environment, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_manage(demo_environment, "export_site", "soc24", "--output", str(one), "--jobs", "1")
    out = run_manage(demo_environment, "export_site", "soc24", "--output", str(two), "--jobs", "2")
    assert "Exported " in out and "Linked but not exported" not in out
    assert digests(one) == digests(two)
    assert (two / "soc24/day-1/recap.pdf").is_file()
    assert (two / "soc24/day-1/index.html").is_file()
