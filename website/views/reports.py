"""Report pages."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cms.caching import page_cache
from reports.models import Report
from website.metadata import description
from website.pages import render_page
from website.selectors import reports as selectors
from website.structured_data.people import item_list
from website.structured_data.reports import report as report_data


@page_cache(lists=True)
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


@require_safe
def report_pdf(request, slug):
    """The uploaded PDF of a public report; a draft's is not found, whoever asks.

    The file lives in private storage, outside ``MEDIA_URL``, so this is its only address.
    """
    report = get_object_or_404(Report.objects.public().exclude(pdf=""), slug=slug)
    response = FileResponse(
        report.pdf.open("rb"), content_type="application/pdf", filename=f"{report.slug}.pdf"
    )
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
