from django.urls import include, path

from website.views import quote_cards as quote_card_views
from website.views import sessions as views

app_name = "programme"

urlpatterns = [
    path("", include("website.urls.schedule_exports")),
    path("<slug:event>/sessions/<slug:slug>/", views.session_detail, name="session-detail"),
    path(
        "<slug:event>/sessions/<slug:slug>/transcript.vtt",
        views.session_transcript,
        name="session-transcript",
    ),
    path(
        "<slug:event>/sessions/<slug:slug>/attachments/<int:pk>/<str:filename>",
        views.session_attachment,
        name="session-attachment",
    ),
    path("<slug:event>/quotes/", views.quote_list, name="quote-list"),
    path("<slug:event>/quotes/<int:pk>/", views.quote_detail, name="quote-detail"),
    path(
        "<slug:event>/quotes/<int:pk>/card.png",
        quote_card_views.quote_card,
        name="quote-card",
    ),
]
