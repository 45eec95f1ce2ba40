from django.urls import path

from website.views import reports as views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/<slug:slug>/", views.report_detail, name="report-detail"),
    path("reports/<slug:slug>/report.pdf", views.report_pdf, name="report-pdf"),
]
