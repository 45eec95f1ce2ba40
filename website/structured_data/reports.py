"""schema.org Report."""

from website.structured_data.people import organization, with_context


def report(report, absolute) -> dict:
    data = {
        "@type": "Report",
        "name": report.title,
        "headline": report.full_title,
        "url": absolute(report.get_absolute_url()),
        "editor": [
            {
                "@type": "Person",
                "name": editor.speaker.full_name,
                "url": absolute(editor.speaker.get_absolute_url()),
            }
            for editor in report.report_editors.all()
        ],
    }
    if report.subtitle:
        data["alternativeHeadline"] = report.subtitle
    if report.publisher_id:
        data["publisher"] = organization(report.publisher, absolute)
    if report.publication_date:
        data["datePublished"] = report.publication_date.isoformat()
    if report.cover:
        data["image"] = absolute(report.cover.url)
    if report.pdf:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": absolute(report.get_pdf_url()),
            "encodingFormat": "application/pdf",
        }
    if report.url:
        data["sameAs"] = report.url
    return with_context(data)
