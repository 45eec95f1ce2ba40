"""Report pages."""

from django.http import Http404
from django.shortcuts import render

from website.metadata import description
from website.selectors import reports as selectors
from website.structured_data.people import item_list
from website.structured_data.reports import report as report_data


def report_list(request):
    reports = selectors.report_list()
    json_ld = item_list("Reports", reports, request.build_absolute_uri)
    context = {
        "reports": reports,
        "json_ld": json_ld,
        "page_title": "Reports",
        "description": "Reports launched at our conferences, with their editors and summaries.",
    }
    return render(request, "reports/report_list.html", context)


def report_detail(request, slug):
    report = selectors.report_page(slug=slug)
    if report is None:
        raise Http404("No published report here.")
    json_ld = report_data(report, request.build_absolute_uri)
    context = {
        "report": report,
        "json_ld": json_ld,
        "page_title": report.full_title,
        "description": description(report.summary, f"{report.full_title}, a report."),
        "og_type": "article",
        "og_image": request.build_absolute_uri(report.cover.url) if report.cover else "",
    }
    return render(request, "reports/report_detail.html", context)
