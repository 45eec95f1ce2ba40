"""Report pages."""

from django.http import Http404

from website.metadata import description
from website.pages import render_page
from website.selectors import reports as selectors
from website.structured_data.people import item_list
from website.structured_data.reports import report as report_data


def report_list(request):
    reports = selectors.report_list()
    return render_page(
        request,
        "reports/report_list.html",
        title="Reports",
        description="Reports launched at our conferences, with their editors and summaries.",
        structured_data=item_list("Reports", reports, request.build_absolute_uri),
        reports=reports,
    )


def report_detail(request, slug):
    report = selectors.report_page(slug=slug)
    if report is None:
        raise Http404("No published report here.")
    return render_page(
        request,
        "reports/report_detail.html",
        title=report.full_title,
        description=description(report.summary, f"{report.full_title}, a report."),
        structured_data=report_data(report, request.build_absolute_uri),
        og_type="article",
        og_image=request.build_absolute_uri(report.cover.url) if report.cover else "",
        report=report,
    )
