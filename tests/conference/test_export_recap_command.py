"""``manage.py export_recap``: files written whole, clear errors, nothing written on error."""

import io
import os

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.factories import DayFactory, SessionFactory
from tests.public_site import DRAFT_MARK


def export(*args):
    """Runs the command with arguments as typed on the command line; returns its output."""
    out = io.StringIO()
    call_command("export_recap", *map(str, args), stdout=out)
    return out.getvalue()


def test_export_recap_writes_a_day_as_markdown_with_links_from_base_url(public_site, tmp_path):
    target = tmp_path / "day1.md"

    output = export(
        "tc24", "--day", 1, "--format", "md", "--output", target,
        "--base-url", "https://recaps.example.org",
    )

    text = target.read_text()
    assert text.startswith("# TC24 Day 1 recap")
    assert "(https://recaps.example.org/speakers/tina-nabatchi/)" in text
    assert DRAFT_MARK not in text
    assert "Day 1, Thursday 5 September 2024: 2 sessions, 1 quote" in output
    assert f"Wrote {target}" in output


def test_export_recap_links_default_to_the_site_url_setting(public_site, tmp_path, settings):
    settings.SITE_URL = "https://conference.example"

    export("tc24", "--day", 1, "--format", "md", "--output", tmp_path / "r.md")

    assert "(https://conference.example/tc24/day-1/)" in (tmp_path / "r.md").read_text()


def test_export_recap_links_use_the_public_base_url_over_the_site_url(
    public_site, tmp_path, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.PUBLIC_BASE_URL = "https://conference.example"

    export("tc24", "--day", 1, "--format", "md", "--output", tmp_path / "r.md")

    text = (tmp_path / "r.md").read_text()
    assert "(https://conference.example/tc24/day-1/)" in text
    assert "127.0.0.1" not in text


def test_export_recap_writes_every_published_day_with_a_progress_line_each(public_site, tmp_path):
    SessionFactory(day=DayFactory(event=public_site.event, number=3), title="Closing plenary")

    output = export("tc24", "--format", "pdf", "--output", tmp_path)

    target = tmp_path / "tc24-recap.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Closing plenary" in text and "Of Clocks and Clouds" in text
    assert output.count(": ") >= 2 and "Day 3" in output and "Day 1" in output
    assert [p.name for p in tmp_path.iterdir()] == ["tc24-recap.pdf"]  # no temporary left


def test_export_recap_replaces_an_existing_file(public_site, tmp_path):
    target = tmp_path / "recap.html"
    target.write_text("old")

    export("tc24", "--day", 1, "--format", "html", "--output", target)

    assert "Leave our world more beautiful" in target.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--format", "md"], "No published event with the slug “nope”"),
        (["secret-conf", "--format", "md"], "No published event with the slug “secret-conf”"),
        (["tc24", "--day", 9, "--format", "md"], "has no published day 9"),
        (["tc24", "--day", 2, "--format", "md"], "has no published day 2"),  # a draft
        (["tc24", "--day", 1, "--format", "docx"], "invalid choice: 'docx'"),
    ],
)
def test_export_recap_refuses_bad_input_and_writes_nothing(public_site, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        export(*args, "--output", tmp_path / "out")

    assert list(tmp_path.iterdir()) == []


def test_export_recap_refuses_a_missing_folder(public_site, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        export("tc24", "--day", 1, "--format", "md", "--output", tmp_path / "missing" / "r.md")

    assert list(tmp_path.iterdir()) == []


def test_export_recap_refuses_an_unwritable_folder(public_site, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # tests may run as root

    with pytest.raises(CommandError, match="not writable"):
        export("tc24", "--day", 1, "--format", "md", "--output", tmp_path / "r.md")

    assert list(tmp_path.iterdir()) == []


def test_export_recap_leaves_no_partial_file_when_writing_fails(public_site, tmp_path, monkeypatch):
    target = tmp_path / "r.md"
    target.write_text("the previous export")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(CommandError, match="No space left on device"):
        export("tc24", "--day", 1, "--format", "md", "--output", target)

    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]
    assert target.read_text() == "the previous export"
