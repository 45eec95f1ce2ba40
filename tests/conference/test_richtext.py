"""Rich text: editor Markdown becomes safe HTML, and editors (only) get a live preview."""

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cms.richtext import render_markdown
from cms.widgets import MarkdownWidget
from tests.security.html_checks import injections

HOSTILE = {
    "script tag": "Hello <script>alert(1)</script> world",
    "event handler": '<img src="x.png" onerror="alert(1)">',
    "javascript link": '<a href="javascript:alert(1)">click</a>',
    "markdown javascript link": "[click](javascript:alert(1))",
    "obfuscated javascript link": "[click](JaVaScRiPt&#58;alert(1))",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "svg onload": '<svg onload="alert(1)"><circle r="4"/></svg>',
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "markdown image onerror": '![x](x.png" onerror="alert(1))',
    "form": '<form action="https://evil.example/"><input name="password"></form>',
    "attribute list": "A paragraph\n{: onclick=\"alert(1)\" }",
}
FORBIDDEN_TAGS = ("script", "iframe", "svg", "form", "input", "img")


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=list(HOSTILE))
def test_render_markdown_hostile_payload_neutralised(payload):
    html = str(render_markdown(payload))

    assert injections(html) == []
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not [e for e in tree.iter() if e.tag in FORBIDDEN_TAGS or "style" in e.attrib]


def test_render_markdown_script_content_dropped_text_kept():
    html = render_markdown("Hello <script>alert(1)</script> world")

    assert "alert" not in html
    assert "Hello" in html and "world" in html


def test_render_markdown_javascript_link_keeps_text_not_href():
    html = render_markdown("[click me](javascript:alert(1))")

    assert "click me" in html
    assert "href" not in html


def test_render_markdown_external_link_gets_noopener():
    html = render_markdown("See [the report](https://example.org/report).")

    assert '<a href="https://example.org/report" rel="noopener noreferrer">the report</a>' in html


def test_render_markdown_formatting_kept():
    html = render_markdown(
        "## Heading\n\nSome *emphasis*, **strong** and `code`.\n\n- one\n- two\n\n"
        "> A quotation\n\n[mail](mailto:a@example.org) and [page](/speakers/ada/)"
    )

    assert "<h2>Heading</h2>" in html
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert 'href="mailto:a@example.org"' in html and 'href="/speakers/ada/"' in html


def test_render_markdown_empty_text_empty_html():
    assert render_markdown("") == ""


def test_markdown_widget_loads_preview_assets_and_points_at_endpoint():
    widget = MarkdownWidget()

    html = widget.render("bio", "Some *text*")

    assert f'data-markdown-preview-url="{reverse("markdown-preview")}"' in html
    assert "js/markdown-preview.js" in str(widget.media)
    assert "css/markdown-preview.css" in str(widget.media)


def test_preview_for_staff_sanitised_html(editor_client):
    response = editor_client.post(
        reverse("markdown-preview"),
        {"text": "Some *text* <script>alert(1)</script> [x](javascript:alert(2))"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("<p>Some <em>text</em>")
    assert "script" not in body and "javascript" not in body


@pytest.mark.django_db
def test_preview_anonymous_redirected_to_login(client):
    response = client.post(reverse("markdown-preview"), {"text": "*hi*"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_preview_logged_in_non_staff_refused(client):
    user = get_user_model().objects.create_user(username="reader", password="reader-password")
    client.force_login(user)

    response = client.post(reverse("markdown-preview"), {"text": "*hi*"})

    assert response.status_code == 302
    assert "<em>" not in response.content.decode()


def test_preview_get_not_allowed(editor_client):
    assert editor_client.get(reverse("markdown-preview")).status_code == 405


def test_preview_without_csrf_token_refused(editor_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_user)

    response = client.post(reverse("markdown-preview"), {"text": "*hi*"})

    assert response.status_code == 403


def test_preview_too_long_text_refused(editor_client):
    response = editor_client.post(reverse("markdown-preview"), {"text": "a" * 100_001})

    assert response.status_code == 400
    assert "too long to preview" in response.content.decode()
